#include "rules/analyzers/web_paths.h"

#include <algorithm>

#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

std::string normalisePath(std::string_view path) {
    std::string p = toLower(path);
    std::replace(p.begin(), p.end(), '\\', '/');
    return p;
}

std::optional<std::string> webRootOf(std::string_view p) {
    // Folder names servers use for their document roots (IIS, Apache, nginx,
    // Tomcat, cPanel/Plesk), matched as whole path segments.
    static const char *kRoots[] = {"inetpub/wwwroot", "wwwroot", "htdocs", "httpdocs", "public_html", "webapps",
                                   "webroot", "var/www", "www", "inetpub"};
    for (const char *root : kRoots) {
        const std::string r(root);
        for (std::size_t pos = p.find(r); pos != std::string_view::npos; pos = p.find(r, pos + 1)) {
            const bool startOk = pos == 0 || p[pos - 1] == '/';
            const bool endOk = pos + r.size() < p.size() && p[pos + r.size()] == '/';
            if (startOk && endOk)
                return r;
        }
    }
    return std::nullopt;
}

bool requestNamesFile(std::string_view req, std::string_view file) {
    if (req.empty())
        return false;
    std::string r(req);
    if (r.front() != '/')
        r.insert(r.begin(), '/');
    return file.size() >= r.size() && file.substr(file.size() - r.size()) == r;
}

void RequestStats::add(const WebRequest &r) {
    ++requests;
    if (r.method == "POST") {
        ++posts;
        if (!firstPost || r.time < *firstPost) {
            firstPost = r.time;
            firstPostEvent = r.eventId;
        }
    } else if (r.method == "GET") {
        ++gets;
    }
    if (r.status >= 200 && r.status < 400)
        ++ok;
    if (!first || r.time < *first) {
        first = r.time;
        firstEvent = r.eventId;
    }
    if (!last || *last < r.time)
        last = r.time;
    if (std::find(clients.begin(), clients.end(), r.clientIp) == clients.end() && !r.clientIp.empty())
        clients.push_back(r.clientIp);
    if (std::find(paths.begin(), paths.end(), r.path) == paths.end())
        paths.push_back(r.path);
}

}  // namespace harrier::rules::analyzers
