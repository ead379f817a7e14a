// YARA rule loading, externals, cache and scanning against answers the test
// knows by construction (it writes the rules, the errors and the files).
#include <QtTest>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "rules/yara/loki_file_type.h"
#include "rules/yara/rule_cache.h"
#include "rules/yara/rule_loader.h"
#include "rules/yara/yara_scanner.h"
#include "support/test_support.h"

using namespace harrier;
using namespace harrier::rules::yara;

namespace {

std::string write(const QTemporaryDir &dir, const QString &rel, const QByteArray &text) {
    const QString p = dir.path() + QLatin1Char('/') + rel;
    QDir().mkpath(QFileInfo(p).path());
    test::writeFile(p, text);
    return p.toStdString();
}

/// The line yarac (the reference compiler) reports for a file's first
/// error or warning: "path(LINE): error: ...".
int yaracLine(const std::string &path, const char *kind) {
    QProcess p;
    p.start(QStringLiteral("yarac"), {QString::fromStdString(path), QStringLiteral("/dev/null")});
    p.waitForFinished();
    const QString out = QString::fromUtf8(p.readAllStandardError() + p.readAllStandardOutput());
    const QRegularExpression re(QStringLiteral("\\((\\d+)\\)"));
    for (const QString &line : out.split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1String(kind)))
            if (const auto m = re.match(line); m.hasMatch())
                return m.captured(1).toInt();
    return -1;
}

const FileCompileResult *resultFor(const RulePack &pack, const std::string &path) {
    for (const auto &f : pack.report.files)
        if (f.path == path)
            return &f;
    return nullptr;
}

}  // namespace

class TestYaraRules : public QObject {
    Q_OBJECT
private slots:
    void brokenFileReportedWithLineRestLoads_data() {
        QTest::addColumn<QByteArray>("broken");
        QTest::addColumn<int>("line");
        QTest::newRow("syntax") << QByteArray("rule a {\n condition:\n  true and\n}\n") << 4;
        QTest::newRow("undefined string") << QByteArray("rule b {\n strings: $a = \"x\"\n condition:\n  $b\n}\n") << 5;
        QTest::newRow("unknown identifier") << QByteArray("\n\nrule c { condition: nosuchvar == 1 }\n") << 3;
        QTest::newRow("missing include") << QByteArray("include \"nowhere.yar\"\nrule d { condition: true }\n") << 1;
    }
    void brokenFileReportedWithLineRestLoads() {
        QFETCH(QByteArray, broken);
        QFETCH(int, line);
        QTemporaryDir dir;
        const auto bad = write(dir, "rules/bad.yar", broken);
        const auto good = write(dir, "rules/good.yar", "rule good_one { condition: true }\nrule good_two { condition: false }\n");
        auto pack = RuleLoader::load({dir.path().toStdString() + "/rules"}, LoadOptions{false, {}});
        QVERIFY2(pack.ok(), pack.ok() ? "" : pack.error().message.c_str());
        QCOMPARE(pack->report.files.size(), std::size_t(2));
        QCOMPARE(pack->report.filesFailed, std::size_t(1));
        QCOMPARE(pack->report.rules, std::size_t(2));
        const auto *b = resultFor(*pack, bad);
        QVERIFY(b && !b->ok && !b->errors.empty());
        QCOMPARE(b->errors.front().line, yaracLine(bad, "error"));
        // And roughly where the test put the mistake.
        QVERIFY(std::abs(b->errors.front().line - line) <= 1);
        QVERIFY(resultFor(*pack, good)->ok);
    }

    void warningsAreReported() {
        QTemporaryDir dir;
        // A string that yara warns about ($a is slowing down scanning).
        const auto p = write(dir, "w.yar", "rule w {\n strings: $a = { 00 ?? }\n condition: $a\n}\n");
        auto pack = RuleLoader::load({p}, LoadOptions{false, {}});
        QVERIFY(pack.ok());
        QVERIFY(pack->report.files[0].ok);
        QVERIFY(!pack->report.files[0].warnings.empty());
        QCOMPARE(pack->report.files[0].warnings[0].line, yaracLine(p, "warning"));
    }

    void sameRuleNameInTwoFiles() {
        QTemporaryDir dir;
        write(dir, "p/a.yar", "rule dup { condition: true }\n");
        write(dir, "p/sub/b.yar", "rule dup { condition: true }\n");
        auto pack = RuleLoader::load({dir.path().toStdString() + "/p"}, LoadOptions{false, {}});
        QVERIFY(pack.ok());
        QCOMPARE(pack->report.filesOk, std::size_t(2));
        QCOMPARE(pack->report.rules, std::size_t(2));
        QCOMPARE(QString::fromStdString(pack->report.files[1].ns), QStringLiteral("p/sub/b.yar"));
    }

