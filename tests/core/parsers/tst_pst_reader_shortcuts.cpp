// PstReader's speed-ups must not change what it reads. Each is checked against
// the plain libpff way on every PST in the corpus:
//  - the name-to-id lookup memo (pff_name_map_cache) against libpff's own walk
//    of the map (memo off): same records, and the memo really answered;
//  - attachments kept open from counting to storing against opening them
//    again (keepOpenBytes 0): same records;
//  - the PST read from memory (pff_file.h) against the PST read by path:
//    same records;
//  - the recovery scan on a second handle and thread (PstRecoveryScan), from
//    memory, against libpff_file_recover_items on one handle opened by path:
//    same items, and the ones it marks as folders/tables are the ones libpff
//    types so.
#include "parsers/outlook/pff_name_map_cache.h"
#include "parsers/outlook/pst_reader.h"
#include "pst_test_input.h"
#include "parsers/outlook/pst_recovery_scan.h"

#include <QDirIterator>
#include <QtTest>

#include <set>
#include <vector>

#include "support/test_support.h"

using namespace harrier;
using parsers::outlook::PstReader;

namespace {

/// Everything a parser emits, as sorted text lines (ids kept: they are
/// allocated in emission order, so they too must come out the same).
class RecordingSink final : public ingest::ArtifactSink {
public:
    casestore::ObjectId newObjectId() override { return ++m_next; }
    void addObject(casestore::ObjectRecord o) override {
        std::string line = "object " + std::to_string(o.id) + " " + std::to_string(o.parentId) + " " + o.kind + " " +
                           o.name + " " + o.path + " " + o.sha256 + " " + o.mimeType;
        for (const auto &a : o.attributes)
            line += " | " + a.name + "=" + a.text + "/" + std::to_string(a.integer);
        lines.insert(line);
    }
    void addEvent(casestore::EventRecord e) override {
        lines.insert("event " + std::to_string(e.objectId) + " " + std::to_string(e.time.micros) + " " +
                     e.timestampDesc + " " + e.eventType + " " + e.message);
    }
    void addObservable(casestore::ObservableRecord o) override {
        lines.insert("observable " + std::to_string(o.objectId) + " " + o.kind + " " + o.value + " " + o.context);
    }
    std::string storeBlob(ByteView content) override { return "blob of " + std::to_string(content.size()); }
    void addError(casestore::ObjectId container, std::string path, std::optional<std::int64_t>, std::string reason,
                  casestore::ErrorSeverity) override {
        lines.insert("error " + std::to_string(container) + " " + path + " " + reason);
    }
    void setCounts(casestore::ContainerCounts c) override {
        lines.insert("counts " + std::to_string(c.containerId) + " " + std::to_string(c.seen) + " " +
                     std::to_string(c.stored) + " " + std::to_string(c.failed));
    }
    ingest::NestedOutcome ingestNested(casestore::ObjectId parent, ingest::NestedItem item,
                                       ingest::ByteStream &content) override {
        std::vector<std::uint8_t> buf(1 << 16);
        std::uint64_t size = 0;
        for (;;) {
            auto got = content.read(buf);
            if (!got || *got == 0)
                break;
            size += *got;
        }
        const casestore::ObjectId id = ++m_next;
        lines.insert("nested " + std::to_string(id) + " " + std::to_string(parent) + " " + item.name + " " +
                     item.path + " " + std::to_string(size));
        return {id, {}, size, {}};
    }

