#include "rules/yara/yara_scan_job.h"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "casestore/case_db.h"
#include "rules/yara/yara_library.h"

namespace harrier::rules::yara {

namespace {

struct WorkerOutput {
    std::vector<ScanIssue> issues;
    std::vector<ItemResult> results;
    std::size_t scanned = 0, skipped = 0, tooLarge = 0, timedOut = 0, errors = 0;
    std::uint64_t bytes = 0;
    std::optional<Error> fatal;
};

bool skippedByGlob(const ScanOptions &o, const std::string &path) {
    return std::any_of(o.skipGlobs.begin(), o.skipGlobs.end(),
                       [&](const std::string &g) { return ::fnmatch(g.c_str(), path.c_str(), 0) == 0; });
}

}  // namespace

int severityOf(const RuleMatch &m) {
    auto find = [&](const char *key) -> std::optional<int> {
        for (const auto &[k, v] : m.meta)
            if (k == key) {
                try {
                    return std::clamp(std::stoi(v), 0, 100);
                } catch (...) {
                    if (v == "critical")
                        return 100;
                    if (v == "high")
                        return 80;
                    if (v == "medium")
                        return 60;
                    if (v == "low")
                        return 40;
                }
            }
        return std::nullopt;
    };
    if (auto s = find("score"))
        return *s;
    if (auto s = find("severity"))
        return *s;
    return 75;
}

Result<ScanSummary> scanCase(const casestore::CaseDb &db, const RulePack &pack, const ScanOptions &options,
                             std::stop_token stop, ProgressSink *progress) {
    if (auto r = ensureYaraInitialized(); !r)
        return r.error();
    auto items = casestore::ScanInputs(db).items();
    if (!items)
        return items.error();
    const auto started = std::chrono::steady_clock::now();
    const int threads = std::max(1, options.threads);
    // Largest items first: a big PST or EVTX taken last would leave the
    // other workers idle at the end. Results are sorted by id below, so the
    // order is not visible.
    std::vector<std::size_t> order(items->size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return (*items)[a].size > (*items)[b].size; });
    std::atomic<std::size_t> next{0};
    std::atomic<std::uint64_t> doneItems{0}, doneBytes{0};
    std::vector<WorkerOutput> outputs(static_cast<std::size_t>(threads));
    std::mutex progressMutex;

    auto work = [&](WorkerOutput &out) {
        auto scanner = YaraScanner::create(pack.rules, options.timeoutSeconds);
        if (!scanner) {
            out.fatal = scanner.error();
            return;
        }
        auto blobs = casestore::BlobReader::open(db.path());
        if (!blobs) {
            out.fatal = blobs.error();
            return;
        }
        std::vector<std::uint8_t> content;
        for (;;) {
            if (stop.stop_requested())
                return;
            const std::size_t i = next.fetch_add(1);
            if (i >= items->size())
                return;
            const auto &item = (*items)[order[i]];
            if (options.skipSha256.count(item.sha256) || skippedByGlob(options, item.path)) {
                out.issues.push_back({item.objectId, item.path, "skipped", "on the skip list"});
                ++out.skipped;
                continue;
            }
            if (item.size > options.maxBytes) {
                out.issues.push_back({item.objectId, item.path, "too_large",
                                      std::to_string(item.size) + " bytes > limit " + std::to_string(options.maxBytes)});
                ++out.tooLarge;
                continue;
            }
            if (auto r = (*blobs)->read(item.blobSha256, content); !r) {
                out.issues.push_back({item.objectId, item.path, "error", r.error().message});
                ++out.errors;
                continue;
            }
            const ByteView bytes(content.data(), content.size());
            ItemResult result;
            result.objectId = item.objectId;
            result.path = item.path;
            result.externals = makeExternals(item.path, bytes, item.owner, item.md5);
            ScanOutcome outcome = scanner->scan(bytes, result.externals);
            ++out.scanned;
            out.bytes += bytes.size();
            if (outcome.status == ScanStatus::Timeout) {
                ++out.timedOut;
                out.issues.push_back({item.objectId, item.path, "timeout", outcome.message});
            } else if (outcome.status == ScanStatus::Error) {
                ++out.errors;
                out.issues.push_back({item.objectId, item.path, "error", outcome.message});
            } else if (!outcome.message.empty()) {
                out.issues.push_back({item.objectId, item.path, "warning", outcome.message});
            }
            // Matches found before a timeout are still real matches.
            if (!outcome.matches.empty()) {
                result.matches = std::move(outcome.matches);
                out.results.push_back(std::move(result));
            }
            const auto n = doneItems.fetch_add(1) + 1;
            const auto b = doneBytes.fetch_add(bytes.size()) + bytes.size();
            if (progress) {
                std::lock_guard lock(progressMutex);
                progress->onProgress({"scan", item.path, n, b, 0,
                                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()});
            }
        }
    };

