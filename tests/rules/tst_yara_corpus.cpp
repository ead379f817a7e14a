// Real rule packs against the yara 4.2.3 CLI: compile results recorded in
// the corpus, and (file, rule) parity on the webshell corpus with the CLI
// run by this test.
#include <QtTest>

#include <set>

#include <nlohmann/json.hpp>

#include "rules/yara/loki_file_type.h"
#include "rules/yara/rule_loader.h"
#include "support/test_support.h"

using namespace harrier;
using namespace harrier::rules::yara;

namespace {

nlohmann::json readJson(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return nlohmann::json::parse(f.readAll().toStdString(), nullptr, false);
}

/// Lines "RULE PATH" from the yara CLI.
std::set<std::pair<std::string, std::string>> parseYaraOutput(const QByteArray &out) {
    std::set<std::pair<std::string, std::string>> s;
    for (const QByteArray &line : out.split('\n')) {
        const int sp = line.indexOf(' ');
        if (sp > 0)
            s.emplace(line.left(sp).toStdString(), line.mid(sp + 1).toStdString());
    }
    return s;
}

int runTool(const QString &program, const QStringList &args, QByteArray *out = nullptr, QByteArray *err = nullptr) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted())
        return -1;
    p.waitForFinished(600000);
    if (out)
        *out = p.readAllStandardOutput();
    if (err)
        *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

}  // namespace

class TestYaraCorpus : public QObject {
    Q_OBJECT
private slots:
    // compile_results json (yara 4.2.3, externals defined) is the answer per file.
    void signatureBaseCompilesLikeYara() {
        HARRIER_REQUIRE_CORPUS(dir, "yara_rules/signature-base/yara");
        HARRIER_REQUIRE_CORPUS(results, "yara_rules/compile_results_signature-base_yara-4.2.3.json");
        const auto expected = readJson(results);
        QVERIFY(expected.is_object());
        auto pack = RuleLoader::load({dir.toStdString()}, LoadOptions{false, {}});
        QVERIFY2(pack.ok(), pack.ok() ? "" : pack.error().message.c_str());
        QCOMPARE(pack->report.files.size(), expected.size());
        std::size_t expectOk = 0, expectNoExtOk = 0;
        for (const auto &[name, r] : expected.items()) {
            expectOk += r.at("ext_rc").get<int>() == 0;
            expectNoExtOk += r.at("noext_rc").get<int>() == 0;
        }
        for (const auto &f : pack->report.files) {
            const std::string rel = f.ns.substr(f.ns.find('/') + 1);
            QVERIFY2(expected.contains(rel), rel.c_str());
            const bool ok = expected.at(rel).at("ext_rc").get<int>() == 0;
            QVERIFY2(f.ok == ok, (rel + (f.errors.empty() ? "" : ": " + f.errors[0].message)).c_str());
        }
        QCOMPARE(pack->report.filesOk, expectOk);
        qInfo("signature-base: %zu/%zu files compiled (%zu rules); yara CLI: %zu with externals, %zu without",
              pack->report.filesOk, pack->report.files.size(), pack->report.rules, expectOk, expectNoExtOk);
        // 13 files only compile because the externals are declared.
        QVERIFY(expectNoExtOk < expectOk);
    }

    // Yara-Rules through its index files: each index loads with its includes.
    void yaraRulesIndexFiles() {
        HARRIER_REQUIRE_CORPUS(dir, "yara_rules/yara-rules_rules");
        HARRIER_REQUIRE_CORPUS(results, "yara_rules/compile_results_yara-rules_yara-4.2.3.json");
        const auto expected = readJson(results);
        int indexes = 0;
        for (const auto &[name, r] : expected.items()) {
            if (name.find('/') != std::string::npos || name.find("index") == std::string::npos)
                continue;
            ++indexes;
            const std::string path = dir.toStdString() + "/" + name;
            auto pack = RuleLoader::load({path}, LoadOptions{false, {}});
            QVERIFY2(pack.ok(), name.c_str());
            const bool ok = r.at("ext_rc").get<int>() == 0;
            const auto &f = pack->report.files.at(0);
            QVERIFY2(f.ok == ok, (name + (f.errors.empty() ? "" : ": " + f.errors[0].file + ":" +
                                                                   std::to_string(f.errors[0].line) + ": " +
                                                                   f.errors[0].message))
                                     .c_str());
            if (!ok)
                QVERIFY(!f.errors.empty() && f.errors[0].line > 0);
            // Independent count: distinct `include` lines of the index file
            // (the included leaf files include nothing themselves).
            QFile idx(QString::fromStdString(path));
            QVERIFY(idx.open(QIODevice::ReadOnly));
            QSet<QByteArray> includeLines;
            for (const QByteArray &line : idx.readAll().split('\n'))
                if (line.trimmed().startsWith("include "))
                    includeLines.insert(line.trimmed());
            QCOMPARE(pack->report.includes.size(), std::size_t(includeLines.size()));
            qInfo("%s: %s, %zu includes, %zu rules, %zu errors", name.c_str(), f.ok ? "ok" : "FAILED",
                  pack->report.includes.size(), pack->report.rules, f.errors.size());
        }
        QVERIFY(indexes >= 10);
    }