    std::set<std::string> lines;

private:
    casestore::ObjectId m_next = 100;
};

std::set<std::string> read(const QString &pst, std::uint64_t keepOpenBytes = PstReader::kKeepOpenBytes,
                           std::uint64_t inMemoryUpTo = parsers::outlook::kMaxInMemoryPst) {
    const ingest::ItemInput item = test::pstItemInput(pst, "x.pst");
    ingest::ParseContext ctx;
    RecordingSink sink;
    PstReader reader(item, sink, ctx, PstReader::kMaxInMemoryAttachment, keepOpenBytes, inMemoryUpTo);
    if (!reader.run())
        sink.lines.insert("run failed");
    return sink.lines;
}

QStringList corpusPsts() {
    QStringList out;
    const QString dir = test::corpusPath(QStringLiteral("outlook_pst_msg"));
    if (dir.isEmpty())
        return out;
    QDirIterator it(dir, {QStringLiteral("*.pst"), QStringLiteral("*.ost")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next();
    out.sort();
    return out;
}

struct Recovered {
    int count = -1;
    std::multiset<std::pair<std::uint32_t, int>> items;  ///< identifier, type
    std::vector<int> types;                              ///< by index; -1 unreadable
};


Recovered describeRecovered(libpff_file_t *file) {
    Recovered r;
    libpff_error_t *e = nullptr;
    if (libpff_file_get_number_of_recovered_items(file, &r.count, &e) != 1) {
        libpff_error_free(&e);
        return r;
    }
    for (int i = 0; i < r.count; ++i) {
        libpff_item_t *item = nullptr;
        std::uint32_t id = 0;
        std::uint8_t type = 0;
        if (libpff_file_get_recovered_item_by_index(file, i, &item, &e) != 1 || !item) {
            libpff_error_free(&e);
            r.items.insert({0, -1});
            r.types.push_back(-1);
            continue;
        }
        if (libpff_item_get_identifier(item, &id, &e) != 1)
            libpff_error_free(&e);
        if (libpff_item_get_type(item, &type, &e) != 1)
            libpff_error_free(&e);
        r.items.insert({id, type});
        r.types.push_back(type);
        libpff_item_free(&item, nullptr);
    }
    return r;
}

}  // namespace

class TestPstReaderShortcuts : public QObject {
    Q_OBJECT
private slots:
    void nameLookupMemoGivesLibpffsAnswers() {
        const QStringList psts = corpusPsts();
        if (psts.isEmpty())
            QSKIP("corpus not present: outlook_pst_msg");
        for (const QString &pst : psts) {
            parsers::outlook::setPffNameMemo(false);
            const auto before = parsers::outlook::pffNameLookupStats();
            const auto walked = read(pst);
            const auto afterWalks = parsers::outlook::pffNameLookupStats();
            parsers::outlook::setPffNameMemo(true);
            const auto memoised = read(pst);
            const auto after = parsers::outlook::pffNameLookupStats();
            QVERIFY2(walked == memoised, qPrintable(pst));
            // Without the memo every lookup is a walk; with it, most are not.
            QCOMPARE(afterWalks.calls - before.calls, afterWalks.walks - before.walks);
            const auto calls = after.calls - afterWalks.calls, walks = after.walks - afterWalks.walks;
            if (pst.endsWith(QStringLiteral("velociraptor/Outlook.pst"))) {
                QVERIFY(after.memoised);
                QVERIFY2(calls > 1000 && walks * 4 < calls,
                         qPrintable(QStringLiteral("%1 lookups, %2 walks").arg(calls).arg(walks)));
            }
            qInfo("%s: %zu records, %llu name lookups, %llu walks", qPrintable(QFileInfo(pst).fileName()),
                  memoised.size(), static_cast<unsigned long long>(calls), static_cast<unsigned long long>(walks));
        }
    }

    void keptOpenAttachmentsReadAsReopenedOnes() {
        const QStringList psts = corpusPsts();
        if (psts.isEmpty())
            QSKIP("corpus not present: outlook_pst_msg");
        bool sawNested = false;
        for (const QString &pst : psts) {
            const auto kept = read(pst);
            QCOMPARE(read(pst, 0), kept);
            for (const auto &line : kept)
                sawNested = sawNested || line.starts_with("nested ");
        }
        QVERIFY(sawNested);  // some PST has attachments, or this proved nothing
    }

    void pstInMemoryReadsAsPstByPath() {
        const QStringList psts = corpusPsts();
        if (psts.isEmpty())
            QSKIP("corpus not present: outlook_pst_msg");
        for (const QString &pst : psts) {
            QVERIFY(parsers::outlook::loadPstBytes(pst.toStdString()));  // all corpus PSTs are small
            const auto fromMemory = read(pst);
            QVERIFY2(read(pst, PstReader::kKeepOpenBytes, 0) == fromMemory, qPrintable(pst));
            QVERIFY(fromMemory.size() > 10);
        }
    }

    void recoveryScanOnSecondHandleFindsTheSameItems() {
        const QStringList psts = corpusPsts();
        if (psts.isEmpty())
            QSKIP("corpus not present: outlook_pst_msg");
        bool sawRecovered = false, sawSkipped = false;
        for (const QString &pst : psts) {
            const std::string path = pst.toStdString();
            libpff_error_t *e = nullptr;
            parsers::outlook::PffFile byPath;
            QCOMPARE(byPath.open(path, nullptr, &e), 1);
            QCOMPARE(libpff_file_recover_items(byPath.get(), 0, &e), 1);
            const Recovered direct = describeRecovered(byPath.get());
            byPath.close();

            parsers::outlook::PstRecoveryScan scan(path, parsers::outlook::loadPstBytes(path), {}, parsers::outlook::PstReader::isMessageLike);
            QVERIFY(scan.file());
            QCOMPARE(scan.wait(e), 1);
            // What the scan's thread marked as not an item is what a fresh
            // read on the other handle says is not one.
            for (int i = 0; i < direct.count; ++i) {
                const int type = direct.types[static_cast<std::size_t>(i)];
                QCOMPARE(scan.skippable(i), type >= 0 && !parsers::outlook::PstReader::isMessageLike(static_cast<std::uint8_t>(type)));
                sawSkipped = sawSkipped || scan.skippable(i);
            }
            const Recovered beside = describeRecovered(scan.file());
            QCOMPARE(beside.count, direct.count);
            QVERIFY2(beside.items == direct.items, qPrintable(pst));
            sawRecovered = sawRecovered || direct.count > 0;
        }
        QVERIFY(sawRecovered);
        QVERIFY(sawSkipped);
    }
};

QTEST_GUILESS_MAIN(TestPstReaderShortcuts)
#include "tst_pst_reader_shortcuts.moc"
