// OpenIOC 1.0 (<ioc><definition>) and 1.1 (<OpenIOC><criteria>), parsed
// with libxml2 (no network, no entity expansion, no DTD loading). Each
// IndicatorItem is one record; Indicator elements give the AND/OR tree.
// Supported terms become indicators; others are reported and, inside an
// AND, make that branch unable to match (never approximated away).
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>

#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_value.h"

namespace harrier::rules::ioc {

namespace {

std::string attr(xmlNode *n, const char *name) {
    xmlChar *v = xmlGetProp(n, reinterpret_cast<const xmlChar *>(name));
    if (!v)
        return {};
    std::string s(reinterpret_cast<const char *>(v));
    xmlFree(v);
    return s;
}

std::string text(xmlNode *n) {
    xmlChar *v = xmlNodeGetContent(n);
    if (!v)
        return {};
    std::string s(reinterpret_cast<const char *>(v));
    xmlFree(v);
    return s;
}

bool named(xmlNode *n, const char *name) {
    return n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char *>(n->name), name) == 0;
}

xmlNode *child(xmlNode *n, const char *name) {
    for (xmlNode *c = n->children; c; c = c->next)
        if (named(c, name))
            return c;
    return nullptr;
}

std::string regexEscape(const std::string &s) {
    std::string re;
    for (char c : s) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos)
            re += '\\';
        re += c;
    }
    return re;
}

struct Context {
    std::string feed;
    IocSet &set;
    ImportReport &report;
    std::size_t rule;
};

/// One IndicatorItem -> a leaf, or Never when unsupported.
Condition item(xmlNode *n, Context &ctx) {
    ++ctx.report.records;
    const std::string id = attr(n, "id");
    const std::string condition = attr(n, "condition");
    const bool negate = attr(n, "negate") == "true";
    xmlNode *c = child(n, "Context");
    xmlNode *content = child(n, "Content");
    const std::string search = c ? attr(c, "search") : std::string();
    const std::string value = content ? text(content) : std::string();
    auto unsupported = [&](const std::string &why) {
        ++ctx.report.rejected[why];
        ctx.report.unsupported.push_back(id + ": " + why);
        return Condition{Condition::Op::Never, 0, {}};
    };
    if (negate)
        return unsupported("negated term " + search);
    std::optional<IocType> type;
    std::string v = value;
    if (search == "FileItem/Md5sum" || search == "FileItem/Sha1sum" || search == "FileItem/Sha256sum") {
        if (condition != "is")
            return unsupported("condition " + condition + " on " + search);
        type = search == "FileItem/Md5sum" ? IocType::Md5 : search == "FileItem/Sha1sum" ? IocType::Sha1 : IocType::Sha256;
    } else if (search == "DnsEntryItem/RecordName" || search == "DnsEntryItem/Host" || search == "Network/DNS" ||
               search == "UrlHistoryItem/HostName") {
        if (condition != "is" && condition != "contains")
            return unsupported("condition " + condition + " on " + search);
        type = IocType::Domain;
    } else if (search == "PortItem/remoteIP" || search == "Network/IP" || search == "Network/remoteIP") {
        if (condition != "is")
            return unsupported("condition " + condition + " on " + search);
        type = v.find(':') != std::string::npos ? IocType::Ipv6 : IocType::Ipv4;
    } else if (search == "UrlHistoryItem/URL" || search == "Network/URI") {
        if (condition == "is" && v.find("://") != std::string::npos) {
            type = IocType::Url;
        } else if (condition == "contains" || condition == "is") {
            type = IocType::Literal;  // a URI fragment: literal search
        } else {
            return unsupported("condition " + condition + " on " + search);
        }
    } else if (search == "Email/From") {
        if (condition != "is" && condition != "contains")
            return unsupported("condition " + condition + " on " + search);
        type = v.find('@') != std::string::npos ? IocType::Email : IocType::Literal;
    } else if (search == "FileItem/FileName" || search == "FileItem/FullPath" || search == "FileItem/FilePath") {
        // Names and paths as regexes over the item path (either separator).
        std::string re = regexEscape(v);
        if (condition == "is")
            re = search == "FileItem/FileName" ? "(^|[\\\\/])" + re + "$" : "^" + re + "$";
        else if (condition != "contains")
            return unsupported("condition " + condition + " on " + search);
        v = re;
        type = IocType::PathRegex;
    } else {
        return unsupported("term " + (search.empty() ? std::string("(none)") : search));
    }
    auto norm = normalise(*type, v);
    if (!norm) {
        if (*type == IocType::Domain && condition == "contains") {
            norm = v;
            type = IocType::Literal;
        } else {
            return unsupported("invalid value for " + search);
        }
    }
    const std::size_t idx = ctx.set.indicators.size();
    ctx.set.indicators.push_back({*type, *norm, value, {}, ctx.rule});
    ++ctx.report.accepted;
    return {Condition::Op::Leaf, idx, {}};
}

Condition indicator(xmlNode *n, Context &ctx) {
    Condition node{attr(n, "operator") == "AND" ? Condition::Op::And : Condition::Op::Or, 0, {}};
    for (xmlNode *c = n->children; c; c = c->next) {
        if (named(c, "IndicatorItem"))
            node.children.push_back(item(c, ctx));
        else if (named(c, "Indicator"))
            node.children.push_back(indicator(c, ctx));
    }
    return node;
}

}  // namespace

void readOpenIoc(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report) {
    report.format = "openioc";
    // XML_PARSE_NONET: never fetch; no NOENT/DTDLOAD: no entity expansion.
    xmlDoc *doc = xmlReadMemory(content.data(), static_cast<int>(content.size()), feed.c_str(), nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        ++report.rejected["not well-formed XML"];
        return;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *def = root ? (named(root, "ioc") ? child(root, "definition") : named(root, "OpenIOC") ? child(root, "criteria") : nullptr)
                        : nullptr;
    if (!def) {
        ++report.rejected["no OpenIOC definition"];
        xmlFreeDoc(doc);
        return;
    }
    if (named(root, "OpenIOC"))
        report.format = "openioc-1.1";
    IocRule rule{feed, attr(root, "id"), {}, {}, {}, 75, {}};
    if (xmlNode *d = child(root, "short_description"))
        rule.description = text(d);
    else if (xmlNode *m = child(root, "metadata"); m && child(m, "short_description"))
        rule.description = text(child(m, "short_description"));
    Context ctx{feed, set, report, set.rules.size()};
    Condition top{Condition::Op::Or, 0, {}};
    for (xmlNode *c = def->children; c; c = c->next)
        if (named(c, "Indicator"))
            top.children.push_back(indicator(c, ctx));
    rule.condition = top.children.size() == 1 ? top.children[0] : top;
    set.rules.push_back(std::move(rule));
    xmlFreeDoc(doc);
}

}  // namespace harrier::rules::ioc