    void nestedRelativeIncludes() {
        QTemporaryDir dir;
        // main includes inc/one.yar, which includes ../two.yar (relative to inc/).
        const auto main = write(dir, "main.yar", "include \"inc/one.yar\"\nrule m { condition: one }\n");
        write(dir, "inc/one.yar", "include \"../two.yar\"\nrule one { condition: two }\n");
        write(dir, "two.yar", "rule two { condition: true }\n");
        auto pack = RuleLoader::load({main}, LoadOptions{false, {}});
        QVERIFY(pack.ok());
        QVERIFY2(pack->report.files[0].ok, pack->report.files[0].errors.empty()
                                               ? ""
                                               : pack->report.files[0].errors[0].message.c_str());
        QCOMPARE(pack->report.rules, std::size_t(3));
        QCOMPARE(pack->report.includes.size(), std::size_t(2));
    }

    void externalsReachRules_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("exe named txt") << "C:/Users/bob/Desktop/report.TXT" << QByteArray("MZ\x90\x00", 4)
                                       << QStringList{"ext_txt", "type_exe", "in_desktop", "name_report"};
        QTest::newRow("plain text") << "var/www/html/shell.php" << QByteArray("<?php echo 1; ?>")
                                    << QStringList{"type_php", "in_www"};
        QTest::newRow("backslash path") << "inetpub\\wwwroot\\cmd.aspx" << QByteArray("<%@ Page")
                                        << QStringList{"ext_aspx", "type_jsp_quirk", "name_cmd"};
    }
    void externalsReachRules() {
        QFETCH(QString, path);
        QFETCH(QByteArray, content);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const auto p = write(dir, "x.yar", R"(
rule ext_txt { condition: extension == ".txt" }
rule ext_aspx { condition: extension == ".aspx" }
rule type_exe { condition: filetype == "EXE" }
rule type_php { condition: filetype == "PHP" }
rule type_jsp_quirk { condition: filetype == "JSP" }
rule in_desktop { condition: filepath contains "Desktop" }
rule in_www { condition: filepath == "var/www/html" }
rule name_report { condition: filename == "report.TXT" }
rule name_cmd { condition: filename == "cmd.aspx" }
rule md5_set { condition: md5 == "nope" }
)");
        auto pack = RuleLoader::load({p}, LoadOptions{false, {}});
        QVERIFY(pack.ok() && pack->report.filesOk == 1);
        auto scanner = YaraScanner::create(pack->rules, 10);
        QVERIFY(scanner.ok());
        const ByteView bytes(reinterpret_cast<const std::uint8_t *>(content.data()), std::size_t(content.size()));
        const auto ext = makeExternals(path.toStdString(), bytes, "", "");
        const auto out = scanner->scan(bytes, ext);
        QCOMPARE(int(out.status), int(ScanStatus::Ok));
        QStringList got;
        for (const auto &m : out.matches)
            got << QString::fromStdString(m.rule);
        got.sort();
        expected.sort();
        QCOMPARE(got, expected);
    }

    void matchOffsetsAndContext() {
        QTemporaryDir dir;
        const auto p = write(dir, "s.yar", "rule s { meta: score = 90 description = \"d\" strings: $a = \"evil\" condition: $a }\n");
        auto pack = RuleLoader::load({p}, LoadOptions{false, {}});
        QVERIFY(pack.ok());
        auto scanner = YaraScanner::create(pack->rules, 10);
        const std::string data = "0123456789evil---evil";
        const auto out = scanner->scan(asBytes(data), makeExternals("a", asBytes(data), "", ""));
        QCOMPARE(out.matches.size(), std::size_t(1));
        QCOMPARE(out.matches[0].strings.size(), std::size_t(2));
        QCOMPARE(out.matches[0].strings[0].offset, std::uint64_t(10));
        QCOMPARE(out.matches[0].strings[1].offset, std::uint64_t(17));
        QVERIFY(out.matches[0].strings[0].context.find("789evil---") != std::string::npos);
    }

    void cacheIsUsedAndVerified() {
        QTemporaryDir dir;
        const auto p = write(dir, "c.yar", "rule c { condition: true }\n");
        const std::string cacheDir = dir.path().toStdString() + "/cache";
        auto first = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(first.ok() && !first->report.fromCache);
        QVERIFY(!first->report.cachePath.empty());
        auto second = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(second.ok() && second->report.fromCache);
        QCOMPARE(second->hash, first->hash);
        QCOMPARE(second->report.rules, std::size_t(1));

        // Corrupt the payload: the cache must refuse it and recompile.
        {
            std::fstream f(first->report.cachePath, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(-8, std::ios::end);
            f.write("XXXXXXXX", 8);
        }
        auto third = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(third.ok() && !third->report.fromCache);

        // A changed source is a different key: not served from cache.
        write(dir, "c.yar", "rule c { condition: true }\nrule d { condition: true }\n");
        auto fourth = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(fourth.ok() && !fourth->report.fromCache);
        QCOMPARE(fourth->report.rules, std::size_t(2));
        QVERIFY(fourth->hash != first->hash);
    }

    // The stat index lets a cached load skip hashing the sources; it must
    // never let a changed source or a bad cache file through.
    void statIndexIsSafe() {
        QTemporaryDir dir;
        const auto p = write(dir, "s.yar", "rule s { condition: true }\n");
        const std::string cacheDir = dir.path().toStdString() + "/cache";
        auto statFiles = [&] {
            int n = 0;
            for (const auto &e : std::filesystem::directory_iterator(cacheDir))
                n += e.path().extension() == ".stat";
            return n;
        };
        // A source changed within the last second is never recorded: a write
        // in the same timestamp granule would leave its stat data unchanged.
        auto racy = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(racy.ok() && !racy->report.fromCache);
        QCOMPARE(statFiles(), 0);

        QThread::msleep(2100);
        auto first = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(first.ok() && first->report.fromCache);
        QCOMPARE(statFiles(), 1);
        auto second = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(second.ok() && second->report.fromCache);
        QCOMPARE(second->hash, first->hash);

        // Found through the index, the cache file is still verified.
        {
            std::fstream f(first->report.cachePath, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(-8, std::ios::end);
            f.write("XXXXXXXX", 8);
        }
        auto third = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(third.ok() && !third->report.fromCache);
        QCOMPARE(third->hash, first->hash);

        // Same size, other content: the ctime moves, so the index misses.
        write(dir, "s.yar", "rule t { condition: true }\n");
        auto fourth = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(fourth.ok() && !fourth->report.fromCache);
        QVERIFY(fourth->hash != first->hash);
        auto scanner = YaraScanner::create(fourth->rules, 10);
        QVERIFY(scanner.ok());
        const auto out = scanner->scan(asBytes("x"), makeExternals("a", asBytes("x"), "", ""));
        QCOMPARE(out.matches.size(), std::size_t(1));
        QCOMPARE(out.matches[0].rule, std::string("t"));
    }

    void foreignFileUnderOurNameIsNotLoaded() {
        QTemporaryDir dir;
        const auto p = write(dir, "c.yar", "rule c { condition: true }\n");
        const std::string cacheDir = dir.path().toStdString() + "/cache";
        auto first = RuleLoader::load({p}, LoadOptions{true, cacheDir});
        QVERIFY(first.ok());
        // A compiled file written by yarac, dropped under the cache's name.
        const QString yarc = dir.path() + "/other.yarc";
        QCOMPARE(QProcess::execute("yarac", {QString::fromStdString(p), yarc}), 0);
        std::filesystem::copy_file(yarc.toStdString(), first->report.cachePath,
                                   std::filesystem::copy_options::overwrite_existing);
        auto cache = RuleCache::open(cacheDir);
        QVERIFY(cache.ok());
        std::string why;
        const auto key = std::filesystem::path(first->report.cachePath).stem().string();
        QVERIFY(!cache->load(key, &why).has_value());
        QVERIFY(!why.empty());
    }

    void unsafeCacheFolderRefused() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString() + "/open";
        QVERIFY(::mkdir(d.c_str(), 0777) == 0);
        QVERIFY(::chmod(d.c_str(), 0777) == 0);
        QVERIFY(!RuleCache::open(d).ok());
    }

    // LOKI's own signature list (signature-base/misc) is the independent
    // answer: emulate LOKI (Python dict: first position, last label) and
    // compare our label for every signature.
    void lokiFileTypeMatchesLoki() {
        HARRIER_REQUIRE_CORPUS(sigs, "yara_rules/signature-base/misc/file-type-signatures.txt");
        QFile f(sigs);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QList<QByteArray> order;
        QHash<QByteArray, QString> label;
        for (const QByteArray &raw : f.readAll().split('\n')) {
            const QByteArray line = raw.trimmed();
            if (line.isEmpty() || line.startsWith('#') || !line.contains(';'))
                continue;
            const int semi = line.indexOf(';');
            const QByteArray magic = QByteArray::fromHex(line.left(semi).replace(" ", ""));
            if (!label.contains(magic))
                order << magic;
            label[magic] = QString::fromUtf8(line.mid(semi + 1));
        }
        QVERIFY(order.size() > 50);
        for (const QByteArray &magic : order) {
            QByteArray buf = magic + QByteArray(32, '\0');
            QString expected = QStringLiteral("UNKNOWN");
            for (const QByteArray &m : order)
                if (buf.startsWith(m)) {
                    expected = label[m];
                    break;
                }
            const auto got = lokiFileType(ByteView(reinterpret_cast<const std::uint8_t *>(buf.data()), std::size_t(buf.size())));
            QCOMPARE(QString::fromStdString(got), expected);
        }
        QCOMPARE(QString::fromStdString(lokiFileType(asBytes("hello"))), QStringLiteral("UNKNOWN"));
    }
};

QTEST_GUILESS_MAIN(TestYaraRules)
#include "tst_yara_rules.moc"