    std::vector<std::jthread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work, std::ref(outputs[static_cast<std::size_t>(t)]));
    work(outputs[0]);
    pool.clear();  // joins

    ScanSummary s;
    s.items = items->size();
    for (auto &o : outputs) {
        if (o.fatal)
            return *o.fatal;
        s.scanned += o.scanned;
        s.skipped += o.skipped;
        s.tooLarge += o.tooLarge;
        s.timedOut += o.timedOut;
        s.errors += o.errors;
        s.bytes += o.bytes;
        std::move(o.issues.begin(), o.issues.end(), std::back_inserter(s.issues));
        std::move(o.results.begin(), o.results.end(), std::back_inserter(s.results));
    }
    std::sort(s.results.begin(), s.results.end(),
              [](const ItemResult &a, const ItemResult &b) { return a.objectId < b.objectId; });
    std::stable_sort(s.issues.begin(), s.issues.end(),
              [](const ScanIssue &a, const ScanIssue &b) { return a.objectId < b.objectId; });
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (stop.stop_requested())
        return makeError(ErrorCode::Stopped, "scan stopped");
    return s;
}

std::vector<casestore::HitRecord> toHits(const ScanSummary &summary, const std::string &packHash) {
    std::vector<casestore::HitRecord> out;
    for (const auto &item : summary.results) {
        for (const auto &m : item.matches) {
            nlohmann::json d;
            d["engine"] = "yara";
            d["rule"] = m.rule;
            d["namespace"] = m.ns;
            d["tags"] = m.tags;
            auto meta = nlohmann::json::object();
            for (const auto &[k, v] : m.meta)
                if (!meta.contains(k))
                    meta[k] = v;
            d["meta"] = meta;
            auto strings = nlohmann::json::array();
            for (const auto &s : m.strings)
                strings.push_back({{"id", s.identifier}, {"offset", s.offset}, {"length", s.length},
                                   {"data", s.data}, {"context", s.context}});
            d["strings"] = strings;
            d["strings_truncated"] = m.stringsTruncated;
            d["externals"] = {{"filename", item.externals.filename}, {"filepath", item.externals.filepath},
                              {"extension", item.externals.extension}, {"filetype", item.externals.filetype},
                              {"owner", item.externals.owner}, {"md5", item.externals.md5}};
            d["rule_pack_hash"] = packHash;
            casestore::HitRecord h;
            h.objectId = item.objectId;
            h.ruleId = m.ns + ":" + m.rule;
            h.ruleSet = "yara";
            h.ruleSetHash = packHash;
            h.severity = severityOf(m);
            std::string description;
            for (const auto &[k, v] : m.meta)
                if (k == "description") {
                    description = v;
                    break;
                }
            h.explanation = "YARA rule " + m.rule + " matched" + (description.empty() ? "" : ": " + description);
            h.detailsJson = d.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            out.push_back(std::move(h));
        }
    }
    return out;
}

}  // namespace harrier::rules::yara
