// Text logs, Recycle Bin and scheduled tasks over hand-written fixtures
// whose answers were worked out by hand (epoch seconds checked with
// Python's calendar.timegm).
#include <QDateTime>
#include <QtTest>

#include "endpoint_test_util.h"
#include "support/test_support.h"

using namespace harrier::test;

class TestTextLog : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_db;

    QStringList events(const QString &type) {
        return sql(m_db, "select e.time_us / 1000000, d.value from events e join terms t on t.id = e.type_id "
                         "join terms d on d.id = e.desc_id where t.value = '" + type + "' order by e.time_us");
    }

private slots:
    void initTestCase() {
        const QString dir = m_tmp.filePath("evidence");
        QDir().mkpath(dir);
        writeFile(dir + "/auth.log", "Dec 31 23:59:59 hostA sshd[1]: Accepted password for bob\n"
                                     "Jan  1 00:00:01 hostA sshd[2]: Disconnected\n");
        QFile log(dir + "/auth.log");
        QVERIFY(log.open(QIODevice::ReadWrite));
        // the file was last written on 2 January 2024: the Dec line is from 2023
        QVERIFY(log.setFileTime(QDateTime(QDate(2024, 1, 2), QTime(12, 0), Qt::UTC),
                                QFileDevice::FileModificationTime));
        log.close();
        writeFile(dir + "/access.log",
                  "10.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] \"GET /a.php?x=1 HTTP/1.0\" 200 2326 \"-\" \"ua\"\n"
                  "not an access log line\n");
        writeFile(dir + "/u_ex130730.log", "#Software: Microsoft Internet Information Services 6.0\n"
                                           "#Date: 2013-07-30 00:00:00\n"
                                           "#Fields: time c-ip cs-method cs-uri-stem sc-status\n"
                                           "01:02:03 1.2.3.4 GET /x 200\n"
                                           "garbage\n");
        writeFile(dir + "/.bash_history", "#1380630977\nls -la\n");
        // $I version 2: size 1234, deleted 2020-01-01T00:00:00Z, "C:\a.txt" (9 UTF-16 units with the NUL)
        QByteArray rb;
        auto le = [&](quint64 v, int n) { for (int i = 0; i < n; ++i) rb.append(char((v >> (8 * i)) & 0xff)); };
        le(2, 8);
        le(1234, 8);
        le(132223104000000000ULL, 8);
        le(9, 4);
        for (const char c : QByteArray("C:\\a.txt"))
            le(quint8(c), 2);
        le(0, 2);
        writeFile(dir + "/$IABC123.txt", rb);
        m_db = m_tmp.filePath("c.hcase");
        QCOMPARE(runCli({"case", "new", m_db, "--name", "logs"}), 0);
        runCli({"ingest", m_db, dir});
    }
    void syslogYearFromModificationTime() {
        QCOMPARE(events("log:syslog"), (QStringList{"1704067199|Log Line", "1704067201|Log Line"}));
        QCOMPARE(sql(m_db, "select distinct t.value from events e join terms t on t.id = e.host_id join terms y on "
                           "y.id = e.type_id where y.value = 'log:syslog'"),
                 QStringList{"hostA"});
    }
    void syslogClaimsExactAndRotatedNamesOnly() {
        const QString dir = m_tmp.filePath("names");
        QDir().mkpath(dir);
        // Named like a log only by prefix: a phishing attachment, not /var/log/secure.
        writeFile(dir + "/secure_message.html", "<html>\n<p>Your mailbox is full</p>\n</html>\n");
        // A rotated log that starts mid-line (cut by rotation): claimed by its name.
        writeFile(dir + "/messages.1", "ed password for bob from 192.0.2.9 port 22\n"
                                       "Mar  5 10:00:00 hostB cron[7]: job ran\n");
        const QString db = m_tmp.filePath("names.hcase");
        QCOMPARE(runCli({"case", "new", db, "--name", "names"}), 0);
        runCli({"ingest", db, dir});
        QCOMPARE(sql(db, "select count(*) from ingest_errors where path like '%secure_message.html%'"),
                 QStringList{"0"});
        QCOMPARE(sql(db, "select count(*) from ingest_errors where path like '%messages.1%' and severity = 'error'"),
                 QStringList{"1"});  // the cut first line
        QCOMPARE(sql(db, "select count(*) from events e join terms h on h.id = e.host_id where h.value = 'hostB'"),
                 QStringList{"1"});
    }
    void accessLogTimeZoneAndBadLine() {
        QCOMPARE(events("log:apache"), QStringList{"971211336|Web Request"});
        QCOMPARE(sql(m_db, "select r.seen, r.stored, r.failed from reconciliation r join objects o on o.id = "
                           "r.object_id where o.name = 'access.log'"),
                 QStringList{"2|1|1"});
    }
    void iisHonoursFieldsAndDateDirective() {
        QCOMPARE(events("log:iis"), QStringList{"1375146123|Web Request"});
        QCOMPARE(sql(m_db, "select r.seen, r.stored, r.failed from reconciliation r join objects o on o.id = "
                           "r.object_id where o.name = 'u_ex130730.log'"),
                 QStringList{"2|1|1"});
    }
    void bashHistoryTimestamps() { QCOMPARE(events("shell:bash:history"), QStringList{"1380630977|Command Run"}); }
    void recycleBinIndex() {
        QCOMPARE(events("windows:recycle_bin"), QStringList{"1577836800|File Deleted"});
        QCOMPARE(sql(m_db, "select name, size from objects where kind = 'recycle_bin_entry'"),
                 QStringList{"C:\\a.txt|1234"});
    }
};

QTEST_GUILESS_MAIN(TestTextLog)
#include "tst_textlog.moc"
