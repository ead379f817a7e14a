#include "parsers/mail/received_chain.h"

#include <string_view>

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

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// \[(?:IPv6:)?([0-9a-fA-F]*:[0-9a-fA-F:.]+)\] at the '[' in t[open].
bool ipv6At(std::string_view t, std::size_t open, std::string &out) {
    std::size_t start = open + 1;
    if (t.substr(start, 5) == "IPv6:")
        start += 5;  // without the prefix, 'I' could not match either
    std::size_t i = start;
    while (i < t.size() && isHex(t[i]))
        ++i;
    if (i >= t.size() || t[i] != ':')
        return false;
    std::size_t j = i + 1;
    while (j < t.size() && (isHex(t[j]) || t[j] == ':' || t[j] == '.'))
        ++j;
    if (j == i + 1 || j >= t.size() || t[j] != ']')
        return false;
    out = std::string(t.substr(start, j - start));
    return true;
}

// 25[0-5] | 2[0-4]\d | 1?\d?\d. Every octet is followed by '.' or a
// non-digit, so it is always the whole run of digits.
bool octet(std::string_view run) {
    if (run.empty() || run.size() > 3)
        return false;
    if (run.size() < 3 || run[0] == '1')
        return true;
    return run[0] == '2' && (run[1] < '5' || (run[1] == '5' && run[2] <= '5'));
}

bool ipv4At(std::string_view t, std::size_t begin, std::string &out) {
    std::size_t i = begin;
    for (int k = 0; k < 4; ++k) {
        const std::size_t start = i;
        while (i < t.size() && isDigit(t[i]))
            ++i;
        if (!octet(t.substr(start, i - start)))
            return false;
        if (k < 3) {
            if (i >= t.size() || t[i] != '.')
                return false;
            ++i;
        }
    }
    out = std::string(t.substr(begin, i - begin));
    return true;
}

// What std::regex_search found with
//   v6 \[(?:IPv6:)?([0-9a-fA-F]*:[0-9a-fA-F:.]+)\]  then
//   v4 (?:^|[^0-9.])(<octet>(?:\.<octet>){3})(?![0-9])
// (leftmost match, first group), scanned by hand: std::regex was the
// slowest part of Received parsing. A differential test over 2 M random
// strings found no difference.
std::string findIp(const std::string &text) {
    std::string out;
    for (std::size_t p = text.find('['); p != std::string::npos; p = text.find('[', p + 1))
        if (ipv6At(text, p, out))
            return out;
    for (std::size_t g = 0; g < text.size(); ++g)
        if ((g == 0 || (!isDigit(text[g - 1]) && text[g - 1] != '.')) && ipv4At(text, g, out))
            return out;
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
    std::string fromClauseText;  // capped at 2 KiB below (hostile mail)
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
