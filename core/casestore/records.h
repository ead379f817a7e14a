#pragma once
/// The case's data model as plain values: what parsers produce, what the
/// writer stores and what readers return.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/utc_time.h"

namespace harrier::casestore {

using ObjectId = std::int64_t;  ///< 0 means "none"
using EventId = std::int64_t;

enum class AttributeType { Text = 0, Integer = 1, Time = 2 };

struct Attribute {
    std::string name;
    AttributeType type = AttributeType::Text;
    std::string text;
    std::int64_t integer = 0;  ///< also µs UTC for Time

    static Attribute ofText(std::string name, std::string value) {
        return {std::move(name), AttributeType::Text, std::move(value), 0};
    }
    static Attribute ofInt(std::string name, std::int64_t value) {
        return {std::move(name), AttributeType::Integer, {}, value};
    }
    static Attribute ofTime(std::string name, UtcTime value) {
        return {std::move(name), AttributeType::Time, {}, value.micros};
    }
};

/// A node of the provenance tree: evidence source, archive, file, email,
/// attachment... Every artifact can say where it came from through parentId.
struct ObjectRecord {
    ObjectId id = 0;
    ObjectId parentId = 0;
    ObjectId sourceId = 0;
    std::string kind;  ///< "source", "archive", "file", "directory", "symlink", ...
    std::string name;  ///< leaf name
    std::string path;  ///< path inside its evidence source
    std::optional<std::int64_t> size;
    std::string md5, sha1, sha256;  ///< empty when not hashed
    std::string blobSha256;         ///< empty when the content is not kept
    std::string mimeType;
    std::string fileType;  ///< libmagic's description
    std::vector<Attribute> attributes;
};

enum class SourceStatus { Running, Done, Partial, Failed };
const char *toString(SourceStatus status);
SourceStatus sourceStatusFromString(std::string_view text);

struct SourceRecord {
    ObjectId id = 0;
    std::string uuid;
    std::string displayName;
    std::string originalPath;
    std::string kind;  ///< "file", "directory"
    std::optional<std::int64_t> size;
    std::string sha256;  ///< of the original container, when it is one file
    std::string addedBy;
    UtcTime addedAt;
    SourceStatus status = SourceStatus::Running;
    std::string statusReason;
    std::optional<UtcTime> finishedAt;
};

/// How many items a container (source, archive, mailbox) held, and what
/// became of them. seen == stored + failed, or something was dropped.
struct ContainerCounts {
    ObjectId containerId = 0;
    std::uint64_t seen = 0;
    std::uint64_t stored = 0;
    std::uint64_t failed = 0;
    bool reconciles() const { return seen == stored + failed; }
};

enum class ErrorSeverity { Warning, Error };

struct IngestError {
    ObjectId sourceId = 0;
    ObjectId containerId = 0;
    ObjectId objectId = 0;  ///< the item, when it was stored despite the problem
    std::string path;
    std::optional<std::int64_t> offset;
    ErrorSeverity severity = ErrorSeverity::Error;
    std::string reason;
    UtcTime at;
};

struct EventRecord {
    UtcTime time;
    std::string timestampDesc;  ///< "File Modified", "Last Visited", ...
    std::string eventType;      ///< "fs:file", "email:message", ...
    ObjectId sourceId = 0;
    ObjectId objectId = 0;
    std::string host;
    std::string user;
    std::string message;
};

struct BlobRecord {
    std::string sha256;        ///< of the uncompressed content
    std::int64_t size = 0;     ///< uncompressed
    std::string compression;   ///< "zstd" or "none"
    std::vector<std::uint8_t> data;
};

struct ObservableRecord {
    ObjectId objectId = 0;
    std::string kind;  ///< "email", "domain", "ipv4", "ipv6", "url", "md5", "sha1", "sha256"
    std::string value;
    std::string context;  ///< where in the object it was seen ("from", "href", ...)
};

/// Digests of an object stored before they were known: a large file that a
/// parser reads in place is hashed beside its parse (ingest::SourceIngest).
struct ObjectDigests {
    ObjectId objectId = 0;
    std::string md5;
    std::string sha1;
    std::string sha256;
};

struct SourceStatusUpdate {
    ObjectId sourceId = 0;
    SourceStatus status = SourceStatus::Done;
    std::string reason;
    std::optional<std::int64_t> size;
    std::string sha256;
    std::optional<UtcTime> finishedAt;
};

}  // namespace harrier::casestore
