// An mbox's messages are extracted on worker threads and replayed into the
// case in mbox order; the case must be the one a serial read stores, object
// ids included (reproducible cases matter in forensics). This ingests one
// mbox built from the corpus messages plus the awkward cases (bytes before
// the first From_ line (a BOM), unparsable messages, mboxrd quoting, a lying
// Content-Length, a message too large to record that the reading thread
// takes itself, an mbox attached inside a mail) serially, with two workers
// and with three, and compares every table of the three cases row by row;
// once with the corpus messages, once with generated ones (no corpus needed).
// The worker count comes from HARRIER_MAIL_WORKERS, inherited by the CLI.
#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

#include <sqlite3.h>

#include "mail_test_util.h"

using namespace harrier;

namespace {

QByteArray fromLine() { return QByteArrayLiteral("From sender@harrier.invalid Mon Jan  1 00:00:00 2024\n"); }

// mboxrd quoting, so a body line "From ..." stays in its message.
QByteArray quoteFromLines(const QByteArray &msg) {
    QByteArray out;
    for (const QByteArray &line : msg.split('\n')) {
        int i = 0;
        while (i < line.size() && line[i] == '>')
            ++i;
        if (line.mid(i).startsWith("From "))
            out += '>';
        out += line + '\n';
    }
    return out;
}

QByteArray message(const QByteArray &headers, const QByteArray &body) { return headers + "\n" + body + "\n"; }

// Generated messages for when the corpus is absent: addresses, URLs, a
// Received chain, an attachment in every third, a nested message in every fifth.
QList<QByteArray> generatedMessages() {
    QList<QByteArray> pool;
    for (int i = 0; i < 300; ++i) {
        const QByteArray n = QByteArray::number(i);
        QByteArray headers = "Received: from mx" + n + ".example.net ([192.0.2." + QByteArray::number(i % 250) +
                             "]) by mail.example.org; Mon, 1 Jan 2024 10:00:00 +0000\nFrom: sender" + n +
                             "@example.com\nTo: victim@example.org\nSubject: message " + n +
                             "\nDate: Mon, 1 Jan 2024 10:00:" + QByteArray::number(i % 60).rightJustified(2, '0') +
                             " +0000\nMessage-ID: <" + n + "@example.com>\n";
        const QByteArray text = "see https://site" + n + ".example.com/login?id=" + n + "\n";
        if (i % 3 == 0 || i % 5 == 0) {
            QByteArray body = "--b\nContent-Type: text/plain\n\n" + text;
            if (i % 3 == 0)
                body += "--b\nContent-Type: application/octet-stream; name=file" + n +
                        ".bin\nContent-Transfer-Encoding: base64\n\n" + QByteArray(1000 + i, char('a' + i % 26)).toBase64() + "\n";
            if (i % 5 == 0)
                body += "--b\nContent-Type: message/rfc822\n\nFrom: inner" + n + "@example.net\nSubject: inner " + n +
                        "\n\ninner body http://inner" + n + ".example.net/\n";
            pool << message(headers + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n", body + "--b--");
        } else {
            pool << message(headers, text);
        }
    }
    return pool;
}

QByteArray buildMbox(const QString &corpus) {
    QList<QByteArray> pool = corpus.isEmpty() ? generatedMessages() : QList<QByteArray>{};
    for (const char *dir : {"email_phishing_pot/email", "email_parser_testsuites", "email_mimekit/messages"}) {
        if (corpus.isEmpty())
            break;
        QDirIterator it(corpus + QLatin1Char('/') + QLatin1String(dir), QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files << it.next();
        files.sort();
        for (const QString &f : files) {
            QFile file(f);
            if (file.size() > (4 << 20) || !file.open(QIODevice::ReadOnly))
                continue;
            QByteArray m = file.readAll();
            if (m.startsWith("From "))
                m.remove(0, m.indexOf('\n') + 1);
            pool << m;  // not only messages: unparsable ones must be stored raw the same way
        }
    }
    // A byte-order mark: bytes before the first From_ line that still sniff as an mbox.
    QByteArray mbox = "\xEF\xBB\xBF";
    const qsizetype half = pool.size() / 2;
    for (qsizetype i = 0; i < half; ++i)
        mbox += fromLine() + quoteFromLines(pool[i]);
    // Over ParallelMboxReader::kMaxRecordedMessage: read by the reading thread between recorded ones.
    const QByteArray encoded = QByteArray(13 << 20, 'A').toBase64(QByteArray::Base64Encoding);
    QByteArray big;
    big.reserve(encoded.size() + encoded.size() / 76 + 1);
    for (qsizetype p = 0; p < encoded.size(); p += 76)
        big += encoded.mid(p, 76) + '\n';
    mbox += fromLine() + message("From: a@example.com\nSubject: big\nContent-Type: multipart/mixed; boundary=b\n",
                                 "--b\nContent-Type: text/plain\n\nsee attachment\n--b\nContent-Type: "
                                 "application/octet-stream; name=big.bin\nContent-Transfer-Encoding: base64\n\n" +
                                     big + "\n--b--");
    // Under kMaxRecordedMessage, but its recording is not: a 4 MiB attachment
    // inside 14 nested message/rfc822 levels, each level's raw blob holding
    // all the levels within it (~77 MB). The worker gives up at
    // RecordingSink::kMaxHeldBytes and the reading thread reads it at its turn.
    const QByteArray payload = QByteArray(4 << 20, 'B').toBase64(QByteArray::Base64Encoding);
    QByteArray wrapped;
    for (qsizetype p = 0; p < payload.size(); p += 76)
        wrapped += payload.mid(p, 76) + '\n';
    QByteArray nested = message("From: deep@example.com\nSubject: level 0\nContent-Type: multipart/mixed; boundary=z\n",
                                "--z\nContent-Type: application/octet-stream; name=deep.bin\n"
                                "Content-Transfer-Encoding: base64\n\n" + wrapped + "\n--z--");
    for (int level = 1; level <= 14; ++level)
        nested = message("From: wrap" + QByteArray::number(level) + "@example.com\nSubject: level " +
                             QByteArray::number(level) + "\nContent-Type: message/rfc822\n",
                         nested);
    mbox += fromLine() + nested;
    // An mbox attached to a mail: parsed through the pipeline during replay, serially.
    const QByteArray inner = fromLine() + message("From: x@example.org\nSubject: inner one\n", "hello https://inner.example.net/a") +
                             fromLine() + message("From: y@example.org\nSubject: inner two\n", "bye");
    mbox += fromLine() + message("From: b@example.com\nSubject: nested mailbox\nContent-Type: multipart/mixed; boundary=c\n",
                                 "--c\nContent-Type: text/plain\n\nhere\n--c\nContent-Type: application/mbox; "
                                 "name=inner.mbox\nContent-Transfer-Encoding: base64\n\n" +
                                     inner.toBase64() + "\n--c--");
    // mboxrd: a >>From line makes the whole file mboxrd.
    mbox += fromLine() + message("From: c@example.com\nSubject: quoted\n", ">From the start\n>>From deeper\nend");
    mbox += fromLine() + message("From: d@example.com\nSubject: lying length\nContent-Length: 3\n", "longer than three");
    mbox += fromLine() + message("this is not a header line at all", "");
    for (qsizetype i = half; i < pool.size(); ++i)
        mbox += fromLine() + quoteFromLines(pool[i]);
    return mbox;
}

// Every table a case holds, as text rows in a fixed order; times of the
// ingest run itself (error 'at', source added/finished, uuid) and the
// mbox file's access time left out.
QStringList dumpCase(const QString &path) {
    sqlite3 *db = nullptr;
    QStringList rows;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return rows;
    const char *queries[] = {
        "SELECT 'object', * FROM objects ORDER BY id",
        "SELECT 'attr', object_id, name, type, text_value, int_value FROM attributes ORDER BY rowid",
        "SELECT 'source', id, display_name, original_path, kind, size, sha256, status, status_reason FROM sources ORDER BY id",
        "SELECT 'counts', * FROM reconciliation ORDER BY object_id",
        "SELECT 'error', id, source_id, container_id, object_id, path, byte_offset, severity, reason FROM ingest_errors ORDER BY id",
        "SELECT 'blob', sha256, size, compression, data FROM blobs ORDER BY sha256",
        "SELECT 'event', e.id, e.time_us, d.value, t.value, e.source_id, e.object_id, h.value, u.value, m.text FROM events e "
        "JOIN terms d ON d.id = e.desc_id JOIN terms t ON t.id = e.type_id LEFT JOIN terms h ON h.id = e.host_id "
        "LEFT JOIN terms u ON u.id = e.user_id JOIN event_messages m ON m.id = e.message_id ORDER BY e.id",
        "SELECT 'observable', id, kind, value FROM observables ORDER BY id",
        "SELECT 'object_observable', * FROM object_observables ORDER BY object_id, observable_id, context",
    };
    for (const char *q : queries) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(db, q, -1, &st, nullptr) != SQLITE_OK) {
            rows << QStringLiteral("query failed: ") + QString::fromUtf8(q);
            continue;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            QStringList cols;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                if (sqlite3_column_type(st, i) == SQLITE_BLOB) {
                    const QByteArray data(static_cast<const char *>(sqlite3_column_blob(st, i)), sqlite3_column_bytes(st, i));
                    cols << QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
                } else if (sqlite3_column_type(st, i) == SQLITE_NULL) {
                    cols << QStringLiteral("<null>");
                } else {
                    cols << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, i)));
                }
            }
            // The mbox's own access time is the test's doing (a read may update it), not the ingest's.
            if (!cols.contains(QStringLiteral("File Accessed")))
                rows << cols.join(QLatin1Char('|'));
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return rows;
}

