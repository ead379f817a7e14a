#pragma once
/// Where a file sits relative to a web server's document root, and whether a
/// logged request path names it. Shared by the webshell analyzers.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/analyzers/analysis_data.h"

namespace harrier::rules::analyzers {

/// Lowercase, '/' separated form of a Windows or Unix path.
std::string normalisePath(std::string_view path);
/// The web root folder the path lies under ("inetpub/wwwroot", "htdocs", ...),
/// nullopt when it is under none.
std::optional<std::string> webRootOf(std::string_view normalisedPath);
/// True when the request path is a '/'-boundary suffix of the file's path.
bool requestNamesFile(std::string_view normalisedRequestPath, std::string_view normalisedFilePath);

struct RequestStats {
    std::size_t requests = 0, posts = 0, gets = 0, ok = 0;
    std::vector<std::string> clients;  ///< distinct, first-seen order
    std::vector<std::string> paths;    ///< distinct request paths
    std::optional<UtcTime> first, last, firstPost;
    casestore::EventId firstEvent = 0, firstPostEvent = 0;
    void add(const WebRequest &r);
};

}  // namespace harrier::rules::analyzers
