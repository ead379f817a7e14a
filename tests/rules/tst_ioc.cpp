// IOC values, formats and matching against answers known by construction.
#include <QtTest>

#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_matcher.h"
#include "rules/ioc/ioc_value.h"

using namespace harrier;
using namespace harrier::rules::ioc;

Q_DECLARE_METATYPE(IocType)

namespace {

IocSet loadText(const std::string &name, const std::string &text) {
    IocSet set;
    FeedLoader::loadFile(name, text, set);
    return set;
}

std::vector<std::size_t> rulesHitByObservable(const IocMatcher &m, const std::string &kind, const std::string &value) {
    std::vector<std::size_t> ind;
    m.matchObservable(kind, value, ind);
    std::set<std::size_t> matched(ind.begin(), ind.end());
    std::vector<std::size_t> rules;
    for (std::size_t r = 0; r < m.set().rules.size(); ++r)
        if (IocMatcher::evaluate(m.set().rules[r].condition, matched))
            rules.push_back(r);
    return rules;
}

}  // namespace

class TestIoc : public QObject {
    Q_OBJECT
private slots:
    void refangAndDetect_data() {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("normalised");
        QTest::newRow("hxxp url") << "hxxp://evil[.]com/a?b#frag" << int(IocType::Url) << "http://evil.com/a?b";
        QTest::newRow("(dot) domain") << "Evil(dot)Example(dot)org" << int(IocType::Domain) << "evil.example.org";
        QTest::newRow("ipv4 defanged") << "10.0.0[.]1" << int(IocType::Ipv4) << "10.0.0.1";
        QTest::newRow("ipv6") << "2001:DB8::1" << int(IocType::Ipv6) << "2001:db8::1";
        QTest::newRow("cidr") << "192.168.0.0/16" << int(IocType::Cidr) << "192.168.0.0/16";
        QTest::newRow("md5") << "D41D8CD98F00B204E9800998ECF8427E" << int(IocType::Md5) << "d41d8cd98f00b204e9800998ecf8427e";
        QTest::newRow("sha1") << QString(40, 'a') << int(IocType::Sha1) << QString(40, 'a');
        QTest::newRow("sha256") << QString(64, 'B') << int(IocType::Sha256) << QString(64, 'b');
        QTest::newRow("email [at]") << "Bad.Guy[@]Evil[.]COM" << int(IocType::Email) << "bad.guy@evil.com";
        QTest::newRow("idn domain") << "bücher.example" << int(IocType::Domain) << "xn--bcher-kva.example";
        QTest::newRow("url default port") << "HTTP://Evil.COM:80/X" << int(IocType::Url) << "http://evil.com/X";
    }
    void refangAndDetect() {
        QFETCH(QString, raw);
        QFETCH(int, type);
        QFETCH(QString, normalised);
        const std::string v = refang(raw.toStdString());
        const auto t = detectType(v);
        QVERIFY(t.has_value());
        QCOMPARE(int(*t), type);
        const auto n = normalise(*t, v);
        QVERIFY(n.has_value());
        QCOMPARE(QString::fromStdString(*n), normalised);
    }

    void domainMatchesSubdomainsNotSuffix() {
        auto set = loadText("domains.txt", "evil.co.uk\nbad.com\nco.uk\n");
        QCOMPARE(set.reports[0].accepted, std::size_t(3));
        auto m = IocMatcher::build(set, {});
        QVERIFY(m.ok());
        QCOMPARE(rulesHitByObservable(**m, "domain", "a.b.evil.co.uk").size(), std::size_t(1));
        QCOMPARE(rulesHitByObservable(**m, "domain", "BAD.com.").size(), std::size_t(1));
        QCOMPARE(rulesHitByObservable(**m, "domain", "notbad.com").size(), std::size_t(0));
        // co.uk is a public suffix: x.other.co.uk's registrable domain is other.co.uk, the walk stops there.
        QCOMPARE(rulesHitByObservable(**m, "domain", "x.other.co.uk").size(), std::size_t(0));
        QCOMPARE(rulesHitByObservable(**m, "url", "https://www.bad.com/login").size(), std::size_t(1));
        QCOMPARE(rulesHitByObservable(**m, "email", "ceo@mail.bad.com").size(), std::size_t(1));
    }

