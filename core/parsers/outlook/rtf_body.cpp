#include "parsers/outlook/rtf_body.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <vector>

#include "base/percent_encoding.h"

#include "parsers/mail/gmime_util.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::outlook {

namespace {

bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

// RTF \uN and code-page escapes come from hostile input: anything that is not
// a Unicode scalar value (or is NUL) becomes U+FFFD before encoding.
void appendCodePoint(std::string &out, std::uint32_t cp) {
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    support::appendUtf8(out, cp);
}

std::string charsetName(int codepage) {
    if (codepage == 65001)
        return "UTF-8";
    if (codepage >= 1250 && codepage <= 1258)
        return "windows-" + std::to_string(codepage);
    if (codepage == 932)
        return "shift_jis";
    if (codepage == 936)
        return "gbk";
    if (codepage == 949)
        return "euc-kr";
    if (codepage == 950)
        return "big5";
    if (codepage == 10000)
        return "macintosh";
    return codepage > 0 ? "CP" + std::to_string(codepage) : "windows-1252";
}

// Destinations whose text is never part of the body.
bool skippedDestination(std::string_view word) {
    static const char *const names[] = {"fonttbl",  "colortbl", "stylesheet", "info",      "pict",    "object",
                                        "header",   "footer",   "headerl",    "headerr",   "footerl", "footerr",
                                        "themedata", "datastore", "listtable", "listoverridetable", "rsidtbl",
                                        "generator", "xmlnstbl", "latentstyles", "fldinst", "filetbl", "revtbl",
                                        "colorschememapping", "pgdsctbl", "userprops"};
    for (const char *n : names)
        if (word == n)
            return true;
    return false;
}

struct GroupState {
    bool skip = false;       ///< inside a destination that is not body text
    bool htmlTag = false;    ///< inside {\*\htmltagN ...}: copied verbatim
    bool htmlRtf = false;    ///< inside \htmlrtf ... \htmlrtf0: RTF-only rendering
    bool fontTable = false;
    bool starPending = false;  ///< "\*" seen, the next control word names the destination
    int font = -1;
    int uc = 1;
};

class Scanner {
public:
    Scanner(std::string_view rtf, RtfContent::Kind kind) : m_rtf(rtf), m_kind(kind) {}

    std::string run() {
        std::vector<GroupState> stack;
        GroupState st;
        std::size_t skipChars = 0;  // \uN fallback characters still to drop
        std::size_t i = 0;
        const std::size_t n = m_rtf.size();
        while (i < n && m_out.size() < kMaxOutput) {
            const char c = m_rtf[i];
            if (c == '{') {
                if (stack.size() >= static_cast<std::size_t>(RtfBody::kMaxDepth)) {
                    // Too deep for a real document: treat as text-free noise.
                    ++i;
                    continue;
                }
                stack.push_back(st);
                st.starPending = false;
                ++i;
                continue;
            }
            if (c == '}') {
                if (!stack.empty()) {
                    st = stack.back();
                    stack.pop_back();
                }
                skipChars = 0;
                ++i;
                continue;
            }
            if (c == '\r' || c == '\n') {
                ++i;
                continue;
            }
            if (c != '\\') {
                if (skipChars > 0) {
                    --skipChars;
                } else {
                    emitByte(st, static_cast<std::uint8_t>(c));
                }
                ++i;
                continue;
            }
            // A backslash: control symbol or control word.
            if (i + 1 >= n)
                break;
            const char d = m_rtf[i + 1];
            if (!isAlpha(d)) {
                i += 2;
                if (d == '\'') {
                    if (i + 1 < n && hexDigitValue(m_rtf[i]) >= 0 && hexDigitValue(m_rtf[i + 1]) >= 0) {
                        const auto byte = static_cast<std::uint8_t>(hexDigitValue(m_rtf[i]) * 16 + hexDigitValue(m_rtf[i + 1]));
                        i += 2;
                        if (skipChars > 0)
                            --skipChars;
                        else
                            emitByte(st, byte);
                    }
                } else if (d == '*') {
                    st.starPending = true;
                } else if (d == '\\' || d == '{' || d == '}') {
                    if (skipChars > 0)
                        --skipChars;
                    else
                        emitByte(st, static_cast<std::uint8_t>(d));
                } else if (d == '~') {
                    emitCode(st, 0xA0);
                } else if (d == '_') {
                    emitCode(st, 0x2011);
                } else if (d == '\r' || d == '\n') {
                    emitText(st, "\r\n");  // "\<newline>" is \par
                }
                continue;
            }
            std::size_t j = i + 1;
            while (j < n && isAlpha(m_rtf[j]) && j - i < 40)
                ++j;
            const std::string_view word = m_rtf.substr(i + 1, j - i - 1);
            bool hasParam = false;
            long param = 0;
            std::size_t k = j;
            if (k < n && (m_rtf[k] == '-' || isDigit(m_rtf[k]))) {
                const bool negative = m_rtf[k] == '-';
                if (negative)
                    ++k;
                while (k < n && isDigit(m_rtf[k]) && k - j < 11) {
                    param = param * 10 + (m_rtf[k] - '0');
                    ++k;
                }
                hasParam = true;
                if (negative)
                    param = -param;
            }
            if (k < n && m_rtf[k] == ' ')
                ++k;  // the delimiter space belongs to the control word
            i = k;
            controlWord(st, word, hasParam, param, skipChars);
        }
        flush();
        return std::move(m_out);
    }

private:
    static constexpr std::size_t kMaxOutput = 32u << 20;

