// STIX 2.x bundles: indicators with pattern_type "stix". The pattern is
// parsed into observation expressions joined by AND/OR; comparisons with
// '=' (and IN on a list) over the supported object paths become indicators.
// Anything else (MATCHES, LIKE, FOLLOWEDBY, qualifiers, other objects) is
// reported by indicator id and never silently approximated.
#include <nlohmann/json.hpp>

#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_value.h"

namespace harrier::rules::ioc {

namespace {

struct Token {
    enum Kind { LBracket, RBracket, LParen, RParen, Word, String, Op, End } kind = End;
    std::string text;
};

std::vector<Token> tokenize(std::string_view p, std::string &error) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < p.size()) {
        const char c = p[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '[' || c == ']' || c == '(' || c == ')') {
            out.push_back({c == '[' ? Token::LBracket : c == ']' ? Token::RBracket : c == '(' ? Token::LParen : Token::RParen, std::string(1, c)});
            ++i;
        } else if (c == '\'') {
            std::string s;
            ++i;
            while (i < p.size() && p[i] != '\'') {
                if (p[i] == '\\' && i + 1 < p.size())
                    ++i;
                s += p[i++];
            }
            if (i >= p.size()) {
                error = "unterminated string";
                return {};
            }
            ++i;
            out.push_back({Token::String, s});
        } else if (c == '=' || c == '!' || c == '<' || c == '>') {
            std::string op(1, c);
            if (i + 1 < p.size() && p[i + 1] == '=')
                op += '=';
            i += op.size();
            out.push_back({Token::Op, op});
        } else {
            // Object paths contain quoted keys: file:hashes.'SHA-256'
            std::string w;
            while (i < p.size() && !std::isspace(static_cast<unsigned char>(p[i])) && p[i] != ']' && p[i] != ')' &&
                   p[i] != '=' && p[i] != '!' && p[i] != '<' && p[i] != '>' && p[i] != '[' && p[i] != '(') {
                if (p[i] == '\'') {
                    const auto close = p.find('\'', i + 1);
                    if (close == std::string_view::npos)
                        break;
                    w += p.substr(i + 1, close - i - 1);
                    i = close + 1;
                } else {
                    w += p[i++];
                }
            }
            if (w.empty()) {
                error = "unexpected character";
                return {};
            }
            out.push_back({Token::Word, w});
        }
    }
    out.push_back({Token::End, {}});
    return out;
}

std::optional<IocType> typeForPath(const std::string &path) {
    const std::string p = toLower(path);
    if (p == "file:hashes.md5")
        return IocType::Md5;
    if (p == "file:hashes.sha-1" || p == "file:hashes.sha1")
        return IocType::Sha1;
    if (p == "file:hashes.sha-256" || p == "file:hashes.sha256")
        return IocType::Sha256;
    if (p == "domain-name:value")
        return IocType::Domain;
    if (p == "ipv4-addr:value")
        return IocType::Ipv4;
    if (p == "ipv6-addr:value")
        return IocType::Ipv6;
    if (p == "url:value")
        return IocType::Url;
    if (p == "file:name")
        return IocType::FilenameRegex;
    if (p == "email-addr:value" || p == "email-message:from_ref.value" || p == "email-message:sender_ref.value")
        return IocType::Email;
    return std::nullopt;
}

class PatternParser {
public:
    PatternParser(std::vector<Token> tokens, IocSet &set, std::size_t rule)
        : m_t(std::move(tokens)), m_set(set), m_rule(rule) {}

    std::optional<Condition> parse() {
        auto c = orExpr(true);
        if (!c || peek().kind != Token::End)
            return fail("unexpected " + peek().text);
        return c;
    }
    const std::string &error() const { return m_error; }

private:
    const Token &peek() const { return m_t[m_pos]; }
    bool isWord(const char *w) const { return peek().kind == Token::Word && toLower(peek().text) == toLower(w); }
    std::optional<Condition> fail(std::string why) {
        if (m_error.empty())
            m_error = std::move(why);
        return std::nullopt;
    }

