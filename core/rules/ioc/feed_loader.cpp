#include "rules/ioc/feed_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "base/hashing.h"
#include "rules/ioc/ioc_value.h"

namespace harrier::rules::ioc {

namespace fs = std::filesystem;

namespace {

bool isDocumentation(const fs::path &p) {
    const std::string name = toLower(p.filename().string());
    const std::string ext = toLower(p.extension().string());
    return name.starts_with("readme") || name.starts_with("license") || name.starts_with("copying") ||
           name == "source.md" || ext == ".md" || ext == ".yar" || ext == ".yara" || ext == ".py";
}

std::string_view skipBom(std::string_view s) {
    if (s.starts_with("\xEF\xBB\xBF"))
        s.remove_prefix(3);
    return s;
}

}  // namespace

void FeedLoader::loadFile(const std::string &path, std::string_view raw, IocSet &set) {
    ImportReport report;
    report.file = path;
    const std::string_view content = skipBom(raw);
    const auto first = content.find_first_not_of(" \t\r\n");
    const char lead = first == std::string_view::npos ? '\0' : content[first];
    const std::string name = toLower(fs::path(path).filename().string());
    if (lead == '<') {
        const std::string head = toLower(std::string(content.substr(0, 4096)));
        if (head.find("<ioc") != std::string::npos || head.find("<openioc") != std::string::npos) {
            readOpenIoc(path, content, set, report);
        } else {
            report.format = head.find("stix") != std::string::npos ? "stix1-xml" : "xml";
            ++report.rejected["unsupported format: " + report.format + " (STIX 1.x is not read; use STIX 2.1)"];
        }
    } else if (lead == '{' || lead == '[') {
        const std::string head(content.substr(0, 4096));
        if (head.find("\"bundle\"") != std::string::npos || head.find("\"spec_version\"") != std::string::npos)
            readStix(path, content, set, report);
        else
            readMisp(path, content, set, report);
    } else if (name.find("hash") != std::string::npos || name.find("filename") != std::string::npos ||
               name.find("c2") != std::string::npos) {
        // LOKI's own rule: the file name says what the file holds.
        readLoki(path, content, set, report);
    } else {
        const auto nl = content.find('\n');
        const std::string firstLine = toLower(std::string(content.substr(0, nl)));
        if (firstLine.find("value") != std::string::npos && firstLine.find(',') != std::string::npos) {
            report.format = "csv";
            readCsv(path, content, set, report);
        } else {
            report.format = "plain";
            readPlainList(path, content, set, report);
        }
    }
    set.reports.push_back(std::move(report));
}

Result<IocSet> FeedLoader::load(const std::vector<std::string> &paths) {
    IocSet set;
    std::vector<std::string> files;
    for (const auto &arg : paths) {
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            std::vector<std::string> found;
            for (fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec), end;
                 !ec && it != end; it.increment(ec))
                if (it->is_regular_file(ec) && !it->is_symlink(ec) && !isDocumentation(it->path()))
                    found.push_back(it->path().string());
            if (ec)
                return makeError(ErrorCode::Io, "cannot walk " + arg + ": " + ec.message());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(arg, ec)) {
            files.push_back(arg);
        } else {
            return makeError(ErrorCode::NotFound, "no IOC file or folder at " + arg);
        }
    }
    std::string hashInput = "harrier-ioc-1\n";
    for (const auto &f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in)
            return makeError(ErrorCode::Io, "cannot read " + f);
        const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        loadFile(f, content, set);
        hashInput += fs::path(f).filename().string() + '\0' + sha256Hex(asBytes(content)) + "\n";
    }
    set.sourceHash = sha256Hex(asBytes(hashInput));
    return set;
}

}  // namespace harrier::rules::ioc