    bool emitting(const GroupState &st) const {
        if (st.skip || st.fontTable)
            return false;
        if (m_kind == RtfContent::Kind::Rtf)
            return true;
        return st.htmlTag || !st.htmlRtf;
    }

    void controlWord(GroupState &st, std::string_view word, bool hasParam, long param, std::size_t &skipChars) {
        if (st.starPending) {
            st.starPending = false;
            if (word == "htmltag" && m_kind != RtfContent::Kind::Rtf) {
                st.htmlTag = true;
                return;
            }
            st.skip = true;  // an ignorable destination we do not know (\*\mhtmltag too)
            return;
        }
        if (skippedDestination(word)) {
            if (word == "fonttbl")
                st.fontTable = true;
            else
                st.skip = true;
            return;
        }
        if (st.fontTable) {
            if (word == "f" && hasParam)
                m_defFont = static_cast<int>(param);
            else if (word == "fcharset" && hasParam && m_defFont >= 0)
                m_fontCodepage[m_defFont] = RtfBody::codepageForCharset(static_cast<int>(param));
            else if (word == "cpg" && hasParam && m_defFont >= 0)
                m_fontCodepage[m_defFont] = static_cast<int>(param);
            return;
        }
        if (word == "ansicpg" && hasParam) {
            m_defaultCodepage = static_cast<int>(param);
        } else if (word == "f" && hasParam) {
            st.font = static_cast<int>(param);
        } else if (word == "htmlrtf") {
            st.htmlRtf = !hasParam || param != 0;
        } else if (word == "uc" && hasParam) {
            st.uc = static_cast<int>(std::clamp(param, 0L, 8L));
        } else if (word == "u" && hasParam) {
            const long v = param < 0 ? param + 65536 : param;
            emitCode(st, static_cast<std::uint32_t>(v));
            skipChars = static_cast<std::size_t>(st.uc);
        } else if (word == "par" || word == "line") {
            emitText(st, m_kind == RtfContent::Kind::Rtf ? "\n" : "\r\n");
        } else if (word == "tab") {
            emitText(st, "\t");
        } else if (word == "lquote") {
            emitCode(st, 0x2018);
        } else if (word == "rquote") {
            emitCode(st, 0x2019);
        } else if (word == "ldblquote") {
            emitCode(st, 0x201C);
        } else if (word == "rdblquote") {
            emitCode(st, 0x201D);
        } else if (word == "bullet") {
            emitCode(st, 0x2022);
        } else if (word == "endash") {
            emitCode(st, 0x2013);
        } else if (word == "emdash") {
            emitCode(st, 0x2014);
        }
    }

    int codepageFor(const GroupState &st) const {
        // Inside HTMLTAG groups the document's default code page applies (MS-OXRTFEX).
        if (!st.htmlTag && st.font >= 0) {
            const auto it = m_fontCodepage.find(st.font);
            if (it != m_fontCodepage.end() && it->second > 0)
                return it->second;
        }
        return m_defaultCodepage;
    }

    void emitByte(const GroupState &st, std::uint8_t byte) {
        if (!emitting(st))
            return;
        const int cp = codepageFor(st);
        if (cp != m_pendingCodepage)
            flush();
        m_pendingCodepage = cp;
        m_pending.push_back(static_cast<char>(byte));
    }

    void emitText(const GroupState &st, std::string_view s) {
        if (!emitting(st))
            return;
        flush();
        m_out += s;
    }

    void emitCode(const GroupState &st, std::uint32_t cp) {
        if (!emitting(st))
            return;
        flush();
        appendCodePoint(m_out, cp);
    }

    void flush() {
        if (m_pending.empty())
            return;
        bool ascii = true;
        for (char ch : m_pending)
            ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
        if (ascii)
            m_out += m_pending;
        else
            m_out += mail::toUtf8(m_pending, charsetName(m_pendingCodepage).c_str());
        m_pending.clear();
    }

    std::string_view m_rtf;
    RtfContent::Kind m_kind;
    std::string m_out;
    std::string m_pending;
    int m_pendingCodepage = 1252;
    int m_defaultCodepage = 1252;
    int m_defFont = -1;
    std::map<int, int> m_fontCodepage;
};

}  // namespace

int RtfBody::codepageForCharset(int charset) {
    switch (charset) {
    case 0: return 1252;
    case 77: return 10000;
    case 128: return 932;
    case 129: return 949;
    case 134: return 936;
    case 136: return 950;
    case 161: return 1253;
    case 162: return 1254;
    case 163: return 1258;
    case 177: return 1255;
    case 178: return 1256;
    case 186: return 1257;
    case 204: return 1251;
    case 222: return 874;
    case 238: return 1250;
    default: return 0;  // symbol fonts (2) and unknown: the default code page
    }
}

RtfContent RtfBody::decode(std::string_view rtf) {
    mail::ensureGmime();  // code-page conversion goes through GMime's charset tables
    if (rtf.size() > kMaxInput)
        rtf = rtf.substr(0, kMaxInput);
    RtfContent out;
    // \fromhtml1 / \fromtext sit in the header, before any document text.
    const std::string_view header = rtf.substr(0, std::min<std::size_t>(rtf.size(), 4096));
    if (header.find("\\fromhtml1") != std::string_view::npos)
        out.kind = RtfContent::Kind::Html;
    else if (header.find("\\fromtext") != std::string_view::npos)
        out.kind = RtfContent::Kind::Text;
    std::string decoded = Scanner(rtf, out.kind).run();
    decoded = mail::sanitizeUtf8(decoded);
    if (out.kind == RtfContent::Kind::Html)
        out.html = std::move(decoded);
    else
        out.text = std::move(decoded);
    return out;
}

}  // namespace harrier::parsers::outlook
