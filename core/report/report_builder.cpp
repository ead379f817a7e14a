#include "report/report_builder.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "base/hashing.h"
#include "casestore/annotations.h"
#include "casestore/audit_log.h"
#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "casestore/hit_store.h"
#include "casestore/object_query.h"
#include "report/defang.h"
#include "report/rule_pack_license.h"

namespace harrier::report {

using nlohmann::json;
namespace cs = casestore;

/// What the report needs to know about one object, looked up once.
struct ReportBuilder::ObjectFacts {
    cs::ObjectRecord object;
    std::string sourceName;
    bool inEmail = false;  ///< the object is an email or lies inside one
    cs::ObjectId emailId = 0;
    std::optional<UtcTime> emailDate;
    std::string emailDateOriginal, emailFrom, emailFromAddress, emailSubject;
    std::vector<std::string> remoteHiddenImages;  ///< tracking-pixel candidates
    std::vector<std::string> urls;
};

namespace {

const cs::Attribute *attribute(const cs::ObjectRecord &o, std::string_view name) {
    for (const auto &a : o.attributes)
        if (a.name == name)
            return &a;
    return nullptr;
}

std::string attrText(const cs::ObjectRecord &o, std::string_view name) {
    const auto *a = attribute(o, name);
    return a ? a->text : std::string();
}

json attrJson(const cs::ObjectRecord &o, std::string_view name) {
    const auto *a = attribute(o, name);
    if (!a)
        return json();
    json j = json::parse(a->text, nullptr, false);
    return j.is_discarded() ? json() : j;
}

bool isHex(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

/// Kind of a bare indicator value, for IOC hits that do not say.
std::string guessKind(std::string_view v) {
    if (v.find("://") != std::string_view::npos)
        return "url";
    if (v.find('@') != std::string_view::npos)
        return "email";
    if ((v.size() == 32 || v.size() == 40 || v.size() == 64) && isHex(v))
        return v.size() == 32 ? "md5" : (v.size() == 40 ? "sha1" : "sha256");
    if (!v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
        return "ipv4";
    if (v.find(':') != std::string_view::npos && v.find('.') == std::string_view::npos)
        return "ipv6";
    return "domain";
}

Indicator makeIndicator(std::string kind, std::string value, std::string context) {
    Indicator i;
    i.kind = kind.empty() ? guessKind(value) : std::move(kind);
    i.defanged = needsDefang(i.kind) ? defang(value) : value;
    i.value = std::move(value);
    i.context = std::move(context);
    return i;
}

std::string detectorName(const cs::HitRecord &h) {
    if (h.ruleSet == "yara")
        return "YARA rule " + h.ruleId + " (pack " + h.ruleSetHash.substr(0, 12) + ")";
    if (h.ruleSet == "ioc")
        return "IOC match " + h.ruleId;
    if (h.ruleSet.rfind("analyzer:", 0) == 0)
        return "Analyzer " + h.ruleSet.substr(9) + ": " + h.ruleId;
    return h.ruleSet + ": " + h.ruleId;
}

/// Indicators a hit's details name, whatever detector wrote them.
void indicatorsFromDetails(const cs::HitRecord &h, const json &d, std::vector<Indicator> &out) {
    const std::string ctx = h.ruleId;
    if (!d.is_object())
        return;
    auto add = [&](const char *key, const char *kind) {
        if (!d.contains(key))
            return;
        const json &v = d[key];
        if (v.is_string() && !v.get<std::string>().empty())
            out.push_back(makeIndicator(kind, v.get<std::string>(), ctx));
        else if (v.is_array())
            for (const auto &e : v)
                if (e.is_string())
                    out.push_back(makeIndicator(kind, e.get<std::string>(), ctx));
    };
    add("url", "url");
    add("urls", "url");
    add("domain", "domain");
    add("ip", "");
    add("sender", "email");
    if (d.contains("indicator") && d["indicator"].is_string()) {
        std::string kind = d.value("indicator_kind", d.value("kind", std::string()));
        out.push_back(makeIndicator(kind, d["indicator"].get<std::string>(), ctx));
    }
}

}  // namespace

ReportBuilder::ReportBuilder(cs::CaseDb &db) : m_db(db) {}
ReportBuilder::~ReportBuilder() = default;

Result<const ReportBuilder::ObjectFacts *> ReportBuilder::facts(cs::ObjectId id) {
    if (auto it = m_facts.find(id); it != m_facts.end())
        return it->second.get();
    cs::CaseReader reader(m_db);
    auto object = reader.object(id);
    if (!object)
        return object.error();
    auto f = std::make_unique<ObjectFacts>();
    f->object = std::move(*object);
    // The nearest email at or above the item: a finding on an attachment is
    // reported with the message it came in.
    cs::ObjectRecord current = f->object;
    for (int depth = 0; depth < 32; ++depth) {
        if (current.kind == "email") {
            f->inEmail = true;
            f->emailId = current.id;
            if (const auto *d = attribute(current, "date"))
                f->emailDate = UtcTime{d->integer};
            f->emailDateOriginal = attrText(current, "date_original");
            f->emailFrom = attrText(current, "from_display");
            f->emailFromAddress = attrText(current, "from_address");
            f->emailSubject = attrText(current, "subject");
            for (const auto &img : attrJson(current, "images"))
                if (img.is_object() && img.value("src_kind", "") == "remote" && img.value("hidden", false))
                    f->remoteHiddenImages.push_back(img.value("src", ""));
            for (const auto &u : attrJson(current, "urls"))
                if (u.is_object())
                    f->urls.push_back(u.value("url", ""));
            break;
        }
        if (current.parentId == 0)
            break;
        auto parent = reader.object(current.parentId);
        if (!parent)
            break;
        current = std::move(*parent);
    }
    if (f->object.sourceId) {
        if (f->object.sourceId == f->object.id)
            f->sourceName = f->object.name;
        else if (auto src = reader.object(f->object.sourceId))
            f->sourceName = src->name;
    }
    const ObjectFacts *raw = f.get();
    m_facts.emplace(id, std::move(f));
    return raw;
}

Result<std::optional<UtcTime>> ReportBuilder::objectTime(cs::ObjectId id) {
    auto f = facts(id);
    if (!f)
        return f.error();
    if ((*f)->inEmail && (*f)->emailDate && (*f)->emailId == id)
        return (*f)->emailDate;
    auto events = cs::ObjectQuery(m_db).events(id);
    if (!events)
        return events.error();
    if (events->empty())
        return (*f)->emailDate;  // an attachment sits at its message's time
    return std::optional<UtcTime>(events->front().time);
}

Result<ReportData> ReportBuilder::build(const ReportOptions &options) {
    ReportData r;
    if (auto x = addCaseFacts(r, options); !x)
        return x.error();
    if (auto x = addEvidence(r); !x)
        return x.error();
    if (auto x = addFindings(r, options); !x)
        return x.error();
    if (auto x = addAnnotations(r, options); !x)
        return x.error();
    if (auto x = addRulePacks(r); !x)
        return x.error();
    cs::EventFilter all;
    auto h = cs::EventQuery(m_db).histogram(all, options.activityBuckets);
    if (!h)
        return h.error();
    r.activity = std::move(*h);
    return r;
}

Result<void> ReportBuilder::addCaseFacts(ReportData &r, const ReportOptions &options) {
    const auto &info = m_db.info();
    r.caseName = info.name;
    r.caseUuid = info.uuid;
    r.casePath = m_db.path();
    r.createdBy = info.createdBy;
    r.createdAt = info.createdAt;
    r.generatedAt = UtcTime::now();
    r.generatedBy = options.analyst;
    r.marking = options.marking;
    r.harrierVersion = options.harrierVersion;
    r.contentIncluded = info.contentIncluded;
    r.partialExport = info.onlyTaggedExport;
    auto hashes = hashFile(m_db.path());
    if (!hashes)
        return hashes.error();
    r.caseSha256 = hashes->sha256;
    std::error_code ec;
    r.walPending = std::filesystem::exists(m_db.path() + "-wal", ec) &&
                   std::filesystem::file_size(m_db.path() + "-wal", ec) > 0;
    cs::AuditLog audit(m_db);
    auto analysts = audit.analysts();
    if (!analysts)
        return analysts.error();
    r.analysts = std::move(*analysts);
    auto last = audit.lastActivity();
    if (!last)
        return last.error();
    r.updatedAt = *last;

    auto stats = cs::CaseReader(m_db).stats();
    if (!stats)
        return stats.error();
    auto &s = r.summary;
    const auto kind = [&](const char *k) {
        const auto it = stats->objectsByKind.find(k);
        return it == stats->objectsByKind.end() ? std::uint64_t{0} : it->second;
    };
    s.items = stats->objects - kind("source");
    s.events = stats->events;
    s.emails = kind("email");
    s.firstEvent = stats->firstEvent;
    s.lastEvent = stats->lastEvent;
    s.ingestErrors = stats->ingestErrors;
    s.ingestWarnings = stats->ingestWarnings;
    return {};
}

Result<void> ReportBuilder::addEvidence(ReportData &r) {
    auto sources = cs::CaseReader(m_db).sources();
    if (!sources)
        return sources.error();
    for (const auto &s : *sources) {
        EvidenceRow e;
        e.sourceId = s.source.id;
        e.name = s.source.displayName;
        e.type = s.source.kind;
        if (auto o = facts(s.source.id); o && !(*o)->object.fileType.empty() && s.source.kind == "file")
            e.type = (*o)->object.fileType.substr(0, 40);
        e.size = s.source.size;
        e.sha256 = s.source.sha256;
        e.addedBy = s.source.addedBy;
        e.addedAt = s.source.addedAt;
        e.status = s.interrupted ? "partial (interrupted)" : cs::toString(s.source.status);
        e.originalPath = s.source.originalPath;
        r.evidence.push_back(std::move(e));
    }
    r.summary.evidence = r.evidence.size();
    return {};
}

Result<void> ReportBuilder::addFindings(ReportData &r, const ReportOptions &options) {
    auto hits = cs::HitStore(m_db).list();
    if (!hits)
        return hits.error();
    auto verdicts = cs::AnnotationStore(m_db).all();
    if (!verdicts)
        return verdicts.error();
    std::map<cs::ObjectId, std::vector<std::string>> verdictsOf;
    for (const auto &a : *verdicts)
        if (a.kind == cs::AnnotationKind::Verdict && a.targetKind == cs::TargetKind::Object)
            verdictsOf[a.targetId].push_back(a.value + " (" + a.analyst + ")");

    std::map<std::string, Finding> byRule;
    std::map<std::pair<std::string, std::string>, Indicator> iocs;
    cs::EventQuery events(m_db);
    for (const auto &h : *hits) {
        const json details = json::parse(h.detailsJson.empty() ? "{}" : h.detailsJson, nullptr, false);
        if (h.ruleSet == "yara" && details.is_object() && details.contains("meta") && details["meta"].is_object()) {
            std::map<std::string, std::string> meta;
            for (const auto &[k, v] : details["meta"].items())
                meta[k] = v.is_string() ? v.get<std::string>() : v.dump();
            m_packMetas[h.ruleSetHash].push_back(std::move(meta));
        }
        ++r.summary.hits;
        ++r.summary.hitsByBand[bandOf(h.severity)];
        Finding &f = byRule[h.ruleSet + '\x1f' + h.ruleId];
        if (f.ruleId.empty()) {
            f.ruleSet = h.ruleSet;
            f.ruleId = h.ruleId;
            f.ruleSetHash = h.ruleSetHash;
            f.detector = detectorName(h);
            f.explanation = defangText(h.explanation);
        }
        f.severity = std::max(f.severity, h.severity);

        AffectedItem item;
        item.eventId = h.eventId;
        item.objectId = h.objectId;
        item.explanation = defangText(h.explanation);
        if (!item.objectId && item.eventId)
            if (auto ev = events.event(item.eventId))
                item.objectId = ev->objectId;
        std::vector<Indicator> found;
        indicatorsFromDetails(h, details, found);
        if (h.ruleSet == "ioc" && found.empty()) {
            // ioc:<feed>:<indicator>
            const auto second = h.ruleId.find(':', 4);
            if (second != std::string::npos)
                found.push_back(makeIndicator("", h.ruleId.substr(second + 1), h.ruleId));
        }
        if (item.objectId) {
            auto fx = facts(item.objectId);
            if (!fx)
                return fx.error();
            const ObjectFacts &o = **fx;
            item.kind = o.object.kind;
            item.name = o.object.name;
            item.path = o.object.path;
            item.sha256 = o.object.sha256;
            item.source = o.sourceName;
            if (auto it = verdictsOf.find(item.objectId); it != verdictsOf.end())
                item.verdicts = it->second;
            if (o.inEmail) {
                item.email = true;
                item.emailDate = o.emailDate;
                item.emailDateOriginal = o.emailDateOriginal;
                item.emailFrom = defang(o.emailFrom);
                item.emailSubject = o.emailSubject;
                std::string url;
                for (const auto &i : found)
                    if (i.kind == "url") {
                        url = i.value;
                        break;
                    }
                if (url.empty() && !o.remoteHiddenImages.empty())
                    url = o.remoteHiddenImages.front();
                if (!url.empty()) {
                    item.flaggedUrl = defang(url);
                    if (std::none_of(found.begin(), found.end(), [&](const Indicator &i) { return i.value == url; }))
                        found.push_back(makeIndicator("url", url, h.ruleId));
                }
                if (!o.emailFromAddress.empty())
                    found.push_back(makeIndicator("email", o.emailFromAddress, "sender of the flagged email"));
            } else if (!o.object.sha256.empty() && h.ruleSet != "ioc") {
                found.push_back(makeIndicator("sha256", o.object.sha256, "file matched by " + h.ruleId));
            }
        }
        for (auto &i : found) {
            const auto key = std::make_pair(i.kind, i.value);
            if (auto it = iocs.find(key); it == iocs.end())
                iocs.emplace(key, i);
            else if (it->second.context.find(i.context) == std::string::npos)
                it->second.context += "; " + i.context;
            if (std::none_of(f.indicators.begin(), f.indicators.end(),
                             [&](const Indicator &x) { return x.kind == i.kind && x.value == i.value; }))
                f.indicators.push_back(std::move(i));
        }
        if (f.items.size() < options.maxItemsPerFinding)
            f.items.push_back(std::move(item));
    }
    for (auto band : kSeverityBands) {
        SeverityGroup g;
        g.band = band;
        for (auto &[key, f] : byRule) {
            f.band = bandOf(f.severity);
            if (f.band == band)
                g.findings.push_back(f);
        }
        std::stable_sort(g.findings.begin(), g.findings.end(),
                         [](const Finding &a, const Finding &b) { return a.severity > b.severity; });
        if (!g.findings.empty())
            r.findings.push_back(std::move(g));
    }
    for (auto &[key, i] : iocs)
        r.iocs.push_back(std::move(i));
    std::stable_sort(r.iocs.begin(), r.iocs.end(), [](const Indicator &a, const Indicator &b) { return a.kind < b.kind; });
    return {};
}

Result<void> ReportBuilder::addAnnotations(ReportData &r, const ReportOptions &options) {
    auto all = cs::AnnotationStore(m_db).all();
    if (!all)
        return all.error();
    cs::EventQuery events(m_db);
    std::map<std::pair<int, std::int64_t>, std::string> latestVerdict;
    auto describe = [&](const cs::Annotation &a, std::optional<UtcTime> &time, cs::ObjectId &objectId) -> std::string {
        if (a.targetKind == cs::TargetKind::Event) {
            auto ev = events.event(a.targetId);
            if (!ev)
                return "event " + std::to_string(a.targetId);
            time = ev->time;
            objectId = ev->objectId;
            return "event " + std::to_string(a.targetId) + ": " + ev->timestampDesc + " — " +
                   defangText(ev->message.substr(0, 200));
        }
        objectId = a.targetId;
        if (auto t = objectTime(a.targetId))
            time = *t;
        auto f = facts(a.targetId);
        if (!f)
            return "item " + std::to_string(a.targetId);
        const auto &o = (*f)->object;
        if (o.kind == "email")
            return "email " + std::to_string(o.id) + ": \"" + (*f)->emailSubject + "\" from " + defang((*f)->emailFrom);
        return o.kind + " " + std::to_string(o.id) + ": " + (o.path.empty() ? o.name : o.path);
    };
    for (const auto &a : *all) {
        std::optional<UtcTime> time;
        cs::ObjectId objectId = 0;
        switch (a.kind) {
        case cs::AnnotationKind::Verdict:
            latestVerdict[std::make_pair(static_cast<int>(a.targetKind), a.targetId)] = a.value;  // all() is oldest first
            break;
        case cs::AnnotationKind::Note: {
            NoteEntry n;
            n.target = describe(a, time, objectId);
            n.text = defangText(a.value);
            n.analyst = a.analyst;
            n.at = a.createdAt;
            r.notes.push_back(std::move(n));
            break;
        }
        case cs::AnnotationKind::Bookmark:
        case cs::AnnotationKind::Tag: {
            TimelineEntry e;
            e.what = describe(a, time, objectId);
            e.time = time;
            e.kind = a.kind == cs::AnnotationKind::Tag ? "tag" : "bookmark";
            e.label = a.kind == cs::AnnotationKind::Tag ? a.value : "bookmark";
            e.objectId = objectId;
            e.eventId = a.targetKind == cs::TargetKind::Event ? a.targetId : 0;
            e.analyst = a.analyst;
            r.timeline.push_back(std::move(e));
            break;
        }
        }
    }
    for (const auto &[target, value] : latestVerdict)
        ++r.summary.verdicts[value];
    // Hits join the key timeline at the time of what they are about.
    for (const auto &g : r.findings)
        for (const auto &f : g.findings)
            for (const auto &item : f.items) {
                TimelineEntry e;
                e.kind = "hit";
                e.label = std::string(toString(f.band));
                e.what = f.detector + " — " + item.explanation.substr(0, 160) + " [" +
                         (item.email ? "email \"" + item.emailSubject + "\"" : item.kind + " " + item.name) + "]";
                e.objectId = item.objectId;
                e.eventId = item.eventId;
                if (item.eventId) {
                    if (auto ev = events.event(item.eventId))
                        e.time = ev->time;
                } else if (item.objectId) {
                    if (auto t = objectTime(item.objectId))
                        e.time = *t;
                }
                r.timeline.push_back(std::move(e));
            }
    std::stable_sort(r.timeline.begin(), r.timeline.end(), [](const TimelineEntry &a, const TimelineEntry &b) {
        if (a.time.has_value() != b.time.has_value())
            return a.time.has_value();  // undated last
        return a.time && b.time && a.time->micros < b.time->micros;
    });
    if (r.timeline.size() > options.maxTimelineEntries) {
        r.timeline.resize(options.maxTimelineEntries);
        r.timelineTruncated = true;
    }
    return {};
}

Result<void> ReportBuilder::addRulePacks(ReportData &r) {
    auto versions = cs::HitStore(m_db).versions();
    if (!versions)
        return versions.error();
    auto scans = cs::AuditLog(m_db).list("scan:");
    if (!scans)
        return scans.error();
    for (const auto &v : *versions) {
        RulePackEntry p;
        p.name = v.ruleSet;
        p.hash = v.ruleSetHash;
        p.hits = v.hits;
        p.lastRun = v.lastRun;
        p.latest = v.latest;
        // The scan's audit entry describes the pack it ran (files, rule count).
        for (const auto &s : *scans) {
            const json d = json::parse(s.details, nullptr, false);
            if (!d.is_object() || d.value("rule_pack_hash", "") != v.ruleSetHash)
                continue;
            if (d.contains("pack") && d["pack"].is_object()) {
                const json &pack = d["pack"];
                if (pack.contains("rules") && pack["rules"].is_number())
                    p.rules = pack["rules"].get<std::int64_t>();
                if (pack.contains("file_results") && pack["file_results"].is_array())
                    for (const auto &f : pack["file_results"])
                        if (f.is_object() && f.value("ok", false))
                            p.sourcePaths.push_back(f.value("path", ""));
            }
        }
        if (!p.sourcePaths.empty()) {
            // Name the pack after the folder its rules came from (two levels:
            // "signature-base/yara" says more than "yara").
            const auto dir = std::filesystem::path(p.sourcePaths.front()).parent_path();
            const std::string where = (dir.parent_path().filename() / dir.filename()).string();
            if (!where.empty())
                p.name += " — " + where;
        }
        const auto lic = detectPackLicense(p.sourcePaths, m_packMetas[v.ruleSetHash]);
        p.license = lic.license;
        p.attribution = lic.attribution;
        p.version = lic.version;
        if (v.ruleSet.rfind("analyzer:", 0) == 0 && p.license.empty())
            p.license = "Harrier built-in analyzer";
        r.rulePacks.push_back(std::move(p));
    }
    return {};
}

}  // namespace harrier::report
