#include "rules/analyzers/analyzer.h"

#include <cctype>

namespace harrier::rules::analyzers {

casestore::HitRecord makeHit(const AnalyzerInfo &info, casestore::ObjectId objectId, int severity,
                             std::string explanation, nlohmann::json details) {
    casestore::HitRecord h;
    h.objectId = objectId;
    h.ruleId = info.id;
    h.severity = severity < 0 ? 0 : (severity > 100 ? 100 : severity);
    h.explanation = std::move(explanation);
    if (!details.is_object())
        details = nlohmann::json::object();
    details["analyzer"] = info.id;
    details["analyzer_version"] = info.version;
    h.detailsJson = details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return h;
}

std::string defang(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((text.substr(i, 7) == "http://" || text.substr(i, 8) == "https://") && (i == 0 || text[i - 1] != 'x')) {
            out += "hxxp";
            i += 3;
            continue;
        }
        if (text[i] == '.' && i > 0 && i + 1 < text.size() && std::isalnum(static_cast<unsigned char>(text[i - 1])) &&
            std::isalnum(static_cast<unsigned char>(text[i + 1])))
            out += "[.]";
        else
            out += text[i];
    }
    return out;
}

}  // namespace harrier::rules::analyzers
