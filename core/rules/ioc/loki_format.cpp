// LOKI IOC files: hash IOCs "hash;description", C2 IOCs "ioc[;score]",
// filename IOCs "regex;score[;false-positive-regex]". One record per
// non-comment, non-empty line, as LOKI reads them.
#include <algorithm>

#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_value.h"

namespace harrier::rules::ioc {

namespace {

std::vector<std::string> splitSemicolon(std::string_view line) {
    std::vector<std::string> out;
    std::size_t p = 0;
    for (;;) {
        const auto q = line.find(';', p);
        out.emplace_back(line.substr(p, q == std::string_view::npos ? std::string_view::npos : q - p));
        if (q == std::string_view::npos)
            return out;
        p = q + 1;
    }
}

std::optional<int> parseScore(const std::string &s) {
    try {
        std::size_t used = 0;
        const int v = std::stoi(s, &used);
        if (used != s.size())
            return std::nullopt;
        return std::clamp(v, 0, 100);
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace

void readLoki(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report) {
    const std::string lowerName = toLower(feed.substr(feed.find_last_of('/') + 1));
    enum { Hash, C2, Filename } kind = lowerName.find("hash") != std::string::npos   ? Hash
                                       : lowerName.find("c2") != std::string::npos ? C2
                                                                                   : Filename;
    report.format = kind == Hash ? "loki-hash" : kind == C2 ? "loki-c2" : "loki-filename";
    std::size_t lineNo = 0;
    for (auto raw : splitLines(content)) {
        ++lineNo;
        const auto first = raw.find_first_not_of(" \t");
        if (first == std::string_view::npos || raw[first] == '#')
            continue;
        ++report.records;
        const auto fields = splitSemicolon(raw);
        IocRule rule{feed, "line " + std::to_string(lineNo), {}, {}, {}, 75, {}};
        if (kind == Hash) {
            const std::string v = toLower(fields[0]);
            const IocType t = v.size() == 32 ? IocType::Md5 : v.size() == 40 ? IocType::Sha1 : IocType::Sha256;
            auto norm = normalise(t, v);
            if (!norm) {
                ++report.rejected["not an MD5/SHA-1/SHA-256 hash"];
                continue;
            }
            rule.description = fields.size() > 1 ? fields[1] : "";
            set.addSimple({t, *norm, fields[0], {}, 0}, std::move(rule));
        } else if (kind == C2) {
            const std::string v = refang(fields[0]);
            const auto t = detectType(v);
            auto norm = t ? normalise(*t, v) : std::nullopt;
            if (!norm || *t == IocType::Md5 || *t == IocType::Sha1 || *t == IocType::Sha256) {
                ++report.rejected["not a domain, IP or URL"];
                continue;
            }
            if (fields.size() > 1)
                rule.score = parseScore(fields[1]).value_or(75);
            set.addSimple({*t, *norm, fields[0], {}, 0}, std::move(rule));
        } else {
            if (fields.size() < 2 || !parseScore(fields[1])) {
                ++report.rejected["filename IOC without a numeric score"];
                continue;
            }
            rule.score = *parseScore(fields[1]);
            rule.description = "filename pattern " + fields[0];
            set.addSimple({IocType::PathRegex, fields[0], fields[0], fields.size() > 2 ? fields[2] : "", 0},
                          std::move(rule));
        }
        ++report.accepted;
    }
}

}  // namespace harrier::rules::ioc
