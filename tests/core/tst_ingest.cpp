// The ingest pipeline over real files and real archives built by the test,
// including hostile ones. Hashes are checked against Qt's own implementation
// (independent of the OpenSSL code under test).
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QtTest>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "casestore/case_reader.h"
#include "ingest/entry_path.h"
#include "ingest/parse_worker.h"
#include "ingest/parser.h"
#include "ingest/parser_registry.h"
#include "ingest/pipeline.h"
#include "support/archive_builder.h"
#include "support/test_support.h"

using namespace harrier;
using namespace harrier::casestore;
using harrier::test::ArchiveEntry;
using harrier::test::ArchiveKind;

namespace {

std::string sha256Of(const std::string &content) {
    return QCryptographicHash::hash(QByteArray::fromStdString(content), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

struct Ingested {
    ingest::SourceReport report;
    std::vector<ObjectRecord> objects;
    std::vector<IngestError> errors;
    std::vector<ContainerCounts> containers;
};

const ingest::ParserRegistry kNoParsers;  // the generic file path only

Ingested ingestInto(test::TempCase &c, const QString &path, ingest::IngestOptions options = {},
                    std::stop_token stop = {}, ProgressSink *progress = nullptr,
                    const ingest::ParserRegistry &parsers = kNoParsers) {
    auto pipeline = ingest::Pipeline::create(*c.db, parsers, std::move(options));
    if (!pipeline)
        qFatal("pipeline: %s", pipeline.error().message.c_str());
    NullProgress none;
    auto report = (*pipeline)->ingest(path.toStdString(), stop, progress ? *progress : none);
    if (!report)
        qFatal("ingest: %s", report.error().message.c_str());
    if (!(*pipeline)->finish())
        qFatal("finish failed");
    Ingested out;
    out.report = *report;
    CaseReader reader(*c.db);
    out.objects = *reader.objectsOfSource(report->sourceId);
    out.errors = *reader.errors(report->sourceId);
    out.containers = *reader.containers(report->sourceId);
    return out;
}

const ObjectRecord *findByPath(const Ingested &in, const std::string &path) {
    for (const auto &o : in.objects)
        if (o.path == path)
            return &o;
    return nullptr;
}

bool anyErrorContains(const Ingested &in, const std::string &needle) {
    for (const auto &e : in.errors)
        if (e.reason.find(needle) != std::string::npos)
            return true;
    return false;
}

/// Reads its item where it lies, as the mbox and PST parsers do, and notes
/// what it was handed and what the file held while it parsed.
class InPlaceParser : public ingest::Parser {
public:
    struct Seen {
        std::string path;
        std::uint64_t size = 0;
        std::string sha256;
    };
    std::vector<Seen> seen;

    const ingest::ParserInfo &info() const noexcept override { return m_info; }
    ingest::Confidence sniff(ByteView, std::string_view name) const override {
        return name.ends_with(".inplace") ? ingest::Confidence::Extension : ingest::Confidence::None;
    }
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &, const ingest::ParseContext &) override {
        QFile f(QString::fromStdString(item.localPath));
        if (!f.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, "cannot open " + item.localPath);
        seen.push_back({item.path, item.size,
                        QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex().toStdString()});
        return {};
    }

private:
    ingest::ParserInfo m_info{"inplace", "test parser reading in place", {"inplace"}};
};

std::string pseudoRandom(std::size_t size, std::uint32_t seed) {
    std::string s(size, '\0');
    for (char &ch : s) {
        seed = seed * 1103515245u + 12345u;
        ch = static_cast<char>(seed >> 24);
    }
    return s;
}

void verifyAllReconcile(const Ingested &in) {
    QVERIFY(!in.containers.empty());
    for (const auto &c : in.containers)
        QVERIFY2(c.reconciles(), qPrintable(QString("container %1: seen %2 stored %3 failed %4")
                                                .arg(c.containerId).arg(c.seen).arg(c.stored).arg(c.failed)));
}

}  // namespace

class TestIngest : public QObject {
    Q_OBJECT
private slots:
    void entryPathSanitising_data() {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("clean");
        QTest::addColumn<bool>("escaped");
        QTest::addColumn<bool>("absolute");
        QTest::newRow("plain") << "a/b.txt" << "a/b.txt" << false << false;
        QTest::newRow("dot") << "./a/./b" << "a/b" << false << false;
        QTest::newRow("inner dotdot") << "a/x/../b" << "a/b" << false << false;
        QTest::newRow("climb") << "../../etc/passwd" << "etc/passwd" << true << false;
        QTest::newRow("absolute") << "/etc/shadow" << "etc/shadow" << false << true;
        QTest::newRow("drive") << "C:\\Windows\\evil.dll" << "Windows/evil.dll" << false << true;
        QTest::newRow("backslash climb") << "a\\..\\..\\b" << "b" << true << false;
        QTest::newRow("empty") << "" << "(unnamed)" << false << false;
    }
    void entryPathSanitising() {
        QFETCH(QString, raw);
        QFETCH(QString, clean);
        QFETCH(bool, escaped);
        QFETCH(bool, absolute);
        const auto p = ingest::sanitizeEntryPath(raw.toStdString());
        QCOMPARE(QString::fromStdString(p.path), clean);
        QCOMPARE(p.escaped, escaped);
        QCOMPARE(p.absolute, absolute);
    }

