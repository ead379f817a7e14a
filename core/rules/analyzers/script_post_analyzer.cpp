// harrier.web.script-post: POST-heavy traffic to a server-side script that
// few clients ever touch, without any YARA/IOC hit. A webshell answers its
// operator's POSTs and nobody else; a real form handler is visited by many
// clients and fetched with GET first. Lower severity than a confirmed
// webshell: it is a lead, not a verdict.
#include <map>
#include <set>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/web_paths.h"

namespace harrier::rules::analyzers {

namespace {

constexpr std::size_t kMaxClients = 3;

class ScriptPostAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &options,
             std::vector<casestore::HitRecord> &hits) const override {
        std::set<casestore::ObjectId> flagged;  // script files with a YARA/IOC hit: the webshell analyzer's
        for (const auto &h : data.ruleHits)
            flagged.insert(h.objectId);
        std::map<std::string, RequestStats> byPath;
        for (const auto &r : data.webRequests)
            byPath[normalisePath(r.path)].add(r);
        for (const auto &[path, st] : byPath) {
            if (st.posts < options.postMinRequests || st.posts * 10 < st.requests * 8 || st.clients.size() > kMaxClients)
                continue;
            const casestore::ObjectFacts *file = nullptr;
            bool covered = false;
            for (const auto &f : data.scriptFiles) {
                const std::string fp = normalisePath(f.path);
                if (!requestNamesFile(path, fp))
                    continue;
                if (flagged.count(f.objectId) && webRootOf(fp))
                    covered = true;
                file = file ? file : &f;
            }
            if (covered)
                continue;
            std::string clients;
            for (const auto &c : st.clients)
                clients += (clients.empty() ? "" : ", ") + c;
            std::string explanation = std::to_string(st.posts) + " of " + std::to_string(st.requests) +
                                      " requests to the script " + path + " are POSTs, from only " +
                                      std::to_string(st.clients.size()) + " client IP" +
                                      (st.clients.size() == 1 ? "" : "s") + " (" + clients + "), first " +
                                      st.first->toIso8601() + ", last " + st.last->toIso8601() +
                                      "; no YARA/IOC hit names it" +
                                      (file ? " (the file is in the case: " + file->path + ")"
                                            : " and the file is not in the case") +
                                      ": the traffic pattern of a webshell.";
            auto hit = makeHit(m_info, file ? file->objectId : 0, m_info.severity, std::move(explanation),
                               {{"request_path", path},
                                {"requests", st.requests},
                                {"posts", st.posts},
                                {"gets", st.gets},
                                {"client_ips", st.clients},
                                {"first_seen", st.first->toIso8601()},
                                {"last_seen", st.last->toIso8601()},
                                {"file_path", file ? file->path : std::string()},
                                {"first_post_event_id", st.firstPostEvent}});
            hit.eventId = st.firstPostEvent;
            hits.push_back(std::move(hit));
        }
    }

private:
    AnalyzerInfo m_info{"harrier.web.script-post", 1, 45,
                        "POST-heavy requests from few clients to a script with no YARA/IOC hit"};
};

}  // namespace

std::unique_ptr<Analyzer> makeScriptPostAnalyzer() { return std::make_unique<ScriptPostAnalyzer>(); }

}  // namespace harrier::rules::analyzers
