#pragma once
/// Pulls what an analyst needs out of an HTML body: every URL with where it
/// came from, link anchor text, images (src kind, size, hidden), forms.
/// A tolerant tag scanner, not a renderer: hostile HTML is often broken on
/// purpose, so it never fails, it only finds less.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace harrier::parsers::mail {

struct UrlRef {
    std::string url;
    std::string origin;      ///< "href", "img src", "form action", "text", "css", "src", "background"
    std::string anchorText;  ///< visible text of a link (href only)
    std::string part;        ///< "html" or "text": which body it came from
};

struct ImageRef {
    std::string src;
    std::string srcKind;  ///< "remote", "cid", "data", "relative", "none"
    std::optional<int> width, height;
    bool hidden = false;
    std::string hiddenReason;  ///< "display:none", "visibility:hidden", "1x1", "zero size", ...
    std::string alt;
};

struct FormRef {
    std::string action;
    std::string method;
    std::vector<std::string> inputs;  ///< "type:name"
    bool hasPassword = false;
};

struct HtmlFindings {
    std::vector<UrlRef> urls;
    std::vector<ImageRef> images;
    std::vector<FormRef> forms;
    std::string text;  ///< visible text, roughly (tags dropped, entities decoded)
};

class HtmlScan {
public:
    static HtmlFindings scan(std::string_view html);
    /// URLs written as plain text (http/https/ftp, www.).
    static std::vector<std::string> textUrls(std::string_view text);
    static std::string decodeEntities(std::string_view s);
    static nlohmann::json toJson(const std::vector<UrlRef> &urls);
    static nlohmann::json toJson(const std::vector<ImageRef> &images);
    static nlohmann::json toJson(const std::vector<FormRef> &forms);
};

}  // namespace harrier::parsers::mail
