// Detection benchmarks, each anchored against the reference tool in the
// same run (ratios printed): YARA scan vs `yara -p N`, cached pack load vs
// `yara -C`, 50,000 domain literals (Hyperscan) vs `grep -F -c -f`.
// Usage: bench_rules RULES_DIR FILES_DIR [threads] [repeats]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_matcher.h"
#include "rules/yara/rule_loader.h"
#include "rules/yara/yara_scanner.h"

using namespace harrier;
namespace fs = std::filesystem;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

double timeCommand(const std::string &cmd) {
    const double t = now();
    if (std::system((cmd + " > /dev/null 2>&1").c_str()) == -1)
        return -1;
    return now() - t;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string readFile(const std::string &p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_rules RULES_DIR FILES_DIR [threads] [repeats]\n");
        return 2;
    }
    const std::string rulesDir = argv[1], filesDir = argv[2];
    const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
    const int repeats = argc > 4 ? std::atoi(argv[4]) : 3;
    std::vector<std::string> files;
    std::uint64_t bytes = 0;
    for (const auto &e : fs::recursive_directory_iterator(filesDir))
        if (e.is_regular_file()) {
            files.push_back(e.path().string());
            bytes += e.file_size();
        }
    const std::string tmp = fs::temp_directory_path() / ("harrier-bench-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    std::printf("files: %zu, %.1f MB, threads %d, repeats %d\n", files.size(), bytes / 1e6, threads, repeats);

    // --- YARA: cached load and scan throughput --------------------------
    rules::yara::LoadOptions lo{true, tmp + "/cache"};
    auto pack = rules::yara::RuleLoader::load({rulesDir}, lo);
    if (!pack) {
        std::fprintf(stderr, "%s\n", pack.error().message.c_str());
        return 1;
    }
    const std::string yarc = tmp + "/pack.yarc";
    std::string ruleFiles;
    for (const auto &f : pack->report.files)
        if (f.ok)
            ruleFiles += " '" + f.path + "'";
    const std::string defs = " -d filename= -d filepath= -d extension= -d filetype= -d owner= -d md5=";
    std::system(("yarac" + defs + ruleFiles + " " + yarc + " > /dev/null 2>&1").c_str());
    std::vector<double> ours, cli, oursLoad, cliLoad;
    for (int r = 0; r < repeats; ++r) {
        double t = now();
        auto cached = rules::yara::RuleLoader::load({rulesDir}, lo);
        oursLoad.push_back(now() - t);
        cliLoad.push_back(timeCommand("yara -C " + yarc + defs + " /dev/null"));
        // Same externals for every file in both, so the work is identical.
        t = now();
        std::atomic<std::size_t> next{0};
        std::vector<std::jthread> pool;
        for (int k = 0; k < threads; ++k)
            pool.emplace_back([&] {
                auto sc = rules::yara::YaraScanner::create(cached->rules, 60);
                rules::yara::ScanExternals ext;
                for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
                    const std::string content = readFile(files[i]);
                    (void)sc->scan(asBytes(content), ext);
                }
            });
        pool.clear();
        ours.push_back(now() - t);
        cli.push_back(timeCommand("yara -C -r -p " + std::to_string(threads) + defs + " " + yarc + " " + filesDir));
    }
    std::printf("yara scan: harrier %.3f s, yara -p %d %.3f s (includes its %.3f s load) -> throughput ratio %.2f\n",
                median(ours), threads, median(cli), median(cliLoad), (median(cli) - median(cliLoad)) / median(ours));
    std::printf("cached pack load: harrier %.3f s, yara -C %.3f s -> ratio %.2f (goal <= 1.5)\n", median(oursLoad),
                median(cliLoad), median(oursLoad) / median(cliLoad));

    // --- 50,000 domain literals ------------------------------------------
    {
        std::ofstream d(tmp + "/domains.txt");
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
    auto set = rules::ioc::FeedLoader::load({tmp + "/domains.txt"});
    auto matcher = rules::ioc::IocMatcher::build(*set, {});
    auto scratch = (*matcher)->makeScratch();
    std::vector<double> hs, grep;
    std::size_t found = 0;
    for (int r = 0; r < repeats; ++r) {
        double t = now();
        found = 0;
        std::vector<std::pair<std::size_t, std::uint64_t>> out;
        for (const auto &f : files) {
            const std::string content = readFile(f);
            out.clear();
            (*matcher)->matchContent(asBytes(content), *scratch, out);
            found += !out.empty();
        }
        hs.push_back(now() - t);
        grep.push_back(timeCommand("grep -r -F -c -f " + tmp + "/domains.txt " + filesDir));
    }
    std::printf("50,000 domains: harrier (hyperscan, caseless) %.3f s, grep -F -c -f %.3f s -> speedup %.2fx (goal >= 5); "
                "%zu files with a match\n",
                median(hs), median(grep), median(grep) / median(hs), found);
    fs::remove_all(tmp);
    return 0;
}
