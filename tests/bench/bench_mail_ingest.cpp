// Mail ingest benchmark (not run by ctest). Builds a large mbox from the
// corpus messages (attachments included), then measures in the same run:
//   anchor:  a minimal GMime loop: parse every message of the mbox and
//            decode every leaf part (into a null stream);
//   harrier: `harrier-cli ingest` of the same file (parse, decode, hash,
//            store blobs, attributes, events, observables).
//   floor:   the work the issue makes every ingest do, done with the raw
//            library calls and nothing else, on one thread (mail_floor.h),
//            twice: with lean storage (no journal, nothing compressed, no
//            raw bytes: cheaper than any case may be) and with storage as
//            the design requires of every case (WAL, synchronous=NORMAL,
//            compressed blobs, the raw bytes kept). Half the required
//            floor's CPU time is the least any two-core ingest could take,
//            so anchor / (floor CPU / 2) bounds the ratio any such ingest
//            can reach.
// Each runs in its own child process so peak RSS (wait4 ru_maxrss) is its own.
//
//   bench_mail_ingest [--mb N] [--keep DIR]     (default 500 MB, the size)
//   HARRIER_BENCH_CLI=/path/to/harrier-cli      measures that binary instead
#include <gmime/gmime.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mail_floor.h"

namespace fs = std::filesystem;

namespace {

struct Run {
    double seconds = 0;
    double cpuSeconds = 0;  ///< user + system
    long maxRssKb = 0;
    int status = 0;
};

std::string readFile(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// mboxrd-style quoting so a body line starting with "From " stays in its message.
std::string quoteFromLines(const std::string &msg) {
    std::string out;
    out.reserve(msg.size() + 64);
    std::size_t pos = 0;
    while (pos < msg.size()) {
        std::size_t nl = msg.find('\n', pos);
        const std::size_t end = nl == std::string::npos ? msg.size() : nl + 1;
        if (msg.compare(pos, 5, "From ") == 0)
            out += '>';
        out.append(msg, pos, end - pos);
        pos = end;
    }
    if (!out.empty() && out.back() != '\n')
        out += '\n';
    return out;
}

std::uint64_t buildMbox(const fs::path &corpus, const fs::path &out, std::uint64_t targetBytes, std::size_t &messages) {
    std::vector<std::string> pool;
    for (const char *dir : {"email_phishing_pot/email", "email_parser_testsuites/spamassassin_t_data",
                            "email_parser_testsuites/govcert_eml_parser", "email_mimekit/messages"}) {
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(corpus / dir, ec); !ec && it != fs::recursive_directory_iterator();
             it.increment(ec))
            if (it->is_regular_file() && it->file_size() < (8u << 20)) {
                // Only real messages (a header line first), so the anchor loop,
                // which stops at the first unparsable message, sees them all.
                std::string m = readFile(it->path());
                if (m.rfind("From ", 0) == 0)
                    m.erase(0, m.find('\n') + 1);
                const std::size_t colon = m.find(':'), nl = m.find('\n');
                if (colon == std::string::npos || colon > nl || m.find_first_of(" \t") < colon ||
                    m.find("\nSubject:") == std::string::npos)
                    continue;
                pool.push_back(quoteFromLines(m));
            }
    }
    std::sort(pool.begin(), pool.end());  // deterministic order
    std::ofstream o(out, std::ios::binary);
    std::uint64_t written = 0;
    messages = 0;
    while (written < targetBytes && !pool.empty())
        for (const auto &m : pool) {
            const std::string from = "From bench@harrier.invalid Mon Jan  1 00:00:00 2024\n";
            o << from << m << "\n";
            written += from.size() + m.size() + 1;
            ++messages;
            if (written >= targetBytes)
                break;
        }
    return written;
}

// The anchor: GMime parse + decode of every leaf part, nothing stored.
int gmimeLoop(const char *path) {
    g_mime_init();
    GMimeParser *parser = openMboxParser(path);
    if (!parser)
        return 2;
    GMimeStream *sink = g_mime_stream_null_new();
    std::size_t n = 0;
    while (!g_mime_parser_eos(parser)) {
        GMimeMessage *msg = g_mime_parser_construct_message(parser, nullptr);
        if (!msg)
            break;
        ++n;
        GMimePartIter *iter = g_mime_part_iter_new(GMIME_OBJECT(msg));
        if (g_mime_part_iter_is_valid(iter))
            do {
                GMimeObject *cur = g_mime_part_iter_get_current(iter);
                if (GMIME_IS_PART(cur))
                    if (GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(cur)))
                        g_mime_data_wrapper_write_to_stream(w, sink);
            } while (g_mime_part_iter_next(iter));
        g_mime_part_iter_free(iter);
        g_object_unref(msg);
    }
    g_object_unref(sink);
    g_object_unref(parser);
    std::fprintf(stderr, "  gmime loop: %zu messages\n", n);
    return 0;
}