    void directoryEveryFileWithHashes() {
        auto c = test::makeTempCase();
        QTemporaryDir ev;
        std::map<std::string, std::string> expected;  // relative path -> sha256
        for (int i = 0; i < 50; ++i) {
            const std::string rel = "sub" + std::to_string(i % 4) + "/file" + std::to_string(i) + ".bin";
            std::string content(static_cast<std::size_t>(i * 997), '\0');
            for (std::size_t k = 0; k < content.size(); ++k)
                content[k] = static_cast<char>((k * (i + 3)) % 251);
            test::writeFile(ev.path() + "/" + QString::fromStdString(rel), QByteArray::fromStdString(content));
            expected[rel] = sha256Of(content);
        }
        const auto in = ingestInto(*c, ev.path());
        QCOMPARE(in.report.status, SourceStatus::Done);
        std::size_t files = 0;
        for (const auto &o : in.objects) {
            if (o.kind != "file")
                continue;
            ++files;
            QVERIFY2(expected.count(o.path), o.path.c_str());
            QCOMPARE(o.sha256, expected[o.path]);
            QCOMPARE(o.md5.size(), std::size_t(32));
            QCOMPARE(o.sha1.size(), std::size_t(40));
            QCOMPARE(*o.size, static_cast<std::int64_t>(QFileInfo(ev.path() + "/" + QString::fromStdString(o.path)).size()));
        }
        QCOMPARE(files, expected.size());
        verifyAllReconcile(in);
        QCOMPARE(in.containers.front().seen, std::uint64_t(50));
        // Content is kept: a stored blob equals the file.
        const ObjectRecord *o = findByPath(in, "sub1/file13.bin");
        QVERIFY(o);
        auto blob = CaseReader(*c->db).blob(o->blobSha256);
        QVERIFY(blob);
        QCOMPARE(sha256Of(std::string(blob->begin(), blob->end())), expected["sub1/file13.bin"]);
    }

    void symlinksAreRecordedNotFollowed() {
        auto c = test::makeTempCase();
        QTemporaryDir ev, outside;
        test::writeFile(outside.path() + "/secret.txt", "analyst's own file");
        test::writeFile(ev.path() + "/real.txt", "evidence");
        QVERIFY(QFile::link(outside.path() + "/secret.txt", ev.path() + "/link.txt"));
        const auto in = ingestInto(*c, ev.path());
        const ObjectRecord *link = findByPath(in, "link.txt");
        QVERIFY(link);
        QCOMPARE(link->kind, std::string("symlink"));
        QVERIFY(link->sha256.empty());
        verifyAllReconcile(in);
    }

