// The whole endpoint_triage corpus through harrier-cli: every file ingests
// without a crash (exit 0 or 4 = some items failed and were recorded), and
// the artifact parsers produced their event types.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "support/test_support.h"

using namespace harrier;

class TestEndpointCorpus : public QObject {
    Q_OBJECT
private slots:
    void ingestEverything() {
        HARRIER_REQUIRE_CORPUS(dir, "endpoint_triage");
        QTemporaryDir tmp;
        const QString casePath = tmp.filePath("endpoint.hcase");
        QByteArray out, err;
        QCOMPARE(test::runCli({"case", "new", casePath, "--name", "endpoint corpus"}, &out, &err), 0);
        const int rc = test::runCli({"ingest", casePath, dir, "--password", "hello"}, &out, &err, 900000);
        QVERIFY2(rc == 0 || rc == 4, qPrintable(QString("exit %1: %2").arg(rc).arg(QString::fromUtf8(err.left(2000)))));
        for (const char *type : {"browser:chrome:visit", "browser:firefox:visit", "browser:safari:visit", "browser:ie:url",
                                 "windows:prefetch", "windows:lnk", "windows:jumplist", "windows:jumplist:destlist",
                                 "windows:registry:userassist",
                                 "windows:registry:amcache", "ntfs:mft"}) {
            QByteArray events;
            QCOMPARE(test::runCli({"timeline", casePath, "--type", type, "--limit", "1", "--format", "jsonl"}, &events), 0);
            QVERIFY2(!events.trimmed().isEmpty(), type);
        }
    }
};

QTEST_GUILESS_MAIN(TestEndpointCorpus)
#include "tst_endpoint_corpus.moc"
