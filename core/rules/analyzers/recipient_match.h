#pragma once
/// Finds a recipient's address inside a URL, however the sender wrote it:
/// plain, URL-encoded, base64 (standard or URL-safe, padded or not, also at
/// the start of a longer encoded blob), or as an MD5/SHA-1/SHA-256 hex hash
/// of the lowercase address (what mailing tools use as a "subscriber id").

#include <optional>
#include <string>
#include <vector>

namespace harrier::rules::analyzers {

struct RecipientMatch {
    std::string recipient;
    std::string encoding;  ///< "plain", "URL-encoded", "base64", "base64url", "MD5 hash", ...
    std::string location;  ///< "query parameter \"u\"", "path"
    std::string token;     ///< the text in the URL that carries it
    bool unpadded = false; ///< base64 written without its '=' padding

    /// "in clear", "URL-encoded", "base64-encoded without padding", ...
    std::string phrase() const;
};

std::optional<RecipientMatch> findRecipient(const std::string &url, const std::vector<std::string> &recipients);

}  // namespace harrier::rules::analyzers