    // Entry names that try to leave the archive never create files outside;
    // they are kept inside the case under a normalised name, with a warning.
    void zipSlipIsContained() {
        auto c = test::makeTempCase();
        QTemporaryDir work;
        QDir().mkpath(work.path() + "/deep/er");
        const std::string zip = (work.path() + "/deep/er/slip.zip").toStdString();
        test::writeArchive(zip, ArchiveKind::Zip,
                           {{"../../evil.txt", "climb"},
                            {"/tmp/harrier-absolute-evil.txt", "absolute"},
                            {"C:\\Windows\\System32\\evil.dll", "drive"},
                            {"ok/../../../up.txt", "mixed"},
                            {"fine/normal.txt", "normal"}});
        const auto in = ingestInto(*c, QString::fromStdString(zip));
        QVERIFY(!QFile::exists(work.path() + "/evil.txt"));
        QVERIFY(!QFile::exists(work.path() + "/deep/evil.txt"));
        QVERIFY(!QFile::exists(work.path() + "/up.txt"));
        QVERIFY(!QFile::exists("/tmp/harrier-absolute-evil.txt"));
        QDirIterator it(work.path(), QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files << it.next();
        QCOMPARE(files, QStringList{work.path() + "/deep/er/slip.zip"});
        for (const char *p : {"slip.zip!/evil.txt", "slip.zip!/tmp/harrier-absolute-evil.txt",
                              "slip.zip!/Windows/System32/evil.dll", "slip.zip!/up.txt", "slip.zip!/fine/normal.txt"})
            QVERIFY2(findByPath(in, p), p);
        QCOMPARE(findByPath(in, "slip.zip!/evil.txt")->sha256, sha256Of("climb"));
        int warnings = 0;
        for (const auto &e : in.errors)
            warnings += e.severity == ErrorSeverity::Warning ? 1 : 0;
        QCOMPARE(warnings, 4);
        verifyAllReconcile(in);
        QCOMPARE(in.report.status, SourceStatus::Done);
    }

    void decompressionBombStopsThatArchiveOnly() {
        auto c = test::makeTempCase();
        QTemporaryDir work;
        const std::string bomb = (work.path() + "/ev/bomb.zip").toStdString();
        QDir().mkpath(work.path() + "/ev");
        test::writeArchive(bomb, ArchiveKind::Zip, {{"zeros.bin", std::string(48 << 20, '\0')}, {"after.txt", "x"}});
        test::writeFile(work.path() + "/ev/innocent.txt", "still ingested");
        ingest::IngestOptions opts;
        opts.limits.ratioCheckFloor = 1 << 20;
        opts.limits.maxCompressionRatio = 100;
        const auto in = ingestInto(*c, work.path() + "/ev", opts);
        QVERIFY(anyErrorContains(in, "decompression ratio"));
        QVERIFY(findByPath(in, "bomb.zip"));       // the archive itself is kept as evidence
        QVERIFY(findByPath(in, "innocent.txt"));   // and the ingest went on
        QVERIFY(!findByPath(in, "bomb.zip!/zeros.bin"));
        verifyAllReconcile(in);
    }

    void totalSizeLimit() {
        auto c = test::makeTempCase();
        QTemporaryDir work;
        const std::string zip = (work.path() + "/big.tar").toStdString();
        test::writeArchive(zip, ArchiveKind::Tar,
                           {{"a.bin", std::string(300000, 'a')}, {"b.bin", std::string(300000, 'b')},
                            {"c.bin", std::string(300000, 'c')}});
        ingest::IngestOptions opts;
        opts.limits.maxArchiveTotalBytes = 500000;
        const auto in = ingestInto(*c, QString::fromStdString(zip), opts);
        QVERIFY(findByPath(in, "big.tar!/a.bin"));
        QVERIFY(!findByPath(in, "big.tar!/c.bin"));
        QVERIFY(anyErrorContains(in, "total size limit"));
        verifyAllReconcile(in);
    }

    void nestingDepthLimit() {
        auto c = test::makeTempCase();
        QTemporaryDir work;
        // level6.zip contains level5.zip ... contains level1.zip contains secret.txt
        std::string inner = (work.path() + "/level1.zip").toStdString();
        test::writeArchive(inner, ArchiveKind::Zip, {{"secret.txt", "deep"}});
        for (int level = 2; level <= 6; ++level) {
            const std::string outer = (work.path() + "/level" + QString::number(level) + ".zip").toStdString();
            test::writeArchive(outer, ArchiveKind::Zip,
                               {{"level" + std::to_string(level - 1) + ".zip", test::readAll(inner)}});
            inner = outer;
        }
        ingest::IngestOptions opts;
        opts.limits.maxNestingDepth = 3;
        const auto in = ingestInto(*c, QString::fromStdString(inner), opts);
        QVERIFY(findByPath(in, "level6.zip!/level5.zip"));
        QVERIFY(findByPath(in, "level6.zip!/level5.zip!/level4.zip"));
        QVERIFY(!findByPath(in, "level6.zip!/level5.zip!/level4.zip!/level3.zip"));
        QVERIFY(anyErrorContains(in, "nesting depth limit (3)"));

        auto c2 = test::makeTempCase();
        const auto all = ingestInto(*c2, QString::fromStdString(inner));  // default limit 8
        const std::string deepest =
            "level6.zip!/level5.zip!/level4.zip!/level3.zip!/level2.zip!/level1.zip!/secret.txt";
        QVERIFY(findByPath(all, deepest));
        QCOMPARE(findByPath(all, deepest)->sha256, sha256Of("deep"));
        verifyAllReconcile(all);
    }

    void encryptedZip() {
        QTemporaryDir work;
        const std::string zip = (work.path() + "/locked.zip").toStdString();
        test::writeArchive(zip, ArchiveKind::Zip, {{"payload.txt", "the secret payload"}}, "s3cret-Pa55");
        {
            auto c = test::makeTempCase();
            const auto in = ingestInto(*c, QString::fromStdString(zip));
            QVERIFY(!findByPath(in, "locked.zip!/payload.txt"));
            QVERIFY(anyErrorContains(in, "password"));
            verifyAllReconcile(in);
            QCOMPARE(in.containers.back().failed, std::uint64_t(1));
        }
        auto c = test::makeTempCase();
        ingest::IngestOptions opts;
        opts.passwords.push_back("s3cret-Pa55");
        const auto in = ingestInto(*c, QString::fromStdString(zip), opts);
        const ObjectRecord *payload = findByPath(in, "locked.zip!/payload.txt");
        QVERIFY(payload);
        QCOMPARE(payload->sha256, sha256Of("the secret payload"));
        verifyAllReconcile(in);
    }

    // Malware samples are conventionally zipped with "infected": tried by default.
    void infectedIsTriedByDefault() {
        QTemporaryDir work;
        const std::string zip = (work.path() + "/sample.zip").toStdString();
        test::writeArchive(zip, ArchiveKind::Zip, {{"sample.exe", "MZ not really"}}, "infected");
        auto c = test::makeTempCase();
        const auto in = ingestInto(*c, QString::fromStdString(zip));
        const ObjectRecord *sample = findByPath(in, "sample.zip!/sample.exe");
        QVERIFY(sample);
        QCOMPARE(sample->sha256, sha256Of("MZ not really"));
    }

    void otherFormats_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::newRow("tar") << int(ArchiveKind::Tar) << "x.tar";
        QTest::newRow("tar.gz") << int(ArchiveKind::TarGz) << "x.tar.gz";
        QTest::newRow("7z") << int(ArchiveKind::SevenZip) << "x.7z";
    }
    void otherFormats() {
        QFETCH(int, kind);
        QFETCH(QString, name);
        auto c = test::makeTempCase();
        QTemporaryDir work;
        const std::string path = (work.path() + "/" + name).toStdString();
        test::writeArchive(path, static_cast<ArchiveKind>(kind),
                           {{"dir/one.txt", "one", 1600000000}, {"two.txt", "two", 1600000001}});
        const auto in = ingestInto(*c, QString::fromStdString(path));
        const ObjectRecord *one = findByPath(in, name.toStdString() + "!/dir/one.txt");
        QVERIFY(one);
        QCOMPARE(one->sha256, sha256Of("one"));
        QVERIFY(findByPath(in, name.toStdString() + "!/two.txt"));
        verifyAllReconcile(in);
    }

