// RTF bodies (RtfBody) against independent answers: [MS-OXRTFEX] section 3.1's
// own example (the source HTML and the RTF an encapsulating writer produces
// for it), the RTF escapes as [MSFT-RTF] defines them, and code-page bytes
// whose Unicode values come from the Windows code page tables (checked with
// python3's codecs: cp1251 E0 = U+0430, A8 = U+0401; cp1252 A8 = U+00A8,
// 80 = U+20AC; cp932 82 A0 = U+3042). Hostile input must end quickly with
// valid UTF-8, never crash.
#include <QElapsedTimer>
#include <QtTest>

#include <string>

#include "parsers/outlook/rtf_body.h"

using harrier::parsers::outlook::RtfBody;
using harrier::parsers::outlook::RtfContent;

namespace {

std::string joinLines(std::initializer_list<const char *> lines) {
    // The spec prints the RTF one line per row; a writer ends rows with CRLF,
    // which RTF readers ignore.
    std::string out;
    for (const char *l : lines) {
        if (!out.empty())
            out += "\r\n";
        out += l;
    }
    return out;
}

QString q(const std::string &s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

bool validUtf8(const std::string &s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())).toUtf8() == QByteArray::fromStdString(s);
}

}  // namespace

class TestRtfBody : public QObject {
    Q_OBJECT
private slots:
    void specEncapsulatedHtml() {
        // [MS-OXRTFEX] 3.1 "Encapsulating HTML into RTF", its RTF up to the
        // second paragraph's end (the list that follows adds nothing new).
        const std::string rtf = joinLines({
            R"({\rtf1\ANSI\ansicpg1251\fromhtml1 \deff0)",
            R"({\fonttbl {\f0\fmodern Courier New;}{\f1\fswiss Arial;}{\f2\fswiss\fcharset0 Arial;}})",
            R"({\colortbl\red0\green0\blue0;\red0\green0\blue255;})",
            R"({\*\htmltag64})",
            R"(\uc1\pard\plain\deftab360 \f0\fs24)",
            R"({\*\htmltag <HTML><head>\par)",
            R"(<style>\par)",
            R"(<!--\par)",
            R"(/* Style Definitions */\par)",
            R"(p.MsoNormal, li.MsoNormal \{font-family:Arial;\}\par)",
            R"(-->\par)",
            R"(</style>\par)",
            R"(\tab <!-- This is a HTML comment.\par)",
            R"(There is a horizontal tab (%x09) character before the comment, \par)",
            R"(and some new lines inside the comment. -->\par)",
            R"(</head>\par)",
            R"(<body>\par)",
            R"(<p\par)",
            R"(class="MsoNormal">})",
            R"({\htmlrtf \f1 \htmlrtf0 Note the line break inside a P tag. {\*\htmltag <b>}{\htmlrtf \b \htmlrtf0 This is a bold text{\*\htmltag </b>}} \htmlrtf\par\htmlrtf0})",
            R"(\htmlrtf \par \htmlrtf0)",
            R"({\*\htmltag </p>\par)",
            R"(<p class="MsoNormal">\par})",
            R"({\htmlrtf \f1 \htmlrtf0 This is a normal text with a character references:)",
            R"({\*\htmltag &nbsp;}\htmlrtf \'a0\htmlrtf0  {\*\htmltag &lt;}\htmlrtf <\htmlrtf0  {\*\htmltag &uml;}\htmlrtf {\f2\'a8}\htmlrtf0{\*\htmltag <br>\par}\htmlrtf\line\htmlrtf0)",
            R"(characters which have special meaning in RTF: \{\}\\{\*\htmltag <br>\par}\htmlrtf\line\htmlrtf0\htmlrtf\par\htmlrtf0})",
            R"({\*\htmltag </p>\par}})",
        });
        // The spec's source HTML, with the de-encapsulation rules of 2.2.3.3:
        // \par is CRLF, \tab a tab, \{ \} \\ the characters, \htmlrtf spans
        // (the RTF-only \'a0, "<" and {\f2\'a8} renderings of &nbsp; &lt;
        // &uml;) dropped. Two differences from the source are the spec's own:
        // its RTF says "This is a bold text" and "which" where the HTML says
        // "This is bold text" and "that", and RTF ignores the line break after
        // "references:" (insignificant whitespace, which 1.3 allows to change).
        const std::string html =
            "<HTML><head>\r\n<style>\r\n<!--\r\n/* Style Definitions */\r\n"
            "p.MsoNormal, li.MsoNormal {font-family:Arial;}\r\n-->\r\n</style>\r\n"
            "\t<!-- This is a HTML comment.\r\n"
            "There is a horizontal tab (%x09) character before the comment, \r\n"
            "and some new lines inside the comment. -->\r\n</head>\r\n<body>\r\n<p\r\n"
            "class=\"MsoNormal\">Note the line break inside a P tag. <b>This is a bold text</b> </p>\r\n"
            "<p class=\"MsoNormal\">\r\n"
            "This is a normal text with a character references:&nbsp; &lt; &uml;<br>\r\n"
            "characters which have special meaning in RTF: {}\\<br>\r\n</p>\r\n";
        const RtfContent c = RtfBody::decode(rtf);
        QVERIFY(c.kind == RtfContent::Kind::Html);
        QCOMPARE(q(c.html), q(html));
    }

