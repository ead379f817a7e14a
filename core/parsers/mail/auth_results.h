#pragma once
/// Authentication-Results (RFC 8601), ARC-Authentication-Results and
/// Received-SPF (RFC 7208) parsed into verdicts: which method (spf, dkim,
/// dmarc, arc...), what result, and the domain it speaks for.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace harrier::parsers::mail {

struct AuthVerdict {
    std::string header;   ///< "Authentication-Results", "ARC-Authentication-Results", "Received-SPF"
    std::string authserv; ///< the authserv-id (who made the verdict)
    std::string method;   ///< "spf", "dkim", "dmarc", "arc", ... (lowercase)
    std::string result;   ///< "pass", "fail", "softfail", "none", ... (lowercase)
    std::string domain;   ///< the domain the verdict speaks for
    std::string reason;   ///< the comment or reason="..." text
    std::map<std::string, std::string> properties;  ///< "smtp.mailfrom", "header.d", "header.from", ...
};

class AuthResults {
public:
    static std::vector<AuthVerdict> parseAuthenticationResults(std::string_view value, std::string header);
    static std::vector<AuthVerdict> parseReceivedSpf(std::string_view value);
    static nlohmann::json toJson(const std::vector<AuthVerdict> &verdicts);
};

}  // namespace harrier::parsers::mail
