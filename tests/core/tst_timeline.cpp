// Timeline queries over a case whose events follow a formula, so every
// expected answer is computed from the formula, not from Harrier.
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <sqlite3.h>

#include <set>
#include <sstream>

#include "casestore/annotations.h"
#include "casestore/case_writer.h"
#include "casestore/event_query.h"
#include "support/test_support.h"
#include "timeline/timeline_export.h"

using namespace harrier;
using namespace harrier::casestore;

namespace {
constexpr int kEvents = 1000;
constexpr std::int64_t kBase = 1'711'324'800'000'000LL;  // 2024-03-25T00:00:00Z
constexpr std::int64_t kMinute = 60'000'000LL;

// Event i: one per minute; host WS(i%4); type a/b by parity; object 1 + i%2 (+1 for the source);
// message "event i word(i%10)", and every 100th mentions a domain.
std::string messageOf(int i) {
    std::string m = "event " + std::to_string(i) + " word" + std::to_string(i % 10);
    if (i % 100 == 0)
        m += " beacon to evil.example.com";
    return m;
}
}  // namespace

class TestTimeline : public QObject {
    Q_OBJECT
    std::unique_ptr<test::TempCase> m_case;
    ObjectId m_source = 0, m_objA = 0, m_objB = 0;

    EventQuery query() const { return EventQuery(*m_case->db); }
    std::uint64_t count(const EventFilter &f) const {
        auto n = query().count(f);
        if (!n)
            qFatal("%s", n.error().message.c_str());
        return *n;
    }

private slots:
    void initTestCase() {
        m_case = test::makeTempCase();
        auto w = CaseWriter::start(*m_case->db);
        QVERIFY(w);
        m_source = (*w)->allocateObjectId();
        m_objA = (*w)->allocateObjectId();
        m_objB = (*w)->allocateObjectId();
        for (ObjectId id : {m_source, m_objA, m_objB}) {
            ObjectRecord o;
            o.id = id;
            o.parentId = id == m_source ? 0 : m_source;
            o.sourceId = m_source;
            o.kind = id == m_source ? "source" : "file";
            o.name = o.path = "obj" + std::to_string(id);
            QVERIFY((*w)->put(o).ok());
        }
        // Written in reverse time order: queries must not depend on insertion order.
        for (int i = kEvents - 1; i >= 0; --i) {
            EventRecord e;
            e.time = UtcTime{kBase + i * kMinute};
            e.timestampDesc = i % 3 ? "Modified" : "Created";
            e.eventType = i % 2 ? "type:b" : "type:a";
            e.sourceId = m_source;
            e.objectId = i % 2 ? m_objB : m_objA;
            e.host = "WS" + std::to_string(i % 4);
            e.user = i % 5 == 0 ? "alice" : "";
            e.message = messageOf(i);
            QVERIFY((*w)->put(std::move(e)).ok());
        }
        QVERIFY((*w)->close().ok());
    }

