// Detection benchmarks (not run by ctest), each anchored against the
// reference tool in the same run (medians, ratios printed):
//   1. cached compiled-pack load vs `yara -C` loading the same compiled file;
//   2. signature-base over a few hundred MB of files vs `yara -C -r -p N`
//      with the same compiled rules and the same (empty) externals: the pure
//      scan of the same bytes from the same files, plus Harrier's real scan of
//      a case holding those files (zstd blobs, per-item externals) and the
//      blob decompression alone, reported apart;
//   3. 50,000 domain literals (Hyperscan) vs `grep -F -c -f` over the same
//      files, caseless against `grep -i` and case-sensitive against plain grep.
// The file set is built from corpus files (webshells, EVTX, PST/MSG, mail,
// endpoint triage) copied round after round into a temp folder until it
// reaches --mb; it is never committed.
//
//   bench_rules RULES_DIR CORPUS_DIR [--mb N] [--threads N] [--repeats N] [--keep DIR]
//               [--only load|scan|literals]   (one part, e.g. under callgrind)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/hashing.h"
#include "bench_util.h"
#include "casestore/case_db.h"
#include "casestore/case_writer.h"
#include "casestore/scan_inputs.h"
#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_matcher.h"
#include "rules/yara/rule_loader.h"
#include "rules/yara/yara_scan_job.h"
#include "rules/yara/yara_scanner.h"

using namespace harrier;
namespace fs = std::filesystem;
using bench::median;
using bench::seconds;

namespace {

struct FileSet {
    std::vector<std::string> paths;  ///< largest first, so the last file a thread takes is small
    std::vector<std::uint64_t> sizes;
    std::uint64_t bytes = 0;
};

bool readInto(const std::string &path, std::vector<std::uint8_t> &buf) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st {};
    ::fstat(fd, &st);
    buf.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < buf.size()) {
        const ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    buf.resize(got);
    ::close(fd);
    return true;
}

/// Copies corpus files round after round (r0/, r1/, ...) until target bytes.
FileSet buildFileSet(const fs::path &corpus, const fs::path &out, std::uint64_t target) {
    std::vector<fs::path> pool;
    for (const auto &dir : fs::directory_iterator(corpus)) {
        const std::string name = dir.path().filename().string();
        // Rules and IOC feeds are the inputs, not the evidence.
        if (!dir.is_directory() || name == "yara_rules" || name == "iocs")
            continue;
        for (const auto &e :
             fs::recursive_directory_iterator(dir.path(), fs::directory_options::skip_permission_denied))
            if (e.is_regular_file() && !e.is_symlink() && e.file_size() > 0 && e.file_size() < (64u << 20))
                pool.push_back(e.path());
    }
    std::sort(pool.begin(), pool.end());
    FileSet set;
    for (int round = 0; set.bytes < target && !pool.empty(); ++round)
        for (const auto &p : pool) {
            if (set.bytes >= target)
                break;
            const fs::path dst = out / ("r" + std::to_string(round)) / p.lexically_relative(corpus);
            fs::create_directories(dst.parent_path());
            fs::copy_file(p, dst, fs::copy_options::overwrite_existing);
            set.paths.push_back(dst.string());
            set.sizes.push_back(fs::file_size(dst));
            set.bytes += set.sizes.back();
        }
    std::vector<std::size_t> order(set.paths.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return set.sizes[a] > set.sizes[b]; });
    FileSet sorted;
    sorted.bytes = set.bytes;
    for (auto i : order) {
        sorted.paths.push_back(set.paths[i]);
        sorted.sizes.push_back(set.sizes[i]);
    }
    return sorted;
}

