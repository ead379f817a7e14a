#pragma once
/// Reads an Outlook item's MAPI properties into an OutlookItem. The PST
/// (libpff record sets) and MSG (compound-file property streams) readers
/// each implement PropertySource, so the mapping from property tags to the
/// data model exists once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/utc_time.h"
#include "parsers/outlook/outlook_item.h"

namespace harrier::parsers::outlook {

/// MAPI properties of one object (message, recipient row, attachment),
/// addressed by property id (upper 16 bits of the tag; named properties by
/// their canonical LID, resolved by the source).
class PropertySource {
public:
    virtual ~PropertySource() = default;
    /// String properties (PT_UNICODE or PT_STRING8, decoded), as UTF-8.
    virtual std::optional<std::string> string(std::uint32_t id) = 0;
    virtual std::optional<std::vector<std::uint8_t>> binary(std::uint32_t id) = 0;
    virtual std::optional<std::int64_t> integer(std::uint32_t id) = 0;
    virtual std::optional<UtcTime> time(std::uint32_t id) = 0;
    /// Problems met while reading (reported by the caller as warnings).
    std::vector<std::string> problems;
};

class ItemBuilder {
public:
    /// Message-level properties, bodies (RTF decompressed) and type fields.
    static void fill(PropertySource &props, OutlookItem &item);
    static OutlookRecipient recipient(PropertySource &props);
    static OutlookAttachment attachment(PropertySource &props);
    /// Drops the PR_SUBJECT prefix marker (0x01, prefix length) some stores keep.
    static std::string cleanSubject(std::string subject);
    static std::string charsetForCodepage(std::int64_t codepage);
};

}  // namespace harrier::parsers::outlook