    // outer: observation expressions; inner: comparisons inside [ ].
    std::optional<Condition> orExpr(bool outer) {
        auto left = andExpr(outer);
        if (!left)
            return left;
        Condition node{Condition::Op::Or, 0, {*left}};
        while (isWord("OR")) {
            ++m_pos;
            auto right = andExpr(outer);
            if (!right)
                return right;
            node.children.push_back(*right);
        }
        return node.children.size() == 1 ? node.children[0] : node;
    }
    std::optional<Condition> andExpr(bool outer) {
        auto left = primary(outer);
        if (!left)
            return left;
        Condition node{Condition::Op::And, 0, {*left}};
        while (isWord("AND")) {
            ++m_pos;
            auto right = primary(outer);
            if (!right)
                return right;
            node.children.push_back(*right);
        }
        if (isWord("FOLLOWEDBY"))
            return fail("FOLLOWEDBY is not supported");
        return node.children.size() == 1 ? node.children[0] : node;
    }
    std::optional<Condition> primary(bool outer) {
        if (peek().kind == Token::LParen) {
            ++m_pos;
            auto c = orExpr(outer);
            if (!c || peek().kind != Token::RParen)
                return fail("missing )");
            ++m_pos;
            return qualifiers(c);
        }
        if (outer) {
            if (peek().kind != Token::LBracket)
                return fail("expected [");
            ++m_pos;
            auto c = orExpr(false);
            if (!c || peek().kind != Token::RBracket)
                return fail("missing ]");
            ++m_pos;
            return qualifiers(c);
        }
        return comparison();
    }
    std::optional<Condition> qualifiers(std::optional<Condition> c) {
        if (isWord("WITHIN") || isWord("REPEATS") || isWord("START"))
            return fail("qualifier " + peek().text + " is not supported");
        return c;
    }
    std::optional<Condition> comparison() {
        if (peek().kind != Token::Word)
            return fail("expected an object path");
        const std::string path = m_t[m_pos++].text;
        if (isWord("NOT"))
            return fail("NOT is not supported");
        std::string op;
        if (peek().kind == Token::Op || peek().kind == Token::Word)
            op = m_t[m_pos++].text;
        const auto type = typeForPath(path);
        if (op != "=" && toLower(op) != "in")
            return fail("operator " + op + " on " + path + " is not supported");
        if (!type)
            return fail("object path " + path + " is not supported");
        std::vector<std::string> values;
        if (toLower(op) == "in") {
            if (peek().kind != Token::LParen)
                return fail("IN needs a list");
            ++m_pos;
            while (peek().kind == Token::String) {
                values.push_back(m_t[m_pos++].text);
                if (peek().kind == Token::Word && peek().text == ",")
                    ++m_pos;
            }
            if (peek().kind != Token::RParen)
                return fail("unterminated IN list");
            ++m_pos;
        } else {
            if (peek().kind != Token::String)
                return fail("expected a quoted value");
            values.push_back(m_t[m_pos++].text);
        }
        Condition any{Condition::Op::Or, 0, {}};
        for (const auto &v : values) {
            IocType t = *type;
            if ((t == IocType::Ipv4 || t == IocType::Ipv6) && v.find('/') != std::string::npos)
                t = IocType::Cidr;
            std::optional<std::string> norm;
            if (t == IocType::FilenameRegex)
                norm = exactFilenameRegex(v);
            else
                norm = normalise(t, v);
            if (!norm)
                return fail("invalid " + std::string(toString(t)) + " value " + v);
            const std::size_t idx = m_set.indicators.size();
            m_set.indicators.push_back({t, *norm, v, {}, m_rule});
            any.children.push_back({Condition::Op::Leaf, idx, {}});
        }
        return any.children.size() == 1 ? any.children[0] : any;
    }

    std::vector<Token> m_t;
    std::size_t m_pos = 0;
    IocSet &m_set;
    std::size_t m_rule;
    std::string m_error;
};

}  // namespace

void readStix(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report) {
    report.format = "stix2";
    auto j = nlohmann::json::parse(content, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        ++report.rejected["not STIX JSON"];
        return;
    }
    // A lone STIX object (not a bundle) is read as a bundle of one.
    if (!j.contains("objects") && j.contains("type"))
        j = nlohmann::json{{"type", "bundle"}, {"objects", nlohmann::json::array({j})}};
    if (!j["objects"].is_array()) {
        ++report.rejected["not a STIX bundle"];
        return;
    }
    for (const auto &o : j["objects"]) {
        if (!o.is_object() || o.value("type", "") != "indicator")
            continue;
        ++report.records;
        const std::string id = o.value("id", "?");
        const std::string ptype = o.value("pattern_type", "stix");
        if (ptype != "stix" || !o.contains("pattern") || !o["pattern"].is_string()) {
            ++report.rejected["pattern type not stix"];
            report.unsupported.push_back(id + ": pattern_type " + ptype);
            continue;
        }
        const std::string pattern = o["pattern"].get<std::string>();
        std::string err;
        auto tokens = tokenize(pattern, err);
        const std::size_t savedIndicators = set.indicators.size();
        std::optional<Condition> cond;
        PatternParser parser(std::move(tokens), set, set.rules.size());
        if (err.empty())
            cond = parser.parse();
        if (!cond) {
            set.indicators.resize(savedIndicators);  // nothing half-imported
            ++report.rejected["unsupported pattern"];
            report.unsupported.push_back(id + ": " + (err.empty() ? parser.error() : err) + " in " + pattern);
            continue;
        }
        IocRule rule{feed, id, o.value("name", o.value("description", "")), {}, {}, 75, *cond};
        if (o.contains("labels") && o["labels"].is_array())
            for (const auto &l : o["labels"])
                if (l.is_string())
                    rule.tags.push_back(l.get<std::string>());
        if (o.contains("indicator_types") && o["indicator_types"].is_array())
            for (const auto &l : o["indicator_types"])
                if (l.is_string())
                    rule.tags.push_back(l.get<std::string>());
        set.rules.push_back(std::move(rule));
        ++report.accepted;
    }
}

}  // namespace harrier::rules::ioc
