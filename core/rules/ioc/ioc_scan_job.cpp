#include "rules/ioc/ioc_scan_job.h"

#include <chrono>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "casestore/case_db.h"
#include "casestore/scan_inputs.h"

namespace harrier::rules::ioc {

namespace {

struct Evidence {
    std::size_t indicator;
    std::string what;  ///< "observable url (href): http://..." / "object md5" / "content at offset N"
};

}  // namespace

Result<IocScanSummary> scanCaseForIocs(const casestore::CaseDb &db, const IocMatcher &matcher,
                                       const std::string &ruleSetHash, std::stop_token stop) {
    const auto started = std::chrono::steady_clock::now();
    IocScanSummary s;
    std::map<casestore::ObjectId, std::vector<Evidence>> found;
    casestore::ScanInputs inputs(db);
    auto scratch = matcher.makeScratch();
    if (!scratch)
        return scratch.error();
    std::vector<std::size_t> hits;

    auto r = inputs.forEachObservable([&](const casestore::ObservableUse &u) {
        ++s.observables;
        hits.clear();
        matcher.matchObservable(u.kind, u.value, hits);
        for (auto i : hits)
            found[u.objectId].push_back({i, "observable " + u.kind + " (" + u.context + "): " + u.value});
    });
    if (!r)
        return r.error();
    r = inputs.forEachObject([&](const casestore::ObjectFacts &f) {
        ++s.objects;
        hits.clear();
        bool knownGood = false;
        for (const auto *h : {&f.md5, &f.sha1, &f.sha256}) {
            if (h->empty())
                continue;
            if (matcher.isKnownGood(*h)) {
                knownGood = true;
                continue;
            }
            std::vector<std::size_t> hh;
            matcher.matchHash(*h, hh);
            for (auto i : hh)
                found[f.objectId].push_back({i, "object hash " + *h});
        }
        if (knownGood) {
            ++s.suppressedKnownGood;
            found.erase(f.objectId);
            return;
        }
        matcher.matchPath(f.path.empty() ? f.name : f.path, *scratch, hits);
        for (auto i : hits)
            found[f.objectId].push_back({i, "object path " + f.path});
    });
    if (!r)
        return r.error();

    if (matcher.hasContentPatterns()) {
        auto items = inputs.items();
        if (!items)
            return items.error();
        auto blobs = casestore::BlobReader::open(db.path());
        if (!blobs)
            return blobs.error();
        std::vector<std::uint8_t> content;
        std::vector<std::pair<std::size_t, std::uint64_t>> lit;
        for (const auto &it : *items) {
            if (stop.stop_requested())
                return makeError(ErrorCode::Stopped, "scan stopped");
            if (matcher.isKnownGood(it.sha256) || matcher.isKnownGood(it.md5))
                continue;
            if (auto rr = (*blobs)->read(it.blobSha256, content); !rr)
                continue;
            ++s.contentItems;
            s.contentBytes += content.size();
            lit.clear();
            matcher.matchContent(ByteView(content.data(), content.size()), *scratch, lit);
            for (const auto &[i, off] : lit)
                found[it.objectId].push_back({i, "content at offset " + std::to_string(off)});
        }
    }

    const auto &set = matcher.set();
    for (const auto &[objectId, evidence] : found) {
        std::set<std::size_t> matched;
        std::set<std::size_t> rules;
        for (const auto &e : evidence) {
            matched.insert(e.indicator);
            rules.insert(set.indicators[e.indicator].rule);
        }
        for (std::size_t ri : rules) {
            const auto &rule = set.rules[ri];
            if (!IocMatcher::evaluate(rule.condition, matched))
                continue;
            nlohmann::json d;
            d["engine"] = "ioc";
            d["feed"] = rule.feed;
            d["indicator_ref"] = rule.ref;
            d["description"] = rule.description;
            d["tags"] = rule.tags;
            d["tlp"] = rule.tlp;
            d["matched"] = nlohmann::json::array();
            std::string first;
            for (const auto &e : evidence) {
                const auto &ind = set.indicators[e.indicator];
                if (ind.rule != ri)
                    continue;
                d["matched"].push_back({{"type", toString(ind.type)}, {"value", ind.value}, {"as_written", ind.original},
                                        {"where", e.what}});
                if (first.empty())
                    first = std::string(toString(ind.type)) + " " + ind.value + " (" + e.what + ")";
            }
            d["rule_set_hash"] = ruleSetHash;
            casestore::HitRecord h;
            h.objectId = objectId;
            h.ruleId = "ioc:" + std::filesystem::path(rule.feed).filename().string() + ":" + rule.ref;
            h.ruleSet = "ioc";
            h.ruleSetHash = ruleSetHash;
            h.severity = rule.score;
            h.explanation = "IOC from " + std::filesystem::path(rule.feed).filename().string() + " [" + rule.ref +
                            "] matched: " + first + (rule.description.empty() ? "" : " — " + rule.description);
            h.detailsJson = d.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            s.hits.push_back(std::move(h));
        }
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return s;
}

}  // namespace harrier::rules::ioc
