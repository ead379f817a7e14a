#pragma once
/// The parser interface. A parser turns one item's bytes into artifacts,
/// events and observables through an ArtifactSink; it never sees the case
/// store. Registration is an explicit list (parser_registry.cpp).

#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_view.h"
#include "base/limits.h"
#include "base/progress.h"
#include "base/result.h"
#include "casestore/records.h"

namespace harrier::ingest {

class ArtifactSink;

/// How sure a parser is that it handles an item. Magic bytes beat names.
enum class Confidence { None = 0, Extension = 10, Content = 50, Magic = 100 };

struct ParserInfo {
    std::string_view id;  ///< stable, e.g. "mbox"
    std::string_view description;
    std::vector<std::string_view> extensions;  ///< lowercase, without dot
};

/// Everything a parser is handed about one item.
struct ItemInput {
    casestore::ObjectId objectId = 0;  ///< the item's own file artifact
    casestore::ObjectId sourceId = 0;
    std::string name;       ///< leaf name
    std::string path;       ///< path inside the evidence source
    std::string localPath;  ///< a read-only file with the complete content
    std::uint64_t size = 0;
    ByteView head;          ///< the first bytes (up to 64 KiB)
    /// The item's best known modification time (logs without a year need it).
    std::optional<UtcTime> modified;
};

struct ParseContext {
    std::stop_token stop;
    const Limits *limits = nullptr;
    ProgressSink *progress = nullptr;
    std::vector<std::string> passwords;
    std::string host;  ///< host the evidence belongs to, when a layout says
    int depth = 1;     ///< container nesting depth of this item
};

class Parser {
public:
    virtual ~Parser() = default;
    virtual const ParserInfo &info() const noexcept = 0;
    virtual Confidence sniff(ByteView head, std::string_view name) const = 0;
    /// Emits into `out`. A failure here becomes an ingest error on the item;
    /// whatever was emitted before it stays.
    virtual Result<void> parse(const ItemInput &item, ArtifactSink &out, const ParseContext &ctx) = 0;
    /// True when parse() only emits records through the sink (never
    /// ingestNested) and shares no state with other parses, so the pipeline
    /// may run it on a second thread while it reads the next items.
    virtual bool parsesAlongside() const { return false; }
};

/// Lowercase extension of a file name, without the dot ("" when none).
std::string extensionOf(std::string_view name);

}  // namespace harrier::ingest
