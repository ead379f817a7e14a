#include "parsers/mail/received_chain.h"

#include <regex>

#include "parsers/mail/gmime_util.h"

namespace harrier::parsers::mail {

namespace {

struct Token {
    std::string text;
    bool comment = false;
};

// Splits the clause part of a Received value into words and (comments),
// keeping nested parentheses inside one comment token.
std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
        } else if (c == '(') {
            int depth = 0;
            std::size_t j = i;
            for (; j < s.size(); ++j) {
                if (s[j] == '\\') {
                    ++j;
                    continue;
                }
                if (s[j] == '(')
                    ++depth;
                else if (s[j] == ')' && --depth == 0)
                    break;
            }
            const std::size_t end = std::min(j, s.size());
            out.push_back({std::string(s.substr(i + 1, end > i + 1 ? end - i - 1 : 0)), true});
            i = end + 1;
        } else {
            std::size_t j = i;
            while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' && s[j] != '\n' && s[j] != '(')
                ++j;
            out.push_back({std::string(s.substr(i, j - i)), false});
            i = j;
        }
    }
    return out;
}

std::string findIp(const std::string &text) {
    static const std::regex v4(R"((?:^|[^0-9.])((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})(?![0-9]))");
    static const std::regex v6(R"(\[(?:IPv6:)?([0-9a-fA-F]*:[0-9a-fA-F:.]+)\])");
    std::smatch m;
    if (std::regex_search(text, m, v6))
        return m[1].str();
    if (std::regex_search(text, m, v4))
        return m[1].str();
    return {};
}

}  // namespace

ReceivedHop ReceivedChain::parseOne(std::string_view value) {
    ReceivedHop hop;
    hop.raw = std::string(value);
    std::string_view clauses = value;
    if (const auto semi = value.rfind(';'); semi != std::string_view::npos) {
        hop.dateText = std::string(trim(value.substr(semi + 1)));
        clauses = value.substr(0, semi);
        hop.time = parseMailDate(hop.dateText);
    }
    const auto tokens = tokenize(clauses);
    std::string current;
    std::string fromClauseText;  // capped below: std::regex recurses per character
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token &t = tokens[i];
        if (!t.comment) {
            const std::string key = lower(t.text);
            if (key == "from" || key == "by" || key == "via" || key == "with" || key == "id" || key == "for") {
                current = key;
                // The word after the keyword is its value.
                if (i + 1 < tokens.size() && !tokens[i + 1].comment) {
                    const std::string &v = tokens[++i].text;
                    if (key == "from")
                        hop.fromHost = v;
                    else if (key == "by")
                        hop.byHost = v;
                    else if (key == "with")
                        hop.protocol = v;
                    else if (key == "id")
                        hop.id = v;
                    else if (key == "for")
                        hop.forAddress = v;
                    if (key == "from")
                        fromClauseText += " " + v;
                }
                continue;
            }
        }
        if (current == "from") {
            if (t.comment && hop.fromDetail.empty())
                hop.fromDetail = t.text;
            fromClauseText += " " + t.text;
        }
    }
    if (hop.forAddress.size() > 2 && hop.forAddress.front() == '<' && hop.forAddress.back() == '>')
        hop.forAddress = hop.forAddress.substr(1, hop.forAddress.size() - 2);
    hop.ip = findIp(fromClauseText.substr(0, 2048));
    return hop;
}

std::vector<ReceivedHop> ReceivedChain::parse(const std::vector<std::string> &headers) {
    std::vector<ReceivedHop> hops;
    for (auto it = headers.rbegin(); it != headers.rend(); ++it)
        hops.push_back(parseOne(*it));
    std::optional<UtcTime> previous;
    for (std::size_t i = 0; i < hops.size(); ++i) {
        hops[i].index = static_cast<int>(i) + 1;
        if (hops[i].time && previous)
            hops[i].delaySeconds = (hops[i].time->micros - previous->micros) / 1'000'000;
        if (hops[i].time)
            previous = hops[i].time;
    }
    return hops;
}

nlohmann::json ReceivedChain::toJson(const std::vector<ReceivedHop> &hops) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto &h : hops) {
        nlohmann::json j{{"hop", h.index},
                         {"from_host", sanitizeUtf8(h.fromHost)},
                         {"from_detail", sanitizeUtf8(h.fromDetail)},
                         {"by_host", sanitizeUtf8(h.byHost)},
                         {"ip", h.ip},
                         {"protocol", sanitizeUtf8(h.protocol)},
                         {"id", sanitizeUtf8(h.id)},
                         {"for", sanitizeUtf8(h.forAddress)},
                         {"date", sanitizeUtf8(h.dateText)},
                         {"time", h.time ? nlohmann::json(h.time->toIso8601()) : nlohmann::json()},
                         {"delay_seconds", h.delaySeconds ? nlohmann::json(*h.delaySeconds) : nlohmann::json()}};
        arr.push_back(std::move(j));
    }
    return arr;
}

}  // namespace harrier::parsers::mail
