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
//   bench_mail_ingest [--mb N] [--keep DIR] [--rounds R]
//                     (default 500 MB, the size; 3 rounds of all four, medians printed)
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

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
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
    int rounds = 3;
    std::string keep;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--mb") == 0)
            mb = std::strtoull(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--keep") == 0)
            keep = argv[i + 1];
        else if (std::strcmp(argv[i], "--rounds") == 0)
            rounds = std::max(1, std::atoi(argv[i + 1]));
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

    // Rounds of all four, so the medians and each round's ratios show how
    // much of a difference is the shared machine's noise.
    const std::string floorDb = (dir / "floor.sqlite").string();
    const std::string casePath = (dir / "bench.hcase").string();
    const double mbTotal = static_cast<double>(bytes) / (1 << 20);
    std::vector<double> ratios, leanBounds, requiredBounds, harrierRss;
    std::printf("round  anchor  lean floor CPU  required floor CPU  harrier  ratio  bound (lean)  bound (required)  "
                "harrier peak RSS\n");
    for (int round = 1; round <= rounds; ++round) {
        const Run anchor = inChild([&] { return gmimeLoop(mbox.c_str()); });
        for (const char *suffix : {"", "-wal", "-shm"})
            fs::remove(floorDb + suffix);
        const Run lean = inChild([&] { return mailFloor(mbox.c_str(), floorDb.c_str(), FloorStorage::Lean); });
        for (const char *suffix : {"", "-wal", "-shm"})
            fs::remove(floorDb + suffix);
        const Run required = inChild([&] { return mailFloor(mbox.c_str(), floorDb.c_str(), FloorStorage::Required); });
        fs::remove(casePath);
        if (inChild([&] { return runCli({"case", "new", casePath, "--name", "bench"}); }).status != 0) {
            std::fprintf(stderr, "cannot create the case\n");
            return 1;
        }
        const Run harrier = inChild([&] { return runCli({"ingest", casePath, mbox.string(), "--quiet"}); });
        // 4: some items failed, as the corpus's malformed messages do.
        if (WEXITSTATUS(harrier.status) != 0 && WEXITSTATUS(harrier.status) != 4) {
            std::fprintf(stderr, "harrier-cli ingest failed (exit %d)\n", WEXITSTATUS(harrier.status));
            return 1;
        }
        ratios.push_back(anchor.seconds / harrier.seconds);
        leanBounds.push_back(anchor.seconds / (lean.cpuSeconds / 2));
        requiredBounds.push_back(anchor.seconds / (required.cpuSeconds / 2));
        harrierRss.push_back(harrier.maxRssKb / 1024.0);
        std::printf("%5d  %6.2f  %14.2f  %18.2f  %7.2f  %5.2f  %12.2f  %16.2f  %13.1f MB\n", round, anchor.seconds,
                    lean.cpuSeconds, required.cpuSeconds, harrier.seconds, ratios.back(), leanBounds.back(),
                    requiredBounds.back(), harrierRss.back());
        if (round == 1)
            std::printf("       (MB/s: anchor %.1f, harrier %.1f; peak RSS: anchor %.1f MB, floors %.1f / %.1f MB)\n",
                        mbTotal / anchor.seconds, mbTotal / harrier.seconds, anchor.maxRssKb / 1024.0,
                        lean.maxRssKb / 1024.0, required.maxRssKb / 1024.0);
        std::fflush(stdout);  // before the next round's children write to stderr
    }
    std::printf("median ratio harrier/anchor throughput: %.2f  (goal >= 0.6)\n", median(ratios));
    std::printf("median bound, lean storage:             %.2f  (anchor / (lean floor CPU / 2))\n", median(leanBounds));
    std::printf("median bound for any 2-core ingest:     %.2f  (anchor / (required floor CPU / 2))\n",
                median(requiredBounds));
    const double worstRss = *std::max_element(harrierRss.begin(), harrierRss.end());
    std::printf("peak RSS goal < 400 MB: %s (highest %.1f MB)\n", worstRss < 400 ? "met" : "NOT met", worstRss);
    if (keep.empty())
        fs::remove_all(dir);
    return 0;
}