    void singleCompressedFile() {
        auto c = test::makeTempCase();
        QTemporaryDir work;
        const QString log = work.path() + "/auth.log";
        test::writeFile(log, "Mar 25 10:00:00 host sshd[1]: Accepted password for root\n");
        QVERIFY(QProcess::execute("gzip", {log}) == 0);
        const auto in = ingestInto(*c, log + ".gz");
        const ObjectRecord *inner = findByPath(in, "auth.log.gz!/auth.log");
        QVERIFY(inner);
        QCOMPARE(inner->sha256, sha256Of("Mar 25 10:00:00 host sshd[1]: Accepted password for root\n"));
    }

    void corruptArchiveIsAnErrorNotACrash() {
        auto c = test::makeTempCase();
        QTemporaryDir work;
        const std::string zip = (work.path() + "/ev/cut.zip").toStdString();
        QDir().mkpath(work.path() + "/ev");
        test::writeArchive(zip, ArchiveKind::Zip, {{"a.txt", std::string(100000, 'a')}, {"b.txt", "bbb"}});
        std::string bytes = test::readAll(zip);
        bytes.resize(bytes.size() / 2);
        test::writeFile(QString::fromStdString(zip), QByteArray::fromStdString(bytes));
        test::writeFile(work.path() + "/ev/z.txt", "after");
        const auto in = ingestInto(*c, work.path() + "/ev");
        QVERIFY(!in.errors.empty());
        QVERIFY(findByPath(in, "cut.zip"));
        QVERIFY(findByPath(in, "z.txt"));
        verifyAllReconcile(in);
    }