    void allowListAndKnownGood() {
        auto set = loadText("list.txt", "bad.com\n" + std::string(32, 'a') + "\n");
        MatchOptions o;
        QCOMPARE(readAllowDomains("# ok\nbad.com\n", o.allowDomains), std::size_t(1));
        QCOMPARE(readKnownGood(std::string(32, 'A') + "  file.exe\n", o.knownGoodHashes), std::size_t(1));
        QCOMPARE(readKnownGood("\"SHA-1\",\"MD5\",\"CRC32\",\"FileName\"\n\"" + std::string(40, 'c') + "\",\"" +
                                   std::string(32, 'd') + "\",\"00000000\",\"x.dll\"\n",
                               o.knownGoodHashes),
                 std::size_t(2));
        auto m = IocMatcher::build(set, std::move(o));
        QVERIFY(m.ok());
        QCOMPARE(rulesHitByObservable(**m, "domain", "www.bad.com").size(), std::size_t(0));
        QCOMPARE(rulesHitByObservable(**m, "md5", std::string(32, 'a')).size(), std::size_t(0));
        QVERIFY((*m)->isKnownGood(std::string(40, 'C')));
    }

    void cidrAndIps() {
        auto set = loadText("ips.csv", "value,type,description,tags,tlp\n10.1.0.0/16,ip,range,apt;c2,amber\n"
                                        "2001:db8::/32,ipv6,v6 range,,\n8.8.8.8,,single,,\nnot-an-ip,ip,bad,,\n");
        QCOMPARE(set.reports[0].format, std::string("csv"));
        QCOMPARE(set.reports[0].records, std::size_t(4));
        QCOMPARE(set.reports[0].accepted, std::size_t(3));
        QCOMPARE(set.reports[0].rejectedTotal(), std::size_t(1));
        QCOMPARE(set.rules[0].tlp, std::string("amber"));
        QCOMPARE(set.rules[0].tags.size(), std::size_t(2));
        auto m = IocMatcher::build(set, {});
        QVERIFY(m.ok());
        QCOMPARE(rulesHitByObservable(**m, "ipv4", "10.1.255.3").size(), std::size_t(1));
        QCOMPARE(rulesHitByObservable(**m, "ipv4", "10.2.0.1").size(), std::size_t(0));
        QCOMPARE(rulesHitByObservable(**m, "ipv6", "2001:db8:1::5").size(), std::size_t(1));
        QCOMPARE(rulesHitByObservable(**m, "url", "http://8.8.8.8/x").size(), std::size_t(1));
    }

    void stixAndOr_data() {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QStringList>("observed");  // kind=value
        QTest::addColumn<bool>("hit");
        QTest::newRow("or first") << "[domain-name:value = 'a.com' OR ipv4-addr:value = '1.2.3.4']" << QStringList{"domain=a.com"} << true;
        QTest::newRow("or second") << "[domain-name:value = 'a.com' OR ipv4-addr:value = '1.2.3.4']" << QStringList{"ipv4=1.2.3.4"} << true;
        QTest::newRow("and one") << "[domain-name:value = 'a.com'] AND [ipv4-addr:value = '1.2.3.4']" << QStringList{"domain=a.com"} << false;
        QTest::newRow("and both") << "[domain-name:value = 'a.com'] AND [ipv4-addr:value = '1.2.3.4']" << QStringList{"domain=a.com", "ipv4=1.2.3.4"} << true;
        QTest::newRow("hash") << "[file:hashes.'SHA-256' = '" + QString(64, 'e') + "']" << QStringList{"sha256=" + QString(64, 'E')} << true;
        QTest::newRow("cidr") << "[ipv4-addr:value = '10.0.0.0/8']" << QStringList{"ipv4=10.9.9.9"} << true;
    }
    void stixAndOr() {
        QFETCH(QString, pattern);
        QFETCH(QStringList, observed);
        QFETCH(bool, hit);
        QJsonObject ind{{"type", "indicator"}, {"id", "indicator--1"}, {"pattern", pattern}, {"pattern_type", "stix"}};
        QJsonObject bundle{{"type", "bundle"}, {"objects", QJsonArray{ind}}};
        auto set = loadText("b.json", QJsonDocument(bundle).toJson().toStdString());
        QCOMPARE(set.reports[0].accepted, std::size_t(1));
        auto m = IocMatcher::build(set, {});
        QVERIFY(m.ok());
        std::set<std::size_t> matched;
        for (const auto &o : observed) {
            std::vector<std::size_t> v;
            (*m)->matchObservable(o.section('=', 0, 0).toStdString(), o.section('=', 1).toStdString(), v);
            matched.insert(v.begin(), v.end());
        }
        QCOMPARE(IocMatcher::evaluate(set.rules[0].condition, matched), hit);
    }

    void stixUnsupportedReportedById() {
        const std::string b = "{\"type\":\"bundle\",\"objects\":[\n"
"            {\"type\":\"indicator\",\"id\":\"indicator--x\",\"pattern\":\"[process:name = 'a'] FOLLOWEDBY [file:name = 'b']\",\"pattern_type\":\"stix\"},\n"
"            {\"type\":\"indicator\",\"id\":\"indicator--y\",\"pattern\":\"[email-message:subject MATCHES 'x']\",\"pattern_type\":\"stix\"},\n"
"            {\"type\":\"indicator\",\"id\":\"indicator--z\",\"pattern\":\"alert tcp any any\",\"pattern_type\":\"snort\"}]}";
        auto set = loadText("b.json", b);
        QCOMPARE(set.reports[0].records, std::size_t(3));
        QCOMPARE(set.reports[0].accepted, std::size_t(0));
        QCOMPARE(set.reports[0].unsupported.size(), std::size_t(3));
        QVERIFY(set.reports[0].unsupported[1].starts_with("indicator--y"));
        QVERIFY(set.indicators.empty());
    }

