#include "report/rule_pack_license.h"

#include <algorithm>
#include <cctype>

namespace harrier::report {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool contains(const std::string &haystack, const char *needle) { return lower(haystack).find(needle) != std::string::npos; }

constexpr const char *kDrl = "Detection Rule License (DRL) 1.1";
constexpr const char *kSignatureBaseNotice =
    "Contains YARA rules from signature-base by Florian Roth / Nextron Systems "
    "(https://github.com/Neo23x0/signature-base), used under the Detection Rule License (DRL) 1.1 "
    "(https://github.com/Neo23x0/signature-base/blob/master/LICENSE), which requires this attribution.";

}  // namespace

PackLicense detectPackLicense(const std::vector<std::string> &paths,
                              const std::vector<std::map<std::string, std::string>> &metas) {
    PackLicense out;
    std::string declared, author, reference;
    for (const auto &m : metas) {
        for (const auto &[k, v] : m) {
            const std::string key = lower(k);
            if (key == "license" && declared.empty())
                declared = v;
            else if (key == "author" && author.empty())
                author = v;
            else if (key == "reference" && reference.empty())
                reference = v;
            else if (key == "version" && out.version.empty())
                out.version = v;
        }
    }
    const bool signatureBase =
        std::any_of(paths.begin(), paths.end(), [](const std::string &p) { return contains(p, "signature-base"); }) ||
        contains(reference, "signature-base") || contains(declared, "signature-base");
    if (signatureBase || contains(declared, "detection rule license") || contains(declared, "drl")) {
        out.license = kDrl;
        out.attribution = signatureBase ? kSignatureBaseNotice
                                        : "Contains rules by " + (author.empty() ? std::string("their authors") : author) +
                                              ", used under the " + kDrl + ", which requires this attribution.";
        return out;
    }
    if (std::any_of(paths.begin(), paths.end(), [](const std::string &p) { return contains(p, "yara-rules"); })) {
        out.license = "GNU GPL v2 (Yara-Rules project)";
        out.attribution = "Contains rules from the Yara-Rules project (https://github.com/Yara-Rules/rules), GPL-2.0.";
        return out;
    }
    if (!declared.empty()) {
        out.license = declared;
        if (!author.empty())
            out.attribution = "Rules by " + author + " (" + declared + ").";
    }
    return out;
}

}  // namespace harrier::report
