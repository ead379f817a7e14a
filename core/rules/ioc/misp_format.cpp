// MISP event JSON ({"Event": {...}} as in feeds and exports, or a bare
// event) and MISP feed manifests. Every attribute (of the event and of its
// objects) is one record; types Harrier can match become indicators, the
// rest are rejected with their type as the reason. Attributes with
// to_ids=false are kept (analysts use them for triage) but tagged.
#include <nlohmann/json.hpp>

#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_value.h"

namespace harrier::rules::ioc {

namespace {

/// MISP attribute type -> (IOC type, which part of a composite "a|b" value).
std::optional<std::pair<IocType, int>> mispType(const std::string &t) {
    static const std::pair<const char *, std::pair<IocType, int>> map[] = {
        {"md5", {IocType::Md5, 0}},
        {"sha1", {IocType::Sha1, 0}},
        {"sha256", {IocType::Sha256, 0}},
        {"filename|md5", {IocType::Md5, 1}},
        {"filename|sha1", {IocType::Sha1, 1}},
        {"filename|sha256", {IocType::Sha256, 1}},
        {"ip-src", {IocType::Ipv4, 0}},
        {"ip-dst", {IocType::Ipv4, 0}},
        {"ip-src|port", {IocType::Ipv4, 0}},
        {"ip-dst|port", {IocType::Ipv4, 0}},
        {"domain", {IocType::Domain, 0}},
        {"hostname", {IocType::Domain, 0}},
        {"domain|ip", {IocType::Domain, 0}},
        {"url", {IocType::Url, 0}},
        {"uri", {IocType::Url, 0}},
        {"link", {IocType::Url, 0}},
        {"email", {IocType::Email, 0}},
        {"email-src", {IocType::Email, 0}},
        {"email-dst", {IocType::Email, 0}},
        {"email-reply-to", {IocType::Email, 0}},
        {"filename", {IocType::Literal, -1}},
    };
    for (const auto &[name, v] : map)
        if (t == name)
            return v;
    return std::nullopt;
}

std::string jsonText(const nlohmann::json &o, const char *key) {
    if (!o.contains(key))
        return {};
    const auto &v = o[key];
    return v.is_string() ? v.get<std::string>() : v.dump();
}

void readAttribute(const std::string &feed, const nlohmann::json &a, const std::string &eventInfo, IocSet &set,
                   ImportReport &report) {
    ++report.records;
    const std::string type = jsonText(a, "type");
    std::string value = jsonText(a, "value");
    const auto mt = mispType(type);
    if (!mt) {
        ++report.rejected["MISP type not matchable: " + type];
        return;
    }
    auto [iocType, part] = *mt;
    if (type.find('|') != std::string::npos) {
        const auto bar = value.find('|');
        if (bar == std::string::npos) {
            ++report.rejected["composite value without |"];
            return;
        }
        value = part == 1 ? value.substr(bar + 1) : value.substr(0, bar);
    }
    value = refang(value);
    if (type == "filename") {
        iocType = IocType::FilenameRegex;  // matched as an exact name, see the matcher
    } else if (iocType == IocType::Url && value.find("://") == std::string::npos) {
        // MISP "url" often holds a bare host or host/path; fall back to detection.
        iocType = detectType(value).value_or(IocType::Url);
    } else if (iocType == IocType::Ipv4 && value.find(':') != std::string::npos) {
        iocType = IocType::Ipv6;
    }
    if ((iocType == IocType::Ipv4 || iocType == IocType::Ipv6) && value.find('/') != std::string::npos)
        iocType = IocType::Cidr;
    std::optional<std::string> norm;
    if (iocType == IocType::FilenameRegex)
        norm = value.empty() ? std::nullopt : std::optional(exactFilenameRegex(value));
    else
        norm = normalise(iocType, value);
    if (!norm) {
        ++report.rejected["invalid " + type + " value"];
        return;
    }
    IocRule rule{feed, "attribute " + jsonText(a, "uuid"), eventInfo, {}, {}, 75, {}};
    rule.tags.push_back("misp:" + type);
    if (a.contains("to_ids") && a["to_ids"].is_boolean() && !a["to_ids"].get<bool>()) {
        rule.tags.push_back("to_ids:false");
        rule.score = 50;
    }
    set.addSimple({iocType, *norm, value, {}, 0}, std::move(rule));
    ++report.accepted;
}

}  // namespace

void readMisp(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report) {
    report.format = "misp";
    const auto j = nlohmann::json::parse(content, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        ++report.rejected["not MISP JSON"];
        return;
    }
    std::vector<const nlohmann::json *> events;
    if (j.contains("Event") && j["Event"].is_object())
        events.push_back(&j["Event"]);
    else if (j.contains("response") && j["response"].is_array())
        for (const auto &r : j["response"])
            if (r.contains("Event"))
                events.push_back(&r["Event"]);
    if (events.empty() && (j.contains("Attribute") || j.contains("Object") || j.contains("info")))
        events.push_back(&j);
    if (events.empty()) {
        // A feed manifest (uuid -> event summary) lists events, holds no attributes.
        report.format = "misp-manifest";
        return;
    }
    for (const auto *ev : events) {
        const std::string info = jsonText(*ev, "info");
        if (ev->contains("Attribute") && (*ev)["Attribute"].is_array())
            for (const auto &a : (*ev)["Attribute"])
                readAttribute(feed, a, info, set, report);
        if (ev->contains("Object") && (*ev)["Object"].is_array())
            for (const auto &o : (*ev)["Object"])
                if (o.contains("Attribute") && o["Attribute"].is_array())
                    for (const auto &a : o["Attribute"])
                        readAttribute(feed, a, info, set, report);
    }
}

}  // namespace harrier::rules::ioc
