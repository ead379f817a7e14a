#pragma once
/// NTFS change journal ($Extend\$UsnJrnl:$J, copied out as a bare file).
/// No Debian library reads a bare $J, so this is a hand-written, fully
/// bounds-checked reader of USN_RECORD_V2 and USN_RECORD_V3.

#include <cstdint>
#include <optional>
#include <string>

#include "base/byte_view.h"
#include "ingest/parser.h"

namespace harrier::parsers::ntfs {

/// One decoded USN record (exposed for tests and for the sniff check).
struct UsnRecord {
    std::uint16_t major = 0;
    std::uint64_t fileEntry = 0, parentEntry = 0;  ///< MFT entry numbers
    std::uint16_t fileSequence = 0, parentSequence = 0;
    std::int64_t usn = 0;
    std::uint64_t timestamp = 0;  ///< FILETIME
    std::uint32_t reason = 0, sourceInfo = 0, securityId = 0, attributes = 0;
    std::string name;  ///< UTF-8
};

/// Decodes the record at `data` (`available` bytes readable from there).
/// Returns the reason it is implausible in `why` and nullopt when it is not
/// a V2/V3 record that fits entirely within `available`.
std::optional<UsnRecord> decodeUsnRecord(const std::uint8_t *data, std::size_t available, std::string *why);
/// "USN_REASON_FILE_CREATE|USN_REASON_CLOSE" (unknown bits as 0x...).
std::string usnReasonNames(std::uint32_t reason);

class UsnJournalParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::ntfs
