#include "parsers/mail/auth_results.h"

#include "parsers/mail/gmime_util.h"

namespace harrier::parsers::mail {

namespace {

// Removes (comments), returning them separately: verdict text hides
// "(p=reject dis=none)" style notes that must not be read as properties.
std::string stripComments(std::string_view s, std::string *comments) {
    std::string out;
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"' && depth == 0) {
            const std::size_t end = s.find('"', i + 1);
            const std::size_t stop = end == std::string_view::npos ? s.size() : end + 1;
            out.append(s.substr(i, stop - i));
            i = stop - 1;
            continue;
        }
        if (c == '(') {
            if (depth++ == 0 && comments && !comments->empty())
                *comments += " ";
            continue;
        }
        if (c == ')' && depth > 0) {
            --depth;
            continue;
        }
        if (depth > 0) {
            if (comments)
                *comments += c;
        } else {
            out += c;
        }
    }
    return out;
}

std::vector<std::string> splitTop(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (const char c : s) {
        if (c == '"')
            quoted = !quoted;
        if (c == sep && !quoted) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (const char c : s) {
        if (c == '"')
            quoted = !quoted;
        if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
            if (!cur.empty())
                out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty())
        out.push_back(std::move(cur));
    return out;
}

std::string unquote(std::string v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
        v = v.substr(1, v.size() - 2);
    return v;
}

std::string domainOf(std::string v) {
    v = unquote(std::move(v));
    if (const auto at = v.rfind('@'); at != std::string::npos)
        v = v.substr(at + 1);
    while (!v.empty() && (v.back() == '>' || v.back() == '.'))
        v.pop_back();
    return lower(v);
}

// The property that names the domain a method speaks for, by method.
std::string verdictDomain(const AuthVerdict &v) {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> order = {
        {"spf", {"smtp.mailfrom", "smtp.helo", "envelope-from"}},
        {"dkim", {"header.d", "header.i"}},
        {"dmarc", {"header.from"}},
        {"arc", {"header.oldest-pass", "smtp.remote-ip"}},
    };
    for (const auto &[method, keys] : order)
        if (v.method == method)
            for (const auto &k : keys)
                if (auto it = v.properties.find(k); it != v.properties.end() && !it->second.empty())
                    return k == "smtp.remote-ip" || k == "header.oldest-pass" ? std::string() : domainOf(it->second);
    for (const auto &k : {"header.d", "header.from", "smtp.mailfrom", "header.i"})
        if (auto it = v.properties.find(k); it != v.properties.end())
            return domainOf(it->second);
    return {};
}

}  // namespace

std::vector<AuthVerdict> AuthResults::parseAuthenticationResults(std::string_view value, std::string header) {
    std::vector<AuthVerdict> out;
    auto parts = splitTop(value, ';');
    if (parts.empty())
        return out;
    std::string authserv;
    // ARC-Authentication-Results starts with "i=N;" before the authserv-id.
    std::size_t first = 0;
    if (lower(trim(parts[0])).rfind("i=", 0) == 0 && parts.size() > 1)
        first = 1;
    {
        const auto w = words(stripComments(parts[first], nullptr));
        if (!w.empty() && w[0].find('=') == std::string::npos)
            authserv = w[0];
        else
            --first;  // no authserv-id: the first part is already a verdict
    }
    for (std::size_t i = first + 1; i < parts.size(); ++i) {
        std::string comments;
        const std::string clean = stripComments(parts[i], &comments);
        const auto w = words(clean);
        if (w.empty())
            continue;
        AuthVerdict v;
        v.header = header;
        v.authserv = authserv;
        v.reason = std::string(trim(comments));
        for (std::size_t k = 0; k < w.size(); ++k) {
            const auto eq = w[k].find('=');
            if (eq == std::string::npos)
                continue;
            std::string key = lower(w[k].substr(0, eq));
            std::string val = unquote(w[k].substr(eq + 1));
            if (k == 0) {
                // "dkim=pass" or "dkim/1=pass" (method version)
                if (auto slash = key.find('/'); slash != std::string::npos)
                    key = key.substr(0, slash);
                v.method = key;
                v.result = lower(val);
            } else if (key == "reason") {
                v.reason = val;
            } else {
                v.properties[key] = val;
            }
        }
        if (v.method.empty() || v.method == "none")
            continue;
        v.domain = verdictDomain(v);
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<AuthVerdict> AuthResults::parseReceivedSpf(std::string_view value) {
    std::vector<AuthVerdict> out;
    std::string comments;
    const std::string clean = stripComments(value, &comments);
    const auto w = words(clean);
    if (w.empty())
        return out;
    AuthVerdict v;
    v.header = "Received-SPF";
    v.method = "spf";
    v.result = lower(w[0]);
    v.reason = std::string(trim(comments));
    for (const auto &part : splitTop(clean.substr(clean.find(w[0]) + w[0].size()), ';'))
        for (const auto &word : words(part))
            if (const auto eq = word.find('='); eq != std::string::npos)
                v.properties[lower(word.substr(0, eq))] = unquote(word.substr(eq + 1));
    if (auto it = v.properties.find("envelope-from"); it != v.properties.end() && !it->second.empty())
        v.domain = domainOf(it->second);
    else if (auto h = v.properties.find("helo"); h != v.properties.end())
        v.domain = domainOf(h->second);
    out.push_back(std::move(v));
    return out;
}

nlohmann::json AuthResults::toJson(const std::vector<AuthVerdict> &verdicts) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto &v : verdicts) {
        nlohmann::json props = nlohmann::json::object();
        for (const auto &[k, val] : v.properties)
            props[sanitizeUtf8(k)] = sanitizeUtf8(val);
        arr.push_back({{"header", v.header},
                       {"authserv_id", sanitizeUtf8(v.authserv)},
                       {"method", sanitizeUtf8(v.method)},
                       {"result", sanitizeUtf8(v.result)},
                       {"domain", sanitizeUtf8(v.domain)},
                       {"reason", sanitizeUtf8(v.reason)},
                       {"properties", std::move(props)}});
    }
    return arr;
}

}  // namespace harrier::parsers::mail