template <typename F>
Run inChild(F &&body) {
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0)
        _exit(body());
    Run r;
    struct rusage ru {};
    wait4(pid, &r.status, 0, &ru);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.maxRssKb = ru.ru_maxrss;
    r.cpuSeconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                   static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    return r;
}

int runCli(const std::vector<std::string> &args) {
    std::vector<char *> argv;
    // HARRIER_BENCH_CLI: another build's harrier-cli (a before/after comparison in one session).
    const char *other = std::getenv("HARRIER_BENCH_CLI");
    std::string cli = other && *other ? other : HARRIER_CLI;
    argv.push_back(cli.data());
    std::vector<std::string> copy = args;
    for (auto &a : copy)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(cli.c_str(), argv.data());
    return 127;
}

}  // namespace

int main(int argc, char **argv) {
    std::uint64_t mb = 500;
    std::string keep;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--mb") == 0)
            mb = std::strtoull(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--keep") == 0)
            keep = argv[i + 1];
    }
    const char *env = std::getenv("HARRIER_CORPUS");
    const fs::path corpus = env ? fs::path(env) : fs::path(HARRIER_CORPUS_DEFAULT);
    if (!fs::exists(corpus / "email_phishing_pot")) {
        std::fprintf(stderr, "corpus not found at %s (set HARRIER_CORPUS)\n", corpus.c_str());
        return 2;
    }
    const fs::path dir = keep.empty() ? fs::temp_directory_path() / ("harrier-bench-" + std::to_string(getpid())) : fs::path(keep);
    fs::create_directories(dir);
    const fs::path mbox = dir / "bench.mbox";
    std::size_t messages = 0;
    const std::uint64_t bytes = buildMbox(corpus, mbox, mb << 20, messages);
    std::printf("mbox: %.1f MB, %zu messages (from corpus email sets)\n", static_cast<double>(bytes) / (1 << 20), messages);

    const Run anchor = inChild([&] { return gmimeLoop(mbox.c_str()); });
    const std::string floorDb = (dir / "floor.sqlite").string();
    for (const char *suffix : {"", "-wal", "-shm"})
        fs::remove(floorDb + suffix);
    const Run floorRun = inChild([&] { return mailFloor(mbox.c_str(), floorDb.c_str(), FloorStorage::Lean); });
    for (const char *suffix : {"", "-wal", "-shm"})
        fs::remove(floorDb + suffix);
    const Run requiredFloor = inChild([&] { return mailFloor(mbox.c_str(), floorDb.c_str(), FloorStorage::Required); });
    const std::string casePath = (dir / "bench.hcase").string();
    fs::remove(casePath);
    const Run created = inChild([&] { return runCli({"case", "new", casePath, "--name", "bench"}); });
    if (created.status != 0) {
        std::fprintf(stderr, "cannot create the case\n");
        return 1;
    }
    const Run harrier = inChild([&] { return runCli({"ingest", casePath, mbox.string(), "--quiet"}); });
    const double mbTotal = static_cast<double>(bytes) / (1 << 20);
    std::printf("anchor  gmime parse+decode loop: %7.2f s  %7.1f MB/s  peak RSS %6.1f MB\n", anchor.seconds,
                mbTotal / anchor.seconds, anchor.maxRssKb / 1024.0);
    std::printf("harrier full ingest:             %7.2f s  %7.1f MB/s  peak RSS %6.1f MB  (exit %d)\n", harrier.seconds,
                mbTotal / harrier.seconds, harrier.maxRssKb / 1024.0, WEXITSTATUS(harrier.status));
    std::printf("floor, lean storage, one thread: %7.2f s  %7.1f MB/s  peak RSS %6.1f MB  (CPU %.2f s)\n",
                floorRun.seconds, mbTotal / floorRun.seconds, floorRun.maxRssKb / 1024.0, floorRun.cpuSeconds);
    std::printf("floor, storage as required:      %7.2f s  %7.1f MB/s  peak RSS %6.1f MB  (CPU %.2f s)\n",
                requiredFloor.seconds, mbTotal / requiredFloor.seconds, requiredFloor.maxRssKb / 1024.0,
                requiredFloor.cpuSeconds);
    std::printf("ratio harrier/anchor throughput: %.2f  (goal >= 0.6)\n", anchor.seconds / harrier.seconds);
    std::printf("bound, lean storage:             %.2f  (anchor / (floor CPU / 2))\n",
                anchor.seconds / (floorRun.cpuSeconds / 2));
    std::printf("bound for any 2-core ingest:     %.2f  (anchor / (required floor CPU / 2))\n",
                anchor.seconds / (requiredFloor.cpuSeconds / 2));
    std::printf("peak RSS goal < 400 MB: %s\n", harrier.maxRssKb < 400 * 1024 ? "met" : "NOT met");
    if (keep.empty())
        fs::remove_all(dir);
    return 0;
}