    void htmlRtfSpansAndTextOutsideTags() {
        // Text between tags is HTML text unless \htmlrtf hides it; \htmlrtf0 ends it,
        // and a group end restores the state the group started with.
        const RtfContent c = RtfBody::decode(
            R"({\rtf1\ansi\fromhtml1 {\*\htmltag19 <html>}{\*\htmltag50 <body>}\htmlrtf {\htmlrtf0 Hello {\*\htmltag84 <b>}\htmlrtf {\b\htmlrtf0 world}\htmlrtf0 {\*\htmltag92 </b>}{\*\htmltag58 </body>}{\*\htmltag27 </html>}})");
        QCOMPARE(q(c.html), QStringLiteral("<html><body>Hello <b>world</b></body></html>"));
        // \mhtmltag (URL-rewritten copy of a tag) is ignored; its \htmltag twin is used.
        const RtfContent m = RtfBody::decode(
            R"({\rtf1\ansi\fromhtml1 {\*\mhtmltag84 <img src="cid:x">}{\*\htmltag84 <img src="x.png">}})");
        QCOMPARE(q(m.html), QStringLiteral("<img src=\"x.png\">"));
    }

    void codePageEscapes() {
        // Default code page from \ansicpg, per-font code page from \fcharset (2.2.3.3:
        // the current font's charset applies to text, the default one inside htmltag).
        const RtfContent c = RtfBody::decode(
            R"({\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0 Arial Cyr;}{\f1\fcharset0 Arial;}{\f2\fcharset128 MS Gothic;}})"
            R"(\f0 \'e0\'a8 {\f1 \'a8\'80} {\f2 \'82\'a0}})");
        QVERIFY(c.kind == RtfContent::Kind::Rtf);
        QCOMPARE(q(c.text), QStringLiteral("\u0430\u0401 \u00a8\u20ac \u3042"));
        // Without \ansicpg the default is 1252; inside an htmltag group the
        // document's code page applies even when the current font says otherwise.
        QCOMPARE(q(RtfBody::decode(R"({\rtf1\ansi \'80})").text), QStringLiteral("\u20ac"));
        const RtfContent h = RtfBody::decode(
            "{\\rtf1\\ansi\\ansicpg1251\\fromhtml1{\\fonttbl{\\f1\\fcharset0 Arial;}}\\f1 {\\*\\htmltag <p title=\"\\'e0\">}\\'e0}");
        QCOMPARE(q(h.html), QStringLiteral("<p title=\"\u0430\">\u00e0"));
    }

    void unicodeEscapesAndSkipCounts() {
        // \uN then \ucN fallback characters skipped (default \uc1); an \'xx
        // fallback counts as one character; negative N is N + 65536.
        QCOMPARE(q(RtfBody::decode(R"({\rtf1\ansi caf\u233e!})").text), QStringLiteral("caf\u00e9!"));
        QCOMPARE(q(RtfBody::decode(R"({\rtf1\ansi\uc2 \u8364??x})").text), QStringLiteral("\u20acx"));
        QCOMPARE(q(RtfBody::decode(R"({\rtf1\ansi\uc0 \u8364 x})").text), QStringLiteral("\u20acx"));
        QCOMPARE(q(RtfBody::decode(R"({\rtf1\ansi \u1078\'e6y})").text), QStringLiteral("\u0436y"));
        QCOMPARE(q(RtfBody::decode(R"({\rtf1\ansi \u-3913?})").text), QString(QChar(0xF0B7)));
        // \uc is group-scoped: {\uc2 ...} does not leak out of its group.
        QCOMPARE(q(RtfBody::decode(R"({\rtf1\ansi {\uc2 \u233ab}\u233cd})").text), QStringLiteral("\u00e9\u00e9d"));
        // Surrogates and out-of-range values become U+FFFD, never invalid UTF-8.
        const RtfContent bad = RtfBody::decode(R"({\rtf1\ansi \u-10240?\u55296?})");
        QCOMPARE(q(bad.text), QStringLiteral("\ufffd\ufffd"));
    }

