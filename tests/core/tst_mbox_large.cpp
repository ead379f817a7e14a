// An mbox larger than 4 GiB, ingested by the real CLI in a child process:
// the message count must equal the test's own count of separator lines, the
// offsets past 4 GiB must be exactly where the test wrote those messages
// (64-bit all the way into the case), the ingest's peak RSS (wait4) must stay
// below 400 MB, and the container counts must reconcile. Most bytes sit in two
// ~2.1 GiB messages so the run is quick; their bodies are over the analysis and
// blob limits, which must be recorded, not silent. Needs ~5 GB of free space
// in the temp dir (skips below 12 GB); everything is removed at the end.
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <vector>

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "support/test_support.h"

extern char **environ;

using namespace harrier;

namespace {

constexpr qint64 kGiB = 1LL << 30;
constexpr qint64 kBigBody = 2 * kGiB + 100 * (1LL << 20);  // two of these pass 4 GiB
constexpr int kSmallBefore = 1500, kSmallAfter = 1500;

bool writeAll(int fd, const char *data, std::size_t len) {
    while (len > 0) {
        const ssize_t n = ::write(fd, data, len);
        if (n <= 0)
            return false;
        data += n;
        len -= static_cast<std::size_t>(n);
    }
    return true;
}

QByteArray smallMessage(int i) {
    return "From sender" + QByteArray::number(i) + "@example.org Mon Jan  1 00:00:00 2024\n"
           "From: sender" + QByteArray::number(i) + "@example.org\nSubject: small " + QByteArray::number(i) +
           "\nMessage-ID: <m" + QByteArray::number(i) + "@example.org>\n\nBody of message " + QByteArray::number(i) +
           ".\n\n";
}

/// Runs argv with wait4, returning the exit code and the child's peak RSS (KiB).
int runMeasured(const std::vector<std::string> &args, long *maxRssKiB) {
    std::vector<char *> argv;
    for (const auto &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return -1;
    int status = 0;
    struct rusage usage {};
    if (wait4(pid, &status, 0, &usage) != pid)
        return -1;
    *maxRssKiB = usage.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

class TestMboxLarge : public QObject {
    Q_OBJECT
private slots:
    void over4GiBStreamsWithBoundedMemory() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QStorageInfo storage(dir.path());
        if (storage.bytesAvailable() < 12 * kGiB)
            QSKIP(qPrintable(QStringLiteral("needs 12 GB free in %1, has %2 MB")
                                 .arg(dir.path())
                                 .arg(storage.bytesAvailable() >> 20)));
        const auto started = std::chrono::steady_clock::now();

        // 1. Write the mbox, remembering where every message starts.
        const QString mboxPath = dir.path() + QStringLiteral("/large.mbox");
        std::vector<qint64> offsets;
        qint64 pos = 0;
        {
            const int fd = ::open(mboxPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            QVERIFY(fd >= 0);
            auto put = [&](const QByteArray &b) {
                QVERIFY(writeAll(fd, b.constData(), std::size_t(b.size())));
                pos += b.size();
            };
            int n = 0;
            for (int i = 0; i < kSmallBefore; ++i) {
                offsets.push_back(pos);
                put(smallMessage(++n));
            }
            // 1 MiB of plain text lines, none of them a separator.
            QByteArray block;
            while (block.size() < (1 << 20) - 80)
                block += "Lorem ipsum dolor sit amet, line of a very large mail body " +
                         QByteArray::number(block.size()).rightJustified(9, '0') + "\n";
            block += QByteArray((1 << 20) - block.size() - 1, 'z') + "\n";
            for (int big = 0; big < 2; ++big) {
                offsets.push_back(pos);
                put("From big@example.org Mon Jan  1 00:00:00 2024\nFrom: big@example.org\nSubject: big " +
                    QByteArray::number(big) + "\nContent-Type: text/plain\n\n");
                ++n;
                for (qint64 written = 0; written < kBigBody; written += block.size())
                    put(block);
                put("\n");
            }
            QVERIFY(pos > 4 * kGiB);
            for (int i = 0; i < kSmallAfter; ++i) {
                offsets.push_back(pos);
                put(smallMessage(++n));
            }
            QCOMPARE(::close(fd), 0);
        }
        const auto written = std::chrono::steady_clock::now();

        // 2. The test's own count of separators: lines starting with "From ".
        qint64 separators = 0;
        {
            QFile f(mboxPath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.size(), pos);
            bool lineStart = true;
            QByteArray carry;
            while (!f.atEnd()) {
                const QByteArray chunk = carry + f.read(8 << 20);
                qsizetype i = 0;
                carry.clear();
                while (i < chunk.size()) {
                    if (lineStart) {
                        if (chunk.size() - i < 5 && !f.atEnd()) {
                            carry = chunk.mid(i);
                            break;
                        }
                        if (chunk.size() - i >= 5 && std::memcmp(chunk.constData() + i, "From ", 5) == 0)
                            ++separators;
                    }
                    const qsizetype nl = chunk.indexOf('\n', i);
                    if (nl < 0) {
                        lineStart = false;
                        break;
                    }
                    i = nl + 1;
                    lineStart = true;
                }
            }
        }
        QCOMPARE(separators, qint64(offsets.size()));

        // 3. Ingest in a child process, measuring its peak RSS.
        const auto counted = std::chrono::steady_clock::now();
        const QString casePath = dir.path() + QStringLiteral("/large.hcase");
        QCOMPARE(test::runCli({QStringLiteral("case"), QStringLiteral("new"), casePath, QStringLiteral("--name"),
                               QStringLiteral("large")}),
                 0);
        long maxRssKiB = 0;
        const int exitCode = runMeasured({test::cliPath().toStdString(), "ingest", casePath.toStdString(),
                                          mboxPath.toStdString(), "--json"},
                                         &maxRssKiB);
        const auto ingested = std::chrono::steady_clock::now();
        QCOMPARE(exitCode, 0);
        qInfo("%lld bytes: write %.1f s, separator count %.1f s, ingest %.1f s, peak RSS %ld MiB", pos,
              std::chrono::duration<double>(written - started).count(),
              std::chrono::duration<double>(counted - written).count(),
              std::chrono::duration<double>(ingested - counted).count(), maxRssKiB / 1024);
#ifndef __SANITIZE_ADDRESS__  // ASan's quarantine alone may hold 256 MB of freed blocks
        QVERIFY2(maxRssKiB < 400 * 1000, qPrintable(QStringLiteral("peak RSS %1 KiB").arg(maxRssKiB)));
#endif

        // 4. Read the case back: count, offsets, lengths, reconciliation, notes.
        auto db = casestore::CaseDb::open(casePath.toStdString(), casestore::OpenMode::ReadOnly);
        QVERIFY(db);
        casestore::CaseReader reader(**db);
        auto sources = reader.sources();
        QVERIFY(sources && sources->size() == 1);
        const auto sourceId = sources->front().source.id;
        auto emails = reader.objectsOfSource(sourceId, "email");
        QVERIFY(emails);
        QCOMPARE(qint64(emails->size()), separators);
        std::map<qint64, qint64> lengthAt;  // mbox_offset -> mbox_length
        for (const auto &e : *emails) {
            auto full = reader.object(e.id);
            QVERIFY(full);
            qint64 off = -1, len = -1;
            for (const auto &a : full->attributes) {
                if (a.name == "mbox_offset")
                    off = a.integer;
                else if (a.name == "mbox_length")
                    len = a.integer;
            }
            lengthAt[off] = len;
        }
        QCOMPARE(lengthAt.size(), offsets.size());
        int beyond4GiB = 0;
        for (std::size_t i = 0; i < offsets.size(); ++i) {
            QVERIFY2(lengthAt.count(offsets[i]), qPrintable(QStringLiteral("no message at %1").arg(offsets[i])));
            const qint64 end = i + 1 < offsets.size() ? offsets[i + 1] : pos;
            QCOMPARE(lengthAt[offsets[i]], end - offsets[i]);
            beyond4GiB += offsets[i] > 4 * kGiB;
        }
        QCOMPARE(beyond4GiB, kSmallAfter);
        auto containers = reader.containers(sourceId);
        QVERIFY(containers);
        bool reconciled = false;
        for (const auto &k : *containers)
            if (k.seen == std::uint64_t(separators)) {
                QCOMPARE(k.stored, k.seen);
                QCOMPARE(k.failed, std::uint64_t(0));
                reconciled = true;
            }
        QVERIFY(reconciled);
        // The two big messages exceed the analysis and blob limits: both recorded.
        auto errors = reader.errors(sourceId);
        QVERIFY(errors);
        int bodyCut = 0, rawKept = 0;
        for (const auto &e : *errors) {
            bodyCut += e.reason.find("analysed only in its first 64 MiB") != std::string::npos;
            rawKept += e.reason.find("not copied into the case") != std::string::npos;
        }
        QCOMPARE(bodyCut, 2);
        QCOMPARE(rawKept, 2);
    }
};

QTEST_GUILESS_MAIN(TestMboxLarge)
#include "tst_mbox_large.moc"
