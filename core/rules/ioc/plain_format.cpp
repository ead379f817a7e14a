// Plain lists (one value per line, type auto-detected) and CSV with a header
// (value,type,description,tags,tlp).
#include <algorithm>

#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_value.h"

namespace harrier::rules::ioc {

std::vector<std::string_view> splitLines(std::string_view content) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= content.size()) {
        auto nl = content.find('\n', start);
        if (nl == std::string_view::npos)
            nl = content.size();
        std::string_view line = content.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        out.push_back(line);
        start = nl + 1;
    }
    if (!out.empty() && out.back().empty())
        out.pop_back();
    return out;
}

namespace {

bool blankOrComment(std::string_view line) {
    const auto p = line.find_first_not_of(" \t");
    return p == std::string_view::npos || line[p] == '#' || (line.substr(p).starts_with("//"));
}

std::optional<IocType> typeFromName(std::string t) {
    t = toLower(t);
    static const std::pair<const char *, IocType> names[] = {
        {"md5", IocType::Md5},          {"sha1", IocType::Sha1},       {"sha-1", IocType::Sha1},
        {"sha256", IocType::Sha256},    {"sha-256", IocType::Sha256},  {"ip", IocType::Ipv4},
        {"ipv4", IocType::Ipv4},        {"ipv6", IocType::Ipv6},       {"cidr", IocType::Cidr},
        {"domain", IocType::Domain},    {"hostname", IocType::Domain}, {"fqdn", IocType::Domain},
        {"url", IocType::Url},          {"email", IocType::Email},     {"email-addr", IocType::Email},
        {"filename", IocType::FilenameRegex}, {"filename-regex", IocType::FilenameRegex},
        {"path", IocType::PathRegex},   {"path-regex", IocType::PathRegex}, {"string", IocType::Literal},
        {"literal", IocType::Literal},  {"keyword", IocType::Literal}};
    for (const auto &[n, type] : names)
        if (t == n)
            return type;
    return std::nullopt;
}

/// A minimal RFC 4180 line split (quoted fields, doubled quotes).
std::vector<std::string> csvFields(std::string_view line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

}  // namespace

void readPlainList(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report) {
    std::size_t lineNo = 0;
    for (auto line : splitLines(content)) {
        ++lineNo;
        if (blankOrComment(line))
            continue;
        ++report.records;
        const std::string value = refang(line);
        // Anything that is no typed value is kept as a literal string to
        // search for in content (keyword lists).
        const IocType type = detectType(value).value_or(IocType::Literal);
        auto norm = normalise(type, value);
        if (!norm) {
            ++report.rejected["invalid " + std::string(toString(type))];
            continue;
        }
        set.addSimple({type, *norm, std::string(line), {}, 0}, {feed, "line " + std::to_string(lineNo), {}, {}, {}, 75, {}});
        ++report.accepted;
    }
}

void readCsv(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report) {
    const auto lines = splitLines(content);
    if (lines.empty())
        return;
    auto header = csvFields(lines[0]);
    for (auto &h : header)
        h = toLower(std::string(h));
    auto col = [&](const char *name) -> int {
        auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -1 : static_cast<int>(it - header.begin());
    };
    const int cValue = col("value"), cType = col("type"), cDesc = col("description"), cTags = col("tags"),
              cTlp = col("tlp");
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (blankOrComment(lines[i]))
            continue;
        ++report.records;
        const auto f = csvFields(lines[i]);
        auto get = [&](int c) { return c >= 0 && static_cast<std::size_t>(c) < f.size() ? f[static_cast<std::size_t>(c)] : std::string(); };
        const std::string value = refang(get(cValue));
        std::optional<IocType> type;
        if (!get(cType).empty()) {
            type = typeFromName(get(cType));
            if (!type) {
                ++report.rejected["unknown type " + get(cType)];
                continue;
            }
            if (*type == IocType::Ipv4 && value.find(':') != std::string::npos)
                type = IocType::Ipv6;
            if ((*type == IocType::Ipv4 || *type == IocType::Ipv6) && value.find('/') != std::string::npos)
                type = IocType::Cidr;
        } else {
            type = detectType(value).value_or(IocType::Literal);
        }
        auto norm = normalise(*type, value);
        if (!norm) {
            ++report.rejected["invalid " + std::string(toString(*type))];
            continue;
        }
        IocRule rule{feed, "line " + std::to_string(i + 1), get(cDesc), {}, get(cTlp), 75, {}};
        std::string tags = get(cTags);
        for (std::size_t p = 0; p <= tags.size();) {
            auto q = tags.find_first_of(";|", p);
            if (q == std::string::npos)
                q = tags.size();
            if (q > p)
                rule.tags.push_back(tags.substr(p, q - p));
            p = q + 1;
        }
        set.addSimple({*type, *norm, value, {}, 0}, std::move(rule));
        ++report.accepted;
    }
}

}  // namespace harrier::rules::ioc