    void nativeRtfText() {
        // A native RTF body: \par and \line are line breaks, \tab a tab, control
        // symbols \~ \_ are NBSP and non-breaking hyphen, destinations skipped.
        const RtfContent c = RtfBody::decode(
            R"({\rtf1\ansi{\fonttbl{\f0 Arial;}}{\colortbl;\red255\green0\blue0;}{\info{\title Secret}{\author Eve}})"
            R"({\*\generator Riched20;}Hello\par World\tab!\line a\~b\_c {\*\unknowndest hidden} \{x\}\\})");
        QVERIFY(c.kind == RtfContent::Kind::Rtf);
        QCOMPARE(q(c.text), QStringLiteral("Hello\nWorld\t!\na\u00a0b\u2011c  {x}\\"));
    }

    void encapsulatedText() {
        // \fromtext: the original plain text, \par as CRLF (MS-OXRTFEX 2.2.3.3).
        const RtfContent c = RtfBody::decode(
            R"({\rtf1\ansi\ansicpg1252\fromtext \deff0{\fonttbl{\f0\fmodern Courier New;}})"
            "\r\n" R"(\uc1\pard\plain\deftab360 \f0\fs20 Line one\par)" "\r\n" R"(Line\tab two\par)" "\r\n}");
        QVERIFY(c.kind == RtfContent::Kind::Text);
        QCOMPARE(q(c.text), QStringLiteral("Line one\r\nLine\ttwo\r\n"));
    }

    void malformedInputEndsCleanly_data() {
        QTest::addColumn<QByteArray>("rtf");
        QTest::addColumn<QString>("text");
        QTest::newRow("unclosed group") << QByteArray(R"({\rtf1\ansi abc)") << QStringLiteral("abc");
        QTest::newRow("extra closing braces") << QByteArray(R"(}}{\rtf1 x}}}y)") << QStringLiteral("xy");
        QTest::newRow("dangling backslash") << QByteArray(R"({\rtf1 abc\)") << QStringLiteral("abc");
        // A cut \'hh escape is dropped; the stray digit after it stays text.
        QTest::newRow("cut hex escape") << QByteArray(R"({\rtf1 a\'4)") << QStringLiteral("a4");
        QTest::newRow("bad hex escape") << QByteArray(R"({\rtf1 a\'zzb})") << QStringLiteral("azzb");
        QTest::newRow("cut unicode escape") << QByteArray(R"({\rtf1 a\u)") << QStringLiteral("a");
        QTest::newRow("unclosed htmltag") << QByteArray(R"({\rtf1\fromhtml1 {\*\htmltag <p>)") << QStringLiteral("<p>");
        QTest::newRow("NUL bytes") << QByteArray("{\\rtf1 a\0b\\'00c}", 16) << QStringLiteral("a\ufffdb\ufffdc");
    }
    void malformedInputEndsCleanly() {
        QFETCH(QByteArray, rtf);
        QFETCH(QString, text);
        const RtfContent c = RtfBody::decode(std::string_view(rtf.constData(), static_cast<std::size_t>(rtf.size())));
        const std::string &out = c.kind == RtfContent::Kind::Html ? c.html : c.text;
        QVERIFY(validUtf8(out));
        QCOMPARE(q(out), text);
    }

    void hostileInputIsBounded() {
        QElapsedTimer timer;
        timer.start();
        // Nesting far past kMaxDepth, then text, then the closing braces.
        const std::string deep = std::string(200000, '{') + "\\rtf1 deep" + std::string(200000, '}');
        QVERIFY(validUtf8(RtfBody::decode(deep).text));
        // Nesting that never closes, a control word of a megabyte, a huge
        // parameter, a huge \uc, and \' at every position.
        QVERIFY(validUtf8(RtfBody::decode(std::string(1 << 20, '{')).text));
        QVERIFY(validUtf8(RtfBody::decode("{\\rtf1 \\" + std::string(1 << 20, 'a') + " z}").text));
        QVERIFY(validUtf8(RtfBody::decode("{\\rtf1 \\u99999999999999999999 \\uc99999999999 \\u65 abc}").text));
        std::string escapes = "{\\rtf1\\ansicpg932 ";
        for (int i = 0; i < 100000; ++i)
            escapes += "\\'8" + std::string(1, "0123456789abcdef"[i % 16]);
        QVERIFY(validUtf8(RtfBody::decode(escapes).text));
        // Everything above is linear work: seconds would mean a pathological path.
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestRtfBody)
#include "tst_rtf_body.moc"