    // A zip cut where its central directory starts (a partial download, a
    // carved file): libarchive fails the next header without an error text,
    // which once crashed the ingest.
    void zipCutAtCentralDirectory_data() {
        QTest::addColumn<int>("extra");
        for (int extra : {0, 1, 3})
            QTest::newRow(qPrintable(QString("directory+%1").arg(extra))) << extra;
    }

    void zipCutAtCentralDirectory() {
        QFETCH(int, extra);
        auto c = test::makeTempCase();
        QTemporaryDir work;
        QDir().mkpath(work.path() + "/ev");
        const std::string zip = (work.path() + "/ev/cut.zip").toStdString();
        test::writeArchive(zip, ArchiveKind::Zip, {{"a.txt", "first entry"}, {"b.txt", "second entry"}});
        std::string bytes = test::readAll(zip);
        const std::size_t directory = bytes.find(std::string("PK\x01\x02", 4));
        QVERIFY(directory != std::string::npos);
        bytes.resize(directory + static_cast<std::size_t>(extra));
        test::writeFile(QString::fromStdString(zip), QByteArray::fromStdString(bytes));
        const auto in = ingestInto(*c, work.path() + "/ev");
        QVERIFY(anyErrorContains(in, "archive is unreadable from here on"));
        const ObjectRecord *a = findByPath(in, "cut.zip!/a.txt");
        QVERIFY(a);
        QCOMPARE(a->sha256, sha256Of("first entry"));
        // The last entry's data is whole, but libarchive's streaming reader
        // looks past its data descriptor and fails it: kept or failed, never lost.
        if (const ObjectRecord *b = findByPath(in, "cut.zip!/b.txt"))
            QCOMPARE(b->sha256, sha256Of("second entry"));
        else
            QVERIFY(std::any_of(in.errors.begin(), in.errors.end(),
                                [](const IngestError &e) { return e.path == "cut.zip!/b.txt"; }));
        verifyAllReconcile(in);
    }