    void openIocAndLogic() {
        const std::string x = "<?xml version=\"1.0\"?>\n"
"<ioc xmlns=\"http://schemas.mandiant.com/2010/ioc\" id=\"ioc-1\"><short_description>t</short_description><definition>\n"
" <Indicator operator=\"OR\" id=\"i0\">\n"
"  <Indicator operator=\"AND\" id=\"i1\">\n"
"   <IndicatorItem id=\"a\" condition=\"is\"><Context document=\"FileItem\" search=\"FileItem/Md5sum\" type=\"mir\"/><Content type=\"md5\">" +
                              std::string(32, 'a') + "</Content></IndicatorItem>\n"
"   <IndicatorItem id=\"b\" condition=\"is\"><Context document=\"FileItem\" search=\"FileItem/FileName\" type=\"mir\"/><Content type=\"string\">evil.exe</Content></IndicatorItem>\n"
"  </Indicator>\n"
"  <Indicator operator=\"AND\" id=\"i2\">\n"
"   <IndicatorItem id=\"c\" condition=\"is\"><Context document=\"DnsEntryItem\" search=\"DnsEntryItem/Host\" type=\"mir\"/><Content type=\"string\">c2.example.com</Content></IndicatorItem>\n"
"   <IndicatorItem id=\"d\" condition=\"is\"><Context document=\"RegistryItem\" search=\"RegistryItem/Path\" type=\"mir\"/><Content type=\"string\">HKLM\\x</Content></IndicatorItem>\n"
"  </Indicator>\n"
" </Indicator></definition></ioc>";
        auto set = loadText("x.ioc", x);
        const auto &r = set.reports[0];
        QCOMPARE(r.records, std::size_t(4));
        QCOMPARE(r.accepted, std::size_t(3));
        QCOMPARE(r.unsupported.size(), std::size_t(1));
        auto m = IocMatcher::build(set, {});
        QVERIFY(m.ok());
        auto scratch = (*m)->makeScratch();
        QVERIFY(scratch.ok());
        std::vector<std::size_t> v;
        (*m)->matchHash(std::string(32, 'a'), v);
        std::set<std::size_t> matched(v.begin(), v.end());
        QVERIFY(!IocMatcher::evaluate(set.rules[0].condition, matched));  // AND needs the name too
        v.clear();
        (*m)->matchPath("Users/x/evil.exe", *scratch, v);
        matched.insert(v.begin(), v.end());
        QVERIFY(IocMatcher::evaluate(set.rules[0].condition, matched));
        // The second branch has an unsupported term: it can never match.
        std::vector<std::size_t> d;
        (*m)->matchDomain("c2.example.com", d);
        QVERIFY(!IocMatcher::evaluate(set.rules[0].condition, std::set<std::size_t>(d.begin(), d.end())));
    }

    void lokiFilenameWithFalsePositive() {
        auto set = loadText("filename-iocs.txt", "# comment\n\\\\evil\\.exe;80;\\\\Windows\\\\\n\\\\x\\.dll\n");
        QCOMPARE(set.reports[0].records, std::size_t(2));
        QCOMPARE(set.reports[0].accepted, std::size_t(1));
        auto m = IocMatcher::build(set, {});
        QVERIFY(m.ok());
        auto scratch = (*m)->makeScratch();
        std::vector<std::size_t> v;
        (*m)->matchPath("Users/bob/EVIL.exe", *scratch, v);
        QCOMPARE(v.size(), std::size_t(1));
        v.clear();
        (*m)->matchPath("C:/Windows/evil.exe", *scratch, v);
        QCOMPARE(v.size(), std::size_t(0));
    }

    void literalsInContent() {
        auto set = loadText("keywords.txt", "sekurlsa::logonpasswords\nevil.com\n");
        auto m = IocMatcher::build(set, {});
        QVERIFY(m.ok());
        auto scratch = (*m)->makeScratch();
        std::vector<std::pair<std::size_t, std::uint64_t>> out;
        const std::string content = "xx SEKURLSA::LogonPasswords yy http://EVIL.com/";
        (*m)->matchContent(asBytes(content), *scratch, out);
        QCOMPARE(out.size(), std::size_t(2));
        QCOMPARE(out[0].second, std::uint64_t(3));
    }
};

QTEST_GUILESS_MAIN(TestIoc)
#include "tst_ioc.moc"