/// A case holding every file as a zstd blob (level 1, as ingest stores them).
bool buildCase(const std::string &casePath, const fs::path &root, const FileSet &files) {
    for (const char *suffix : {"", "-wal", "-shm"})
        fs::remove(casePath + suffix);
    auto db = casestore::CaseDb::create(casePath, "bench", "bench");
    if (!db)
        return false;
    auto writer = casestore::CaseWriter::start(**db);
    if (!writer)
        return false;
    auto &w = **writer;
    const auto sourceId = w.allocateObjectId();
    casestore::ObjectRecord so;
    so.id = so.sourceId = sourceId;
    so.kind = "source";
    so.name = root.filename().string();
    casestore::SourceRecord src;
    src.id = sourceId;
    src.uuid = "bench";
    src.displayName = so.name;
    src.originalPath = root.string();
    src.kind = "directory";
    src.addedAt = UtcTime::now();
    (void)w.put(std::move(so));
    (void)w.put(std::move(src));
    std::set<std::string> stored;
    std::vector<std::uint8_t> content;
    MultiHasher hasher;
    for (const auto &p : files.paths) {
        if (!readInto(p, content))
            return false;
        hasher.update(ByteView(content.data(), content.size()));
        const FileHashes h = hasher.finish();
        casestore::ObjectRecord o;
        o.id = w.allocateObjectId();
        o.parentId = o.sourceId = sourceId;
        o.kind = "file";
        o.path = fs::path(p).lexically_relative(root).string();
        o.name = fs::path(p).filename().string();
        o.size = static_cast<std::int64_t>(content.size());
        o.md5 = h.md5;
        o.sha1 = h.sha1;
        o.sha256 = o.blobSha256 = h.sha256;
        if (stored.insert(h.sha256).second) {
            casestore::BlobRecord b;
            b.sha256 = h.sha256;
            b.size = static_cast<std::int64_t>(content.size());
            b.compression = "zstd";
            b.data.resize(ZSTD_compressBound(content.size()));
            b.data.resize(ZSTD_compress(b.data.data(), b.data.size(), content.data(), content.size(), 1));
            (void)w.put(std::move(b));
        }
        if (!w.put(std::move(o)))
            return false;
    }
    casestore::SourceStatusUpdate done;
    done.sourceId = sourceId;
    done.finishedAt = UtcTime::now();
    (void)w.put(std::move(done));
    return w.close().ok();
}

/// Runs fn(fileIndex, threadState) over all files on `threads` threads,
/// taking files from a shared counter (as the case scan does).
template <class State, class Make, class Fn>
void parallelOver(std::size_t n, int threads, Make make, Fn fn) {
    std::atomic<std::size_t> next{0};
    std::vector<std::jthread> pool;
    for (int k = 0; k < threads; ++k)
        pool.emplace_back([&] {
            State st = make();
            for (std::size_t i; (i = next.fetch_add(1)) < n;)
                fn(i, st);
        });
}

