// Every IOC file in the corpus imports; its record count equals a count
// made independently by grep / python3 (lines of LOKI files, indicator
// objects in STIX bundles, attributes in MISP events, IndicatorItems in
// OpenIOC), and accepted + rejected == records.
#include <QtTest>

#include <fstream>

#include "rules/ioc/feed_loader.h"
#include "support/test_support.h"

using namespace harrier;
using namespace harrier::rules::ioc;

namespace {

QString tool(const QString &program, const QStringList &args) {
    QProcess p;
    p.start(program, args);
    p.waitForFinished(120000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

constexpr const char *kPyCount = "\n"
"import json, sys\n"
"j = json.load(open(sys.argv[1], encoding='utf-8'))\n"
"kind = sys.argv[2]\n"
"if kind == 'stix':\n"
"    print(sum(1 for o in j.get('objects', []) if isinstance(o, dict) and o.get('type') == 'indicator') if isinstance(j, dict) else 0)\n"
"else:\n"
"    evs = []\n"
"    if 'Event' in j: evs = [j['Event']]\n"
"    elif 'response' in j: evs = [r['Event'] for r in j['response'] if 'Event' in r]\n"
"    elif 'Attribute' in j or 'Object' in j or 'info' in j: evs = [j]\n"
"    print(sum(len(e.get('Attribute', [])) + sum(len(o.get('Attribute', [])) for o in e.get('Object', [])) for e in evs))\n"
"";

}  // namespace

class TestIocCorpus : public QObject {
    Q_OBJECT
private slots:
    void importCounts_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("kind");
        const QString root = test::corpusPath("iocs");
        if (root.isEmpty())
            return;
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files << it.next();
        files.sort();
        for (const QString &f : files) {
            const QString name = QFileInfo(f).fileName().toLower();
            QString kind;
            if (f.contains("/loki_signature-base/") && name.endsWith(".txt") && !name.startsWith("readme"))
                kind = "lines";
            else if (f.contains("/stix21_oasis/") && name.endsWith(".json"))
                kind = "stix";
            else if (f.contains("/misp_pymisp/") && name == "stix2.json")
                kind = "stix";
            else if (f.contains("/misp_pymisp/") && name.endsWith(".json"))
                kind = "misp";
            else if (name.endsWith(".ioc"))
                kind = "openioc";
            else
                continue;
            QTest::newRow(qPrintable(QDir(root).relativeFilePath(f))) << f << kind;
        }
    }
    void importCounts() {
        HARRIER_REQUIRE_CORPUS(root, "iocs");
        QFETCH(QString, path);
        QFETCH(QString, kind);
        std::ifstream in(path.toStdString(), std::ios::binary);
        const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        IocSet set;
        FeedLoader::loadFile(path.toStdString(), content, set);
        QCOMPARE(set.reports.size(), std::size_t(1));
        const auto &r = set.reports[0];
        int expected = -1;
        if (kind == "lines")  // LOKI reads every line that is neither empty nor a comment
            expected = tool("grep", {"-c", "-v", "-E", "^[[:space:]]*(#|$)", path}).toInt();
        else if (kind == "openioc")
            expected = tool("python3", {"-c", "import sys;print(open(sys.argv[1],encoding='utf-8').read().count('<IndicatorItem '))", path}).toInt();
        else
            expected = tool("python3", {"-c", kPyCount, path, kind}).toInt();
        QCOMPARE(int(r.records), expected);
        QCOMPARE(r.accepted + r.rejectedTotal(), r.records);
        qInfo("%s [%s]: %zu records, %zu accepted, %zu rejected, %zu unsupported listed", qPrintable(QFileInfo(path).fileName()),
              r.format.c_str(), r.records, r.accepted, r.rejectedTotal(), r.unsupported.size());
    }

    void wholeFolderLoads() {
        HARRIER_REQUIRE_CORPUS(root, "iocs");
        auto set = FeedLoader::load({root.toStdString()});
        QVERIFY(set.ok());
        std::size_t accepted = 0;
        for (const auto &r : set->reports)
            accepted += r.accepted;
        QVERIFY(accepted > 9000);
        QVERIFY(!set->sourceHash.empty());
    }
};

QTEST_GUILESS_MAIN(TestIocCorpus)
#include "tst_ioc_corpus.moc"
