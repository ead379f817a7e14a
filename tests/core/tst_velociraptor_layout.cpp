// Velociraptor offline collections: files and SHA-256 against the uploads
// metadata read independently (python3's zipfile + json + hashlib), one host
// on every event in UTC order, and the encrypted collectors.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "endpoint_test_util.h"
#include "support/test_support.h"

using namespace harrier::test;

namespace {

const char *kExpect = R"PY(
import hashlib, json, sys, urllib.parse, zipfile
z = zipfile.ZipFile(sys.argv[1])
rows = [json.loads(l) for l in z.read('uploads.json').decode().splitlines() if l.strip()]
members = {urllib.parse.unquote(n): n for n in z.namelist()}
out = []
for r in rows:
    key = '/'.join(r['_Components']) + ('.idx' if r.get('Type') == 'idx' else '')
    out.append({'path': key, 'sha256': hashlib.sha256(z.read(members[key])).hexdigest()})
print(json.dumps(out))
)PY";

}  // namespace

class TestVelociraptorLayout : public QObject {
    Q_OBJECT
private slots:
    void uploadsMatchMetadataAndOneHostTimeline() {
        HARRIER_REQUIRE_CORPUS(zip, "endpoint_triage/velociraptor_offline_collections/"
                                    "Collection-WIN-E5K9RC5GU23-2021-11-21T18_05_56-08_00.zip");
        const QJsonArray expected =
            QJsonDocument::fromJson(runTool("python3", {"-c", kExpect, zip})).array();
        QVERIFY(expected.size() >= 3);
        QTemporaryDir tmp;
        const QString db = tmp.filePath("c.hcase");
        QCOMPARE(runCli({"case", "new", db, "--name", "vr"}), 0);
        const int rc = runCli({"ingest", db, zip});
        QVERIFY(rc == 0 || rc == 4);
        // uploads stored under their percent-decoded paths, with the metadata's count
        const QStringList stored = sql(db, "select substr(path, instr(path, '!/') + 2), sha256 from objects "
                                           "where kind = 'file' and path like '%!/uploads/%'");
        QCOMPARE(stored.size(), expected.size());
        for (const auto &v : expected) {
            const QString row = v.toObject()["path"].toString() + "|" + v.toObject()["sha256"].toString();
            QVERIFY2(stored.contains(row), qPrintable(row));
        }
        // the metadata's own SHA-256 is cross-checked: the summary names the verified count
        QVERIFY(!sql(db, "select 1 from ingest_errors where reason like '%uploads listed%1 SHA-256 verified%'").isEmpty());
        // one host, from the collection, on every event; timeline in UTC order
        QCOMPARE(sql(db, "select distinct t.value from events e join terms t on t.id = e.host_id"),
                 QStringList{"WIN-E5K9RC5GU23"});
        QCOMPARE(sql(db, "select count(*) from events where host_id is null").value(0), QString("0"));
        QByteArray out;
        QCOMPARE(runCli({"timeline", db, "--json"}, &out), 0);
        qint64 last = std::numeric_limits<qint64>::min();
        int n = 0;
        for (const QByteArray &line : out.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QJsonObject e = QJsonDocument::fromJson(line).object();
            QCOMPARE(e["host"].toString(), QString("WIN-E5K9RC5GU23"));
            QVERIFY(e["time_us"].toInteger() >= last);
            last = e["time_us"].toInteger();
            ++n;
        }
        QVERIFY(n > 5);
        // result rows are artifacts named after their artifact
        QVERIFY(sql(db, "select count(*) from objects where kind = 'artifact_row' and "
                        "name = 'Windows.KapeFiles.Targets/Uploads'").value(0).toInt() == 3);
    }

    void passwordCollectorOpensWithPassword() {
        HARRIER_REQUIRE_CORPUS(zip, "endpoint_triage/velociraptor_offline_collections/encrypted_collector_password.zip");
        QTemporaryDir tmp;
        const QString db = tmp.filePath("c.hcase");
        QCOMPARE(runCli({"case", "new", db, "--name", "pw"}), 0);
        runCli({"ingest", db, zip, "--password", "hello"});
        // Generic.Client.Info results inside data.zip name the host
        QCOMPARE(sql(db, "select count(*) from objects where kind = 'file' and path like '%data.zip!/Generic.Client.Info/%'").value(0),
                 QString("3"));
        QCOMPARE(sql(db, "select distinct t.value from events e join terms t on t.id = e.host_id "
                         "join objects o on o.id = e.object_id where o.path like '%data.zip!/%'"),
                 QStringList{"DESKTOP-SU8FH31"});
        const QString db2 = tmp.filePath("c2.hcase");
        QCOMPARE(runCli({"case", "new", db2, "--name", "nopw"}), 0);
        runCli({"ingest", db2, zip});
        QVERIFY(!sql(db2, "select 1 from ingest_errors where reason like '%--password%'").isEmpty());
    }

    void certificateCollectorSaysWhatIsNeeded() {
        HARRIER_REQUIRE_CORPUS(zip, "endpoint_triage/velociraptor_offline_collections/encrypted_collector_pki.zip");
        QTemporaryDir tmp;
        const QString db = tmp.filePath("c.hcase");
        QCOMPARE(runCli({"case", "new", db, "--name", "pki"}), 0);
        runCli({"ingest", db, zip});
        QVERIFY(!sql(db, "select 1 from ingest_errors where reason like '%X509%private key%--password%'").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestVelociraptorLayout)
#include "tst_velociraptor_layout.moc"
