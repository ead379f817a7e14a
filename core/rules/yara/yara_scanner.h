#pragma once
/// One YR_SCANNER over the shared compiled rules: one per worker thread,
/// since a scanner carries per-scan state (externals, matches).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/byte_view.h"
#include "base/result.h"
#include "rules/yara/compiled_rules.h"

struct YR_SCAN_CONTEXT;

namespace harrier::rules::yara {

/// The LOKI/THOR external variables for one scanned item.
struct ScanExternals {
    std::string filename;   ///< leaf name
    std::string filepath;   ///< folder part of the path (LOKI: os.path.split()[0])
    std::string extension;  ///< ".php", lowercase, with the dot (LOKI: splitext()[1].lower())
    std::string filetype;   ///< lokiFileType() of the content
    std::string owner;      ///< from collection metadata, empty when unknown
    std::string md5;        ///< lowercase hex
};

/// Externals from a stored item's path, content and recorded owner.
ScanExternals makeExternals(const std::string &path, ByteView content, const std::string &owner,
                            const std::string &md5);

struct StringMatch {
    std::string identifier;  ///< "$s1"
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
    std::string data;     ///< matched bytes, escaped, at most 64
    std::string context;  ///< a few bytes either side, escaped
};

struct RuleMatch {
    std::string rule;
    std::string ns;
    std::vector<std::string> tags;
    std::vector<std::pair<std::string, std::string>> meta;  ///< as text, in rule order
    std::vector<StringMatch> strings;
    bool stringsTruncated = false;
};

enum class ScanStatus { Ok, Timeout, Error };

struct ScanOutcome {
    ScanStatus status = ScanStatus::Ok;
    std::string message;  ///< for Timeout / Error, and warnings (too many matches)
    std::vector<RuleMatch> matches;
};

/// Printable ASCII kept, everything else as \xNN.
std::string escapeBytes(ByteView bytes);

class YaraScanner {
public:
    static Result<YaraScanner> create(const CompiledRules &rules, int timeoutSeconds);
    ~YaraScanner();
    YaraScanner(YaraScanner &&other) noexcept : m_scanner(other.m_scanner) { other.m_scanner = nullptr; }
    YaraScanner &operator=(YaraScanner &&) = delete;
    YaraScanner(const YaraScanner &) = delete;
    YaraScanner &operator=(const YaraScanner &) = delete;

    ScanOutcome scan(ByteView content, const ScanExternals &externals);

private:
    explicit YaraScanner(YR_SCAN_CONTEXT *s) : m_scanner(s) {}
    YR_SCAN_CONTEXT *m_scanner = nullptr;
};

}  // namespace harrier::rules::yara