QStringList ingestWith(const QString &mbox, const char *workers) {
    qputenv("HARRIER_MAIL_WORKERS", workers);
    auto c = test::ingestInto({mbox});
    qunsetenv("HARRIER_MAIL_WORKERS");
    if (c->exitCode != 0 && c->exitCode != 4)  // 4: some items failed, recorded
        return {QStringLiteral("ingest failed: ") + QString::fromUtf8(c->err)};
    return dumpCase(c->path);
}

void compareCases(const QStringList &serial, const QStringList &parallel) {
    for (qsizetype i = 0; i < std::min(serial.size(), parallel.size()); ++i)
        if (serial[i] != parallel[i])
            QFAIL(qPrintable(QStringLiteral("row %1 differs:\n serial:   %2\n parallel: %3")
                                 .arg(i)
                                 .arg(serial[i].left(400), parallel[i].left(400))));
    QCOMPARE(parallel.size(), serial.size());
}

}  // namespace

class TestMboxParallel : public QObject {
    Q_OBJECT
private slots:
    void parallelReadStoresTheSerialCase_data() {
        QTest::addColumn<bool>("corpus");
        QTest::newRow("generated") << false;  // runs everywhere
        QTest::newRow("corpus") << true;
    }
    void parallelReadStoresTheSerialCase() {
        QFETCH(bool, corpus);
        if (corpus && test::corpusPath(QStringLiteral("email_phishing_pot")).isEmpty())
            QSKIP("corpus not present: email_phishing_pot");
        QTemporaryDir dir;
        const QString mbox = dir.path() + QStringLiteral("/mixed.mbox");
        test::writeFile(mbox, buildMbox(corpus ? test::corpusDir() : QString()));

        const QStringList serial = ingestWith(mbox, "0");
        QVERIFY2(serial.size() > (corpus ? 1000 : 500), qPrintable(serial.join(QLatin1Char('\n')).left(2000)));
        // The awkward cases really are in it.
        const QString all = serial.join(QLatin1Char('\n'));
        QVERIFY(all.contains(QStringLiteral("bytes before the first 'From ' line belong to no message")));
        QVERIFY(all.contains(QStringLiteral("message could not be parsed")));
        QVERIFY(all.contains(QStringLiteral("Content-Length does not end at a 'From ' line")));
        QVERIFY(all.contains(QRegularExpression(QStringLiteral("\\|mbox_variant\\|\\d+\\|mboxrd\\|"))));
        QVERIFY(all.contains(QStringLiteral("|inner two|")));
        QVERIFY(all.contains(QStringLiteral("|big.bin|")));

        compareCases(serial, ingestWith(mbox, "2"));
        compareCases(serial, ingestWith(mbox, "3"));
    }
};

QTEST_GUILESS_MAIN(TestMboxParallel)
#include "tst_mbox_parallel.moc"
