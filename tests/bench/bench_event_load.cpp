// Loading events through the casestore API (CaseWriter: queue, writer thread,
// term dictionary, message table, deferred indexes, FTS) against a minimal
// raw sqlite3 prepared-statement loop writing the same rows, indexes and FTS
// into the same schema, in the same run. Ratio = anchor time / Harrier time;
// goal >= 0.7.
//   bench_event_load [EVENTS=2000000] [ROUNDS=3]
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "bench_util.h"
#include "casestore/case_db.h"
#include "casestore/case_writer.h"
#include "casestore/schema.h"
#include "synthetic_events.h"

namespace fs = std::filesystem;
using namespace harrier;

namespace {

fs::path freshCase(const fs::path &dir, const char *name) {
    const fs::path p = dir / name;
    for (const char *suffix : {"", "-wal", "-shm"})
        fs::remove(p.string() + suffix);
    auto db = casestore::CaseDb::create(p.string(), "bench", "bench");
    if (!db) {
        std::fprintf(stderr, "%s\n", db.error().message.c_str());
        std::exit(1);
    }
    return p;
}

void harrierLoad(const fs::path &path, std::uint64_t n) {
    auto db = casestore::CaseDb::open(path.string(), casestore::OpenMode::ReadWrite);
    auto writer = casestore::CaseWriter::start(**db);
    for (std::uint64_t i = 0; i < n; ++i)
        (void)(*writer)->put(bench::syntheticEvent(i));
    if (auto r = (*writer)->close(); !r)
        std::fprintf(stderr, "close: %s\n", r.error().message.c_str());
}

void exec(sqlite3 *db, const char *sql) {
    char *err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::fprintf(stderr, "%s: %s\n", sql, err);
        std::exit(1);
    }
}

// The anchor: what the same rows cost with nothing but prepared statements.
void rawLoad(const fs::path &path, std::uint64_t n) {
    sqlite3 *db = nullptr;
    sqlite3_open(path.c_str(), &db);
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;");
    casestore::dropBulkIndexes(db).ok();
    std::map<std::string, std::int64_t> terms;
    sqlite3_stmt *term = nullptr, *msg = nullptr, *ev = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO terms(value) VALUES (?)", -1, &term, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO event_messages(text) VALUES (?)", -1, &msg, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO events(time_us, desc_id, type_id, host_id, user_id, message_id) "
                           "VALUES (?,?,?,?,?,?)", -1, &ev, nullptr);
    auto termId = [&](const std::string &v) {
        auto it = terms.find(v);
        if (it != terms.end())
            return it->second;
        sqlite3_bind_text(term, 1, v.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(term);
        sqlite3_reset(term);
        return terms[v] = sqlite3_last_insert_rowid(db);
    };
    exec(db, "BEGIN");
    for (std::uint64_t i = 0; i < n; ++i) {
        const auto e = bench::syntheticEvent(i);
        sqlite3_bind_text(msg, 1, e.message.c_str(), static_cast<int>(e.message.size()), SQLITE_TRANSIENT);
        sqlite3_step(msg);
        sqlite3_reset(msg);
        sqlite3_bind_int64(ev, 1, e.time.micros);
        sqlite3_bind_int64(ev, 2, termId(e.timestampDesc));
        sqlite3_bind_int64(ev, 3, termId(e.eventType));
        sqlite3_bind_int64(ev, 4, termId(e.host));
        sqlite3_bind_int64(ev, 5, termId(e.user));
        sqlite3_bind_int64(ev, 6, sqlite3_last_insert_rowid(db));
        sqlite3_step(ev);
        sqlite3_reset(ev);
    }
    exec(db, "COMMIT");
    sqlite3_finalize(term);
    sqlite3_finalize(msg);
    sqlite3_finalize(ev);
    casestore::ensureBulkIndexes(db).ok();
    casestore::catchUpFullText(db).ok();
    sqlite3_close(db);
}

}  // namespace

int main(int argc, char **argv) {
    const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2'000'000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    const fs::path dir = fs::temp_directory_path() / "harrier-bench-events";
    fs::create_directories(dir);
    std::vector<double> h, a;
    for (int r = 0; r < rounds; ++r) {
        const fs::path rawCase = freshCase(dir, "raw.hcase");
        a.push_back(bench::seconds([&] { rawLoad(rawCase, n); }));
        const fs::path ourCase = freshCase(dir, "harrier.hcase");
        h.push_back(bench::seconds([&] { harrierLoad(ourCase, n); }));
    }
    const double hm = bench::median(h), am = bench::median(a);
    std::printf("event load: %llu events, load + indexes + FTS, median of %d rounds\n",
                static_cast<unsigned long long>(n), rounds);
    std::printf("  harrier CaseWriter:        %.2f s  (%.0f events/s)\n", hm, static_cast<double>(n) / hm);
    std::printf("  raw sqlite3 loop (anchor): %.2f s  (%.0f events/s)\n", am, static_cast<double>(n) / am);
    std::printf("  ratio anchor/harrier: %.2f  (goal >= 0.7)\n", am / hm);
    fs::remove_all(dir);
    return 0;
}