    void archiveEntryTimesAreMarked() {
        auto c = test::makeTempCase();
        QTemporaryDir work;
        const std::string path = (work.path() + "/t.tar").toStdString();
        test::writeArchive(path, ArchiveKind::Tar, {{"a.txt", "a", 1234567890}});
        const auto in = ingestInto(*c, QString::fromStdString(path));
        auto obj = CaseReader(*c->db).object(findByPath(in, "t.tar!/a.txt")->id);
        QVERIFY(obj);
        bool origin = false, modified = false;
        for (const auto &a : obj->attributes) {
            origin |= a.name == "time_origin" && a.text == "archive entry";
            modified |= a.name == "Archive Entry Modified" && a.integer == 1234567890LL * 1000000;
        }
        QVERIFY(origin);
        QVERIFY(modified);
    }

    void stopKeepsWhatWasDone() {
        auto c = test::makeTempCase();
        QTemporaryDir ev;
        for (int i = 0; i < 300; ++i)
            test::writeFile(ev.path() + QString("/f%1").arg(i), QByteArray::number(i));
        std::stop_source stop;
        struct StopAfter : ProgressSink {
            std::stop_source &s;
            explicit StopAfter(std::stop_source &src) : s(src) {}
            void onProgress(const ProgressInfo &p) override {
                if (p.items >= 100)
                    s.request_stop();
            }
        } progress(stop);
        const auto in = ingestInto(*c, ev.path(), {}, stop.get_token(), &progress);
        QCOMPARE(in.report.status, SourceStatus::Partial);
        std::size_t files = 0;
        for (const auto &o : in.objects)
            files += o.kind == "file" ? 1 : 0;
        QVERIFY(files >= 100);
        QVERIFY(files < 300);
        verifyAllReconcile(in);
    }

    void missingEvidenceIsAnError() {
        auto c = test::makeTempCase();
        const ingest::ParserRegistry parsers;
        auto pipeline = ingest::Pipeline::create(*c->db, parsers, {});
        QVERIFY(pipeline);
        NullProgress none;
        auto r = (*pipeline)->ingest("/nonexistent/evidence", {}, none);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::NotFound);
    }

    // The worker's queue lets the walk run ahead, but only so far: by task
    // count and by the spool bytes queued tasks own.
    void parseWorkerQueueBounds() {
        using harrier::ingest::ParseWorker;
        std::mutex gate;
        std::unique_lock hold(gate);  // the first task blocks until released
        std::atomic<int> ran{0};
        ParseWorker worker;
        worker.submit([&] { std::lock_guard g(gate); ++ran; });
        // Fill the queue to the count bound behind the blocked task.
        for (std::size_t i = 0; i < ParseWorker::kMaxQueuedTasks; ++i)
            worker.submit([&] { ++ran; });
        std::atomic<bool> extraQueued{false};
        std::thread extra([&] {
            worker.submit([&] { ++ran; });
            extraQueued = true;
        });
        QTest::qWait(200);
        QVERIFY2(!extraQueued, "a submit past the task bound must wait");
        hold.unlock();
        extra.join();
        worker.drain();
        QCOMPARE(ran.load(), static_cast<int>(ParseWorker::kMaxQueuedTasks) + 2);

        // Spool bytes: one task alone may own more than the bound; a second waits for it.
        std::mutex gate2;
        std::unique_lock hold2(gate2);
        worker.submit([&] { std::lock_guard g(gate2); }, ParseWorker::kMaxQueuedSpoolBytes / 2);
        worker.submit([] {}, ParseWorker::kMaxQueuedSpoolBytes / 2);  // at the bound: accepted
        std::atomic<bool> bigQueued{false};
        std::thread big([&] {
            worker.submit([] {}, 1);
            bigQueued = true;
        });
        QTest::qWait(200);
        QVERIFY2(!bigQueued, "a submit past the spool bound must wait");
        hold2.unlock();
        big.join();
        worker.submit([] {}, ParseWorker::kMaxQueuedSpoolBytes * 4);  // alone: accepted
        worker.drain();
    }

