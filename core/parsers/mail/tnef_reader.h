#pragma once
/// Expands a TNEF stream (winmail.dat, application/ms-tnef) with libytnef
/// into its attachments and its RTF/HTML body.

#include <cstdint>
#include <string>
#include <vector>

#include "base/byte_view.h"
#include "base/result.h"

namespace harrier::parsers::mail {

struct TnefItem {
    std::string name;  ///< long name, else short name, else "Untitled Attachment"
    std::vector<std::uint8_t> data;
    std::string mimeTag;  ///< PR_ATTACH_MIME_TAG when present
    bool isBody = false;  ///< the message body (body.rtf / body.html), not an attachment
};

struct TnefContent {
    std::vector<TnefItem> items;
    /// Set when libytnef stopped early (its own corruption guards refuse
    /// some valid files, e.g. property names over 100 bytes or attachment
    /// objects over 512 KiB): what was read is kept, the rest is missing.
    std::string problem;
};

class TnefReader {
public:
    static bool looksLikeTnef(ByteView head);
    /// Attachments in TNEF order, then the body. An error when libytnef
    /// cannot parse the stream at all.
    static Result<TnefContent> read(ByteView data);
};

}  // namespace harrier::parsers::mail
