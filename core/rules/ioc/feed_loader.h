#pragma once
/// Reads IOC feeds into an IocSet. The format is recognised from the content
/// (XML root, JSON shape) and, for LOKI's files, from the file name as LOKI
/// does ("hash", "filename", "c2" in the name). Every file gets an
/// ImportReport: records counted the way the format counts them, accepted,
/// rejected by reason, unsupported terms by id.

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "rules/ioc/indicator.h"

namespace harrier::rules::ioc {

class FeedLoader {
public:
    /// Files as given; folders walked recursively (README/LICENSE and
    /// other non-feed files are skipped and not reported).
    static Result<IocSet> load(const std::vector<std::string> &paths);
    /// One file's content into set (appends its report).
    static void loadFile(const std::string &path, std::string_view content, IocSet &set);
};

// The format readers (one file each).
void readPlainList(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report);
void readCsv(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report);
void readLoki(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report);
void readStix(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report);
void readMisp(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report);
void readOpenIoc(const std::string &feed, std::string_view content, IocSet &set, ImportReport &report);

/// Splits into lines (LF or CRLF).
std::vector<std::string_view> splitLines(std::string_view content);

}  // namespace harrier::rules::ioc