    void largeInPlaceFileIsHashedBesideItsParse() {
        // Over the blob limit and read in place by its parser: hashed on a
        // second thread during the parse, its object and its source still
        // get the digests of every byte. Under the limit: hashed first, kept.
        auto c = test::makeTempCase();
        QTemporaryDir ev;
        const std::string big = pseudoRandom(3 << 20, 7), small = pseudoRandom(5000, 11);
        test::writeFile(ev.path() + "/big.inplace", QByteArray::fromStdString(big));
        test::writeFile(ev.path() + "/small.inplace", QByteArray::fromStdString(small));
        ingest::IngestOptions opts;
        opts.limits.maxBlobBytes = 1 << 20;
        ingest::ParserRegistry parsers;
        parsers.add(std::make_unique<InPlaceParser>());
        auto *parser = static_cast<InPlaceParser *>(parsers.parsers().front().get());
        const auto in = ingestInto(*c, ev.path(), opts, {}, nullptr, parsers);
        QCOMPARE(in.report.status, SourceStatus::Done);
        QVERIFY(in.errors.empty());
        verifyAllReconcile(in);
        for (const auto &[name, content] : {std::pair{"big.inplace", big}, std::pair{"small.inplace", small}}) {
            const ObjectRecord *o = findByPath(in, name);
            QVERIFY2(o, name);
            const QByteArray bytes = QByteArray::fromStdString(content);
            QCOMPARE(o->sha256, sha256Of(content));
            QCOMPARE(o->sha1, QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex().toStdString());
            QCOMPARE(o->md5, QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toHex().toStdString());
            QCOMPARE(o->size.value_or(-1), static_cast<std::int64_t>(content.size()));
            QCOMPARE(o->blobSha256.empty(), content.size() > opts.limits.maxBlobBytes);
        }
        QCOMPARE(parser->seen.size(), std::size_t(2));
        for (const auto &s : parser->seen) {
            const std::string &content = s.path == "big.inplace" ? big : small;
            QCOMPARE(s.size, static_cast<std::uint64_t>(content.size()));
            QCOMPARE(s.sha256, sha256Of(content));
        }

        // One file as the whole source: the source row gets its digest too.
        auto c2 = test::makeTempCase();
        const auto one = ingestInto(*c2, ev.path() + "/big.inplace", opts, {}, nullptr, parsers);
        QCOMPARE(one.report.status, SourceStatus::Done);
        auto sources = CaseReader(*c2->db).sources();
        QVERIFY(sources && sources->size() == 1);
        QCOMPARE(sources->front().source.sha256, sha256Of(big));
        QCOMPARE(sources->front().source.size.value_or(-1), static_cast<std::int64_t>(big.size()));
    }

    void spoolIsRemovedAndStaysBesideTheCase() {
        auto c = test::makeTempCase();
        QTemporaryDir work;
        const std::string outer = (work.path() + "/outer.zip").toStdString();
        const std::string inner = (work.path() + "/inner.zip").toStdString();
        test::writeArchive(inner, ArchiveKind::Zip, {{"x.txt", "x"}});
        test::writeArchive(outer, ArchiveKind::Zip, {{"inner.zip", test::readAll(inner)}});
        const auto in = ingestInto(*c, QString::fromStdString(outer));
        QVERIFY(findByPath(in, "outer.zip!/inner.zip!/x.txt"));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(c->path) + ".spool"));
    }
};

QTEST_GUILESS_MAIN(TestIngest)
#include "tst_ingest.moc"
