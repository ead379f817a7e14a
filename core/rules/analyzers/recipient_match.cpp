#include "rules/analyzers/recipient_match.h"

#include <vector>

#include "base/hashing.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

bool base64Char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
           c == '-' || c == '_' || c == '=';
}

// Where in the URL the text at `pos` sits: which query parameter, or the path.
std::string locate(const std::string &url, std::size_t pos) {
    const auto q = url.find('?');
    if (q == std::string::npos || pos < q)
        return "path";
    std::size_t start = url.rfind('&', pos);
    if (start == std::string::npos || start < q)
        start = q;
    const auto eq = url.find('=', start);
    if (eq == std::string::npos || eq > pos)
        return "query";
    return "query parameter \"" + url.substr(start + 1, eq - start - 1) + "\"";
}

std::string tokenAround(const std::string &url, std::size_t pos, std::size_t len) {
    std::size_t b = pos, e = pos + len;
    while (b > 0 && url[b - 1] != '/' && url[b - 1] != '?' && url[b - 1] != '&' && url[b - 1] != '=')
        --b;
    while (e < url.size() && url[e] != '/' && url[e] != '?' && url[e] != '&' && url[e] != '#')
        ++e;
    return url.substr(b, e - b);
}

}  // namespace

std::string RecipientMatch::phrase() const {
    if (encoding == "plain")
        return "in clear";
    if (encoding.find("hash") != std::string::npos)
        return "as its " + encoding;
    return encoding + "-encoded" + (unpadded ? " without padding" : "");
}

std::optional<RecipientMatch> findRecipient(const std::string &url, const std::vector<std::string> &recipients) {
    if (recipients.empty())
        return std::nullopt;
    const std::string lower = toLower(url);
    const std::string decoded = toLower(percentDecode(url, true));
    for (const auto &r : recipients) {
        if (r.size() < 6)
            continue;
        if (auto p = lower.find(r); p != std::string::npos)
            return RecipientMatch{r, "plain", locate(url, p), tokenAround(url, p, r.size())};
        if (decoded.find(r) != std::string::npos) {
            // Position in the raw URL: the encoded '@' is where it differs.
            const std::string local = r.substr(0, r.find('@'));
            const auto p = lower.find(local);
            return RecipientMatch{r, "URL-encoded", locate(url, p == std::string::npos ? 0 : p),
                                  p == std::string::npos ? url : tokenAround(url, p, local.size())};
        }
        MultiHasher h;
        h.update(asBytes(r));
        const FileHashes hashes = h.finish();
        for (const auto &[name, hex] : {std::pair<const char *, const std::string &>{"SHA-256 hash", hashes.sha256},
                                        {"SHA-1 hash", hashes.sha1},
                                        {"MD5 hash", hashes.md5}})
            if (auto p = lower.find(hex); p != std::string::npos)
                return RecipientMatch{r, name, locate(url, p), hex};
    }
    // Base64: decode every run of base64 characters in the once-decoded URL
    // ('=' padding often arrives as %3D). Runs are split at '=' too, so a
    // query value is its own run; padding inside a run is trimmed.
    const std::string once = percentDecode(url);
    std::size_t i = 0;
    while (i < once.size()) {
        while (i < once.size() && (!base64Char(once[i]) || once[i] == '='))
            ++i;
        std::size_t j = i;
        while (j < once.size() && base64Char(once[j]) && once[j] != '=')
            ++j;
        // '/' is a base64 character but also the path separator: try the
        // whole run and each of its segments.
        std::vector<std::string> candidates;
        if (j - i >= 8) {
            const std::string run = once.substr(i, j - i);
            candidates.push_back(run);
            for (std::size_t a = 0; run.find('/') != std::string::npos && a < run.size();) {
                std::size_t b = run.find('/', a);
                if (b == std::string::npos)
                    b = run.size();
                if (b - a >= 8)
                    candidates.push_back(run.substr(a, b - a));
                a = b + 1;
            }
        }
        for (const auto &run : candidates) {
            if (auto d = base64Decode(run)) {
                const std::string dl = toLower(*d);
                for (const auto &r : recipients)
                    if (r.size() >= 6 && dl.find(r) != std::string::npos) {
                        const bool urlSafe = run.find_first_of("-_") != std::string::npos;
                        const std::size_t at = once.find(run);
                        const bool padded = at != std::string::npos && at + run.size() < once.size() &&
                                            once[at + run.size()] == '=';
                        const auto p = url.find(run.substr(0, 8));
                        return RecipientMatch{r, urlSafe ? "base64url" : "base64",
                                              locate(url, p == std::string::npos ? 0 : p), run,
                                              !padded && (run.size() % 4) != 0};
                    }
            }
        }
        // The address at the start of a longer encoded blob (only after every
        // candidate was tried whole, which says more: padding, exact token).
        for (const auto &run : candidates) {
            for (const auto &r : recipients) {
                if (r.size() < 6)
                    continue;
                for (bool urlSafe : {false, true}) {
                    std::string enc = base64Encode(r, urlSafe, false);
                    enc.resize(r.size() / 3 * 4);  // whole quanta only: the rest depends on what follows
                    if (enc.size() >= 8 && run.find(enc) != std::string::npos) {
                        const auto p = url.find(enc.substr(0, 8));
                        return RecipientMatch{r, urlSafe ? "base64url" : "base64",
                                              locate(url, p == std::string::npos ? 0 : p), run};
                    }
                }
            }
        }
        i = j;
    }
    return std::nullopt;
}

}  // namespace harrier::rules::analyzers