    void counts_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<qulonglong>("expected");
        QTest::newRow("all") << "all" << qulonglong(kEvents);
        QTest::newRow("host WS1") << "host" << qulonglong(250);
        QTest::newRow("type a + host WS1") << "type+host" << qulonglong(0);
        QTest::newRow("range 100..200 min") << "range" << qulonglong(100);
        QTest::newRow("user alice") << "user" << qulonglong(200);
        QTest::newRow("desc Created") << "desc" << qulonglong(334);
        QTest::newRow("text word3") << "text" << qulonglong(100);
        QTest::newRow("text domain") << "domain" << qulonglong(10);
        QTest::newRow("text two terms") << "two" << qulonglong(10);  // word0 AND beacon
        QTest::newRow("source") << "source" << qulonglong(kEvents);
        // Event i belongs to object B when i is odd: 500; odd and i%4==1 (WS1): 250.
        QTest::newRow("object B") << "objB" << qulonglong(kEvents / 2);
        QTest::newRow("object B + host WS1") << "objB+host" << qulonglong(250);
        QTest::newRow("object B + host WS2") << "objB+host2" << qulonglong(0);  // WS2 events are even
        QTest::newRow("objects A and B") << "objAB" << qulonglong(kEvents);
        QTest::newRow("object: the source itself") << "objSrc" << qulonglong(0);  // not its descendants
    }
    void counts() {
        QFETCH(QString, what);
        QFETCH(qulonglong, expected);
        EventFilter f;
        if (what == "host") f.hosts = {"WS1"};
        if (what == "type+host") { f.eventTypes = {"type:a"}; f.hosts = {"WS1"}; }
        if (what == "range") { f.from = UtcTime{kBase + 100 * kMinute}; f.to = UtcTime{kBase + 200 * kMinute}; }
        if (what == "user") f.users = {"alice"};
        if (what == "desc") f.timestampDescs = {"Created"};
        if (what == "text") f.text = "word3";
        if (what == "domain") f.text = "evil.example.com";
        if (what == "two") f.text = "word0 beacon";
        if (what == "source") f.sources = {m_source};
        if (what == "objB") f.objects = {m_objB};
        if (what == "objB+host") { f.objects = {m_objB}; f.hosts = {"WS1"}; }
        if (what == "objB+host2") { f.objects = {m_objB}; f.hosts = {"WS2"}; }
        if (what == "objAB") f.objects = {m_objA, m_objB};
        if (what == "objSrc") f.objects = {m_source};
        QCOMPARE(qulonglong(count(f)), expected);
    }

    void keysetForwardCoversEverythingOnce() {
        std::vector<std::int64_t> times;
        std::set<EventId> ids;
        std::optional<EventCursor> cursor;
        for (;;) {
            auto page = query().page({}, cursor, PageDirection::Forward, 64);
            QVERIFY(page);
            for (const auto &r : *page) {
                times.push_back(r.time.micros);
                QVERIFY(ids.insert(r.id).second);
            }
            if (page->size() < 64)
                break;
            cursor = EventCursor{page->back().time, page->back().id};
        }
        QCOMPARE(times.size(), std::size_t(kEvents));
        for (int i = 0; i < kEvents; ++i)
            QCOMPARE(times[static_cast<std::size_t>(i)], kBase + i * kMinute);
    }

    void keysetBackwardFromTheEnd() {
        std::vector<std::int64_t> times;
        std::optional<EventCursor> cursor;
        for (;;) {
            auto page = query().page({}, cursor, PageDirection::Backward, 100);
            QVERIFY(page);
            QVERIFY(std::is_sorted(page->begin(), page->end(),
                                   [](const EventRow &a, const EventRow &b) { return a.time < b.time; }));
            if (page->empty())
                break;
            for (auto it = page->rbegin(); it != page->rend(); ++it)
                times.insert(times.begin(), it->time.micros);
            cursor = EventCursor{page->front().time, page->front().id};
            if (page->size() < 100)
                break;
        }
        QCOMPARE(times.size(), std::size_t(kEvents));
        QCOMPARE(times.front(), kBase);
        QCOMPARE(times.back(), kBase + (kEvents - 1) * kMinute);
    }

    void pageMiddleWithFilter() {
        EventFilter f;
        f.hosts = {"WS2"};  // i = 2, 6, 10, ...
        auto first = query().page(f, EventCursor{UtcTime{kBase + 500 * kMinute}, 0}, PageDirection::Forward, 3);
        QVERIFY(first);
        QCOMPARE(first->size(), std::size_t(3));
        QCOMPARE((*first)[0].time.micros, kBase + 502 * kMinute);
        QCOMPARE((*first)[1].time.micros, kBase + 506 * kMinute);
        QCOMPARE(QString::fromStdString((*first)[0].message), QString::fromStdString(messageOf(502)));
        QCOMPARE((*first)[0].host, std::string("WS2"));
        QCOMPARE((*first)[0].objectPath, "obj" + std::to_string(m_objA));
    }

    void histogramBucketsSumAndWidth() {
        EventFilter f;
        f.from = UtcTime{kBase};
        f.to = UtcTime{kBase + kEvents * kMinute};
        auto h = query().histogram(f, 100);
        QVERIFY(h);
        // 1000 minutes in at most 100 buckets: 5 min gives 200, so 15 min is the nice width.
        QCOMPARE(h->bucketMicros, 15 * kMinute);
        std::uint64_t sum = 0;
        for (const auto &b : h->buckets)
            sum += b.count;
        QCOMPARE(sum, std::uint64_t(kEvents));
        QCOMPARE(h->buckets.front().count, std::uint64_t(15));
        QCOMPARE(h->buckets.size(), std::size_t(67));
        QCOMPARE(niceBucketMicros(59 * 1'000'000LL, 100), 1'000'000LL);
        QCOMPARE(niceBucketMicros(3LL * 365 * 86400 * 1'000'000 * 100, 100), 4LL * 365 * 86400 * 1'000'000);
    }

    void histogramWithoutRangeUsesDataSpan() {
        EventFilter f;
        f.hosts = {"WS0"};
        auto h = query().histogram(f, 50);
        QVERIFY(h);
        std::uint64_t sum = 0;
        for (const auto &b : h->buckets)
            sum += b.count;
        QCOMPARE(sum, std::uint64_t(250));
    }

    void aroundAnEvent() {
        auto page = query().page({}, EventCursor{UtcTime{kBase + 499 * kMinute}, INT64_MAX}, PageDirection::Forward, 1);
        QVERIFY(page && page->size() == 1);
        auto f = query().around(page->front().id, 5);
        QVERIFY(f);
        QCOMPARE(count(*f), std::uint64_t(11));  // minutes 495..505
    }

    void tagsAndHitsFilter() {
        AnnotationStore notes(*m_case->db);
        QVERIFY(notes.add(TargetKind::Object, m_objB, AnnotationKind::Tag, "phishing").ok());
        auto page = query().page({}, std::nullopt, PageDirection::Forward, 1);
        QVERIFY(notes.add(TargetKind::Event, page->front().id, AnnotationKind::Tag, "first").ok());
        QVERIFY(!notes.add(TargetKind::Object, 999999, AnnotationKind::Tag, "x").ok());
        QVERIFY(!notes.add(TargetKind::Object, m_objA, AnnotationKind::Verdict, "maybe").ok());
        EventFilter f;
        f.tags = {"phishing"};
        QCOMPARE(count(f), std::uint64_t(500));  // every odd event belongs to object B
        f.tags = {"first"};
        QCOMPARE(count(f), std::uint64_t(1));
        f.tags = {"phishing", "first"};
        QCOMPARE(count(f), std::uint64_t(501));

        sqlite3 *db = m_case->db->handle();
        const std::string sql = "INSERT INTO hits(uuid, object_id, rule_id, rule_set, rule_set_hash, severity, "
                                "explanation, created_at) VALUES ('h1', " + std::to_string(m_objA) +
                                ", 'r', 'pack', 'x', 70, 'test hit', 0)";
        QCOMPARE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        EventFilter h;
        h.hasHit = true;
        QCOMPARE(count(h), std::uint64_t(500));
        h.minSeverity = 70;
        QCOMPARE(count(h), std::uint64_t(500));
        h.minSeverity = 71;
        QCOMPARE(count(h), std::uint64_t(0));
        auto rows = query().page({}, std::nullopt, PageDirection::Forward, 2);
        QCOMPARE((*rows)[0].maxSeverity, 70);   // event 0 is on object A
        QCOMPARE((*rows)[1].maxSeverity, -1);
    }

    void exportsCsvAndTimesketch() {
        EventFilter f;
        f.hosts = {"WS3"};
        std::ostringstream csv;
        auto n = timeline::exportTimeline(query(), f, timeline::ExportFormat::Csv, csv);
        QVERIFY(n);
        QCOMPARE(*n, std::uint64_t(250));
        const QStringList lines = QString::fromStdString(csv.str()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 251);
        QVERIFY(lines[0].startsWith("id,time_utc,timestamp_desc"));
        QVERIFY(lines[1].contains(",2024-03-25T00:03:00Z,"));

        std::ostringstream ts;
        n = timeline::exportTimeline(query(), f, timeline::ExportFormat::Timesketch, ts);
        QVERIFY(n);
        const QStringList jl = QString::fromStdString(ts.str()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(jl.size(), 250);
        for (const QString &line : jl) {
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
            QVERIFY(o.contains("message") && o.contains("datetime") && o.contains("timestamp_desc"));
            QVERIFY(QDateTime::fromString(o["datetime"].toString(), Qt::ISODateWithMs).isValid());
        }
        QCOMPARE(QJsonDocument::fromJson(jl[0].toUtf8()).object()["message"].toString(),
                 QString::fromStdString(messageOf(3)));

        std::ostringstream limited;
        n = timeline::exportTimeline(query(), {}, timeline::ExportFormat::Jsonl, limited, 7000);
        QCOMPARE(*n, std::uint64_t(kEvents));
        std::ostringstream seven;
        n = timeline::exportTimeline(query(), {}, timeline::ExportFormat::Jsonl, seven, 7);
        QCOMPARE(*n, std::uint64_t(7));
    }

    void csvEscaping() {
        QCOMPARE(timeline::csvEscape("plain"), std::string("plain"));
        QCOMPARE(timeline::csvEscape("a,b"), std::string("\"a,b\""));
        QCOMPARE(timeline::csvEscape("say \"hi\"\n"), std::string("\"say \"\"hi\"\"\n\""));
    }
};

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
