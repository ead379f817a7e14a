#include "ingest/entry_path.h"

#include <vector>

namespace harrier::ingest {

EntryPath sanitizeEntryPath(std::string_view raw) {
    EntryPath out;
    std::string s(raw);
    for (char &c : s)
        if (c == '\\')
            c = '/';  // Windows tools write backslashes into zips
    std::string_view v(s);
    if (v.size() >= 2 && v[1] == ':' && ((v[0] >= 'A' && v[0] <= 'Z') || (v[0] >= 'a' && v[0] <= 'z'))) {
        out.absolute = true;
        v.remove_prefix(2);
    }
    if (!v.empty() && v.front() == '/')
        out.absolute = true;

    std::vector<std::string_view> parts;
    while (!v.empty()) {
        const auto slash = v.find('/');
        const std::string_view part = v.substr(0, slash);
        v = slash == std::string_view::npos ? std::string_view{} : v.substr(slash + 1);
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            if (parts.empty())
                out.escaped = true;
            else
                parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out.path += '/';
        out.path += parts[i];
    }
    if (out.path.empty())
        out.path = "(unnamed)";
    return out;
}

}  // namespace harrier::ingest