/// Files with at least one match in `grep -c` output ("path:count" lines).
std::size_t grepFilesMatched(const std::string &outFile) {
    std::ifstream in(outFile);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);) {
        const auto colon = line.rfind(':');
        if (colon != std::string::npos && line.substr(colon + 1) != "0")
            ++n;
    }
    return n;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: bench_rules RULES_DIR CORPUS_DIR [--mb N] [--threads N] [--repeats N] [--keep DIR]\n");
        return 2;
    }
    const std::string rulesDir = argv[1], corpusDir = argv[2];
    int mb = 300, threads = 2, repeats = 3;
    std::string keep, only;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--mb")
            mb = std::atoi(argv[i + 1]);
        else if (a == "--threads")
            threads = std::atoi(argv[i + 1]);
        else if (a == "--repeats")
            repeats = std::atoi(argv[i + 1]);
        else if (a == "--keep")
            keep = argv[i + 1];
        else if (a == "--only")
            only = argv[i + 1];
    }
    const std::string tmp =
        keep.empty() ? (fs::temp_directory_path() / ("harrier-bench-" + std::to_string(::getpid()))).string() : keep;
    const fs::path filesDir = fs::path(tmp) / "files";
    fs::create_directories(filesDir);
    FileSet files;
    double t = seconds([&] { files = buildFileSet(corpusDir, filesDir, static_cast<std::uint64_t>(mb) << 20); });
    std::printf("file set: %zu files, %.1f MB (built in %.1f s), threads %d, repeats %d\n", files.paths.size(),
                files.bytes / 1e6, t, threads, repeats);
    auto want = [&](const char *part) { return only.empty() || only == part; };
    const std::string casePath = tmp + "/bench.hcase";
    if (want("scan")) {
        t = seconds([&] {
            if (!buildCase(casePath, filesDir, files))
                std::fprintf(stderr, "cannot build the bench case\n");
        });
        std::printf("case with zstd blobs built in %.1f s\n", t);
    }
    std::fflush(stdout);

    // --- YARA: the same compiled rules on both sides ----------------------
    rules::yara::LoadOptions lo{true, tmp + "/cache"};
    auto pack = rules::yara::RuleLoader::load({rulesDir}, lo);
    if (!pack) {
        std::fprintf(stderr, "%s\n", pack.error().message.c_str());
        return 1;
    }
    const std::string yarc = tmp + "/pack.yarc";
    std::string ruleFiles;
    for (const auto &f : pack->report.files)
        if (f.ok)  // each file in its own namespace, as Harrier compiles it
            ruleFiles += " '" + f.ns + ":" + f.path + "'";
    const std::string defs = " -d filename= -d filepath= -d extension= -d filetype= -d owner= -d md5=";
    if (std::system(("yarac" + defs + ruleFiles + " " + yarc + " > /dev/null 2>&1").c_str()) != 0) {
        std::fprintf(stderr, "yarac failed on the rule files Harrier compiled\n");
        return 1;
    }
    const std::string yaraScan =
        "yara -C -r -p " + std::to_string(threads) + defs + " " + yarc + " " + filesDir.string() + " > /dev/null 2>&1";

    // Page cache warm for both sides: every file read once before timing.
    {
        std::vector<std::uint8_t> buf;
        for (const auto &p : files.paths)
            readInto(p, buf);
    }

    std::vector<double> oursLoad, cliLoad, cliStart, ours, cli, caseScan, decomp;
    std::size_t loadedRules = 0;
    for (int r = 0; r < repeats; ++r) {
        cliLoad.push_back(
            seconds([&] { std::system(("yara -C " + yarc + defs + " /dev/null > /dev/null 2>&1").c_str()); }));
        // Process start alone (exec, dynamic linking): part of yara -C's number, not of ours.
        cliStart.push_back(seconds([&] { std::system("yara -v > /dev/null 2>&1"); }));
        if (want("load"))
            oursLoad.push_back(seconds([&] {
                auto cached = rules::yara::RuleLoader::load({rulesDir}, lo);
                loadedRules = cached && cached->report.fromCache ? cached->report.rules : 0;
            }));
    }
    for (int r = 0; r < repeats && want("scan"); ++r) {
        cli.push_back(seconds([&] { std::system(yaraScan.c_str()); }));
        // Pure scan: the same bytes from the same files, the same empty externals.
        ours.push_back(seconds([&] {
            struct St {
                Result<rules::yara::YaraScanner> sc;
                std::vector<std::uint8_t> buf;
            };
            const rules::yara::ScanExternals ext;
            parallelOver<St>(
                files.paths.size(), threads,
                [&] {
                    return St{rules::yara::YaraScanner::create(pack->rules, 60), {}};
                },
                [&](std::size_t i, St &st) {
                    readInto(files.paths[i], st.buf);
                    (void)st.sc->scan(ByteView(st.buf.data(), st.buf.size()), ext);
                });
        }));
        // The product path: scanCase over the case's zstd blobs, per-item externals.
        caseScan.push_back(seconds([&] {
            auto db = casestore::CaseDb::open(casePath, casestore::OpenMode::ReadOnly);
            rules::yara::ScanOptions so;
            so.threads = threads;
            auto s = rules::yara::scanCase(**db, *pack, so, {});
            if (!s || s->scanned != files.paths.size())
                std::fprintf(stderr, "case scan: %s\n", s ? "not every item scanned" : s.error().message.c_str());
        }));
        // Blob decompression alone, as the scan workers do it.
        decomp.push_back(seconds([&] {
            auto db = casestore::CaseDb::open(casePath, casestore::OpenMode::ReadOnly);
            auto items = casestore::ScanInputs(**db).items();
            struct St {
                std::unique_ptr<casestore::BlobReader> br;
                std::vector<std::uint8_t> buf;
            };
            parallelOver<St>(
                items->size(), threads,
                [&] {
                    auto br = casestore::BlobReader::open(casePath);
                    return St{std::move(*br), {}};
                },
                [&](std::size_t i, St &st) { (void)st.br->read((*items)[i].blobSha256, st.buf); });
        }));
    }
    if (want("load"))
        std::printf(
            "cached pack load (%zu rules): harrier %.3f s, yara -C %.3f s (of it process start %.3f s) -> ratio %.2f "
            "(%.2f without yara's process start; goal <= 1.5)\n",
            loadedRules, median(oursLoad), median(cliLoad), median(cliStart), median(oursLoad) / median(cliLoad),
            median(oursLoad) / std::max(1e-6, median(cliLoad) - median(cliStart)));
    const double cliScan = want("scan") ? median(cli) - median(cliLoad) : 0;
    if (want("scan")) {
        std::printf("yara scan %.1f MB, %d threads: yara -C -r -p %d %.3f s (%.3f s scanning after its load)\n",
                    files.bytes / 1e6, threads, threads, median(cli), cliScan);
        std::printf(
            "  harrier pure scan (same files, same empty externals) %.3f s -> throughput ratio %.2f (goal >= 0.95)\n",
            median(ours), cliScan / median(ours));
        std::printf(
            "  harrier case scan (zstd blobs, per-item externals)  %.3f s -> throughput ratio %.2f; "
            "of it blob decompression alone %.3f s\n",
            median(caseScan), cliScan / median(caseScan), median(decomp));
    }
    std::fflush(stdout);

    // --- 50,000 domain literals ------------------------------------------
    const std::string domains = tmp + "/domains.txt";
    {
        std::ofstream d(domains);
        std::uint64_t x = 88172645463325252ULL;
        for (int i = 0; i < 50000; ++i) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            std::string label;
            for (int k = 0; k < 6 + int(x % 9); ++k)
                label += char('a' + (x >> (k * 5)) % 26);
            d << label << (i % 3 == 0 ? ".com" : i % 3 == 1 ? ".net" : ".org") << "\n";
        }
        d << "php.net\nexample.com\n";
    }
    auto set = rules::ioc::FeedLoader::load({domains});
    for (const bool caseless : {true, false}) {
        if (!want("literals"))
            break;
        rules::ioc::MatchOptions mo;
        mo.caselessContent = caseless;
        auto matcher = rules::ioc::IocMatcher::build(*set, mo);
        auto scratch = (*matcher)->makeScratch();
        const std::string grepOut = tmp + "/grep.out";
        const std::string grepCmd = std::string("LC_ALL=C grep -r -F -c ") + (caseless ? "-i " : "") + "-f " + domains +
                                    " " + filesDir.string() + " > " + grepOut + " 2>/dev/null";
        std::vector<double> hs, grep;
        std::size_t found = 0;
        std::vector<std::uint8_t> buf;
        std::vector<std::pair<std::size_t, std::uint64_t>> out;
        for (int r = 0; r < repeats; ++r) {
            grep.push_back(seconds([&] { std::system(grepCmd.c_str()); }));
            hs.push_back(seconds([&] {
                found = 0;
                for (const auto &p : files.paths) {
                    readInto(p, buf);
                    out.clear();
                    (*matcher)->matchContent(ByteView(buf.data(), buf.size()), *scratch, out);
                    found += !out.empty();
                }
            }));
        }
        std::printf(
            "50,000 domains, %s, 1 thread: harrier (hyperscan) %.3f s, grep -F -c%s %.3f s -> speedup %.2fx "
            "(goal >= 5); files with a match: harrier %zu, grep %zu\n",
            caseless ? "caseless" : "case-sensitive", median(hs), caseless ? " -i" : "", median(grep),
            median(grep) / median(hs), found, grepFilesMatched(grepOut));
        std::fflush(stdout);
    }
    if (keep.empty())
        fs::remove_all(tmp);
    return 0;
}