    void virusTotalIncludeTest() {
        HARRIER_REQUIRE_CORPUS(foo, "yara_rules/virustotal_yara_include_tests/tests/data/foo.yar");
        auto pack = RuleLoader::load({foo.toStdString()}, LoadOptions{false, {}});
        QVERIFY(pack.ok());
        QVERIFY(pack->report.files[0].ok);
        QCOMPARE(pack->report.rules, std::size_t(3));  // foo, bar (include/bar.yar), baz (../baz.yar)
    }

    // Parity: Harrier's (file, rule) set equals the yara CLI's exactly.
    // The CLI takes externals only globally, so: rule files that compile
    // without externals (per the recorded compile results) run once over the
    // folder; the few that use externals run per file with that file's values.
    void webshellParity() {
        HARRIER_REQUIRE_CORPUS(rulesDir, "yara_rules/signature-base/yara");
        HARRIER_REQUIRE_CORPUS(results, "yara_rules/compile_results_signature-base_yara-4.2.3.json");
        HARRIER_REQUIRE_CORPUS(shells, "webshells_tennc/webshell");
        if (QStandardPaths::findExecutable("yara").isEmpty() || QStandardPaths::findExecutable("yarac").isEmpty())
            QSKIP("yara CLI not installed");
        const auto expected = readJson(results);
        QTemporaryDir tmp;
        QStringList plain, withExt;
        for (const auto &[name, r] : expected.items())
            (r.at("noext_rc").get<int>() == 0 ? plain : withExt) << rulesDir + "/" + QString::fromStdString(name);
        QVERIFY(!withExt.isEmpty());
        const QStringList defs = {"-d", "filename=", "-d", "filepath=", "-d", "extension=",
                                  "-d", "filetype=", "-d", "owner="};
        QByteArray err;
        QCOMPARE(runTool("yarac", plain + QStringList{tmp.path() + "/plain.yarc"}, nullptr, &err), 0);
        QCOMPARE(runTool("yarac", defs + withExt + QStringList{tmp.path() + "/ext.yarc"}, nullptr, &err), 0);

        QByteArray out;
        QCOMPARE(runTool("yara", {"-C", "-r", tmp.path() + "/plain.yarc", shells}, &out, &err), 0);
        auto cli = parseYaraOutput(out);
        QDirIterator it(shells, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            ++files;
            const QString rel = QDir(shells).relativeFilePath(path);
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray head = f.read(qint64(lokiFileTypeHeadSize()));
            const QFileInfo fi(rel);
            const QString dirPart = rel.contains('/') ? rel.section('/', 0, -2) : QString();
            const QString ext = fi.fileName().contains('.') ? "." + fi.suffix().toLower() : QString();
            const auto ftype = lokiFileType(ByteView(reinterpret_cast<const std::uint8_t *>(head.data()), std::size_t(head.size())));
            QStringList args = {"-C", "-d", "filename=" + fi.fileName(), "-d", "filepath=" + dirPart,
                                "-d", "extension=" + ext, "-d", "filetype=" + QString::fromStdString(ftype),
                                "-d", "owner=", tmp.path() + "/ext.yarc", path};
            QCOMPARE(runTool("yara", args, &out, &err), 0);
            for (const auto &p : parseYaraOutput(out))
                cli.insert(p);
        }
        QVERIFY(files > 300);

        // Harrier: ingest and scan through the CLI, exactly as an analyst would.
        const QString casePath = tmp.path() + "/w.hcase";
        QCOMPARE(test::runCli({"case", "new", casePath, "--name", "parity"}), 0);
        QCOMPARE(test::runCli({"ingest", casePath, shells, "--quiet"}), 0);
        QCOMPARE(test::runCli({"scan", casePath, "--yara", rulesDir, "--threads", "2", "--quiet", "--no-cache"}), 0);
        // YARA hits only: the scan also ran the built-in analyzers.
        QCOMPARE(test::runCli({"hits", casePath, "--json", "--rule-set", "yara"}, &out), 0);
        const auto hits = nlohmann::json::parse(out.toStdString());
        std::set<std::pair<std::string, std::string>> ours;
        for (const auto &h : hits.at("hits")) {
            const auto &x = h.at("details").at("externals");
            std::string rel = x.at("filepath").get<std::string>();
            rel += (rel.empty() ? "" : "/") + x.at("filename").get<std::string>();
            ours.emplace(h.at("details").at("rule").get<std::string>(), shells.toStdString() + "/" + rel);
        }
        std::vector<std::string> onlyCli, onlyOurs;
        for (const auto &p : cli)
            if (!ours.count(p))
                onlyCli.push_back(p.first + " " + p.second);
        for (const auto &p : ours)
            if (!cli.count(p))
                onlyOurs.push_back(p.first + " " + p.second);
        for (std::size_t i = 0; i < std::min<std::size_t>(onlyCli.size(), 10); ++i)
            qWarning("only yara CLI: %s", onlyCli[i].c_str());
        for (std::size_t i = 0; i < std::min<std::size_t>(onlyOurs.size(), 10); ++i)
            qWarning("only Harrier: %s", onlyOurs[i].c_str());
        qInfo("parity: yara CLI %zu (file, rule) pairs, Harrier %zu; %zu only CLI, %zu only Harrier over %d files",
              cli.size(), ours.size(), onlyCli.size(), onlyOurs.size(), files);
        QVERIFY(cli.size() > 100);
        QCOMPARE(onlyCli.size(), std::size_t(0));
        QCOMPARE(onlyOurs.size(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestYaraCorpus)
#include "tst_yara_corpus.moc"
