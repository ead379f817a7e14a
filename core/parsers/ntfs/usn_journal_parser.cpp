#include "usn_journal_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "ingest/artifact_sink.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::ntfs {

namespace {

constexpr std::size_t kV2Header = 0x3C;  // FileName starts here in USN_RECORD_V2
constexpr std::size_t kV3Header = 0x4C;  // ... and here in USN_RECORD_V3 (128-bit file ids)
constexpr std::size_t kMaxRecord = 64 * 1024;
constexpr std::uint64_t kEntryMask = 0x0000FFFFFFFFFFFFULL;  // file reference = 48-bit entry + 16-bit sequence
constexpr std::size_t kMaxErrorRows = 100;  // a shredded journal must not flood the error table

template <typename T> T le(const std::uint8_t *p) {
    T v{};
    std::memcpy(&v, p, sizeof v);  // x86-64 and aarch64 Linux are little-endian, like the format
    return v;
}

// support::hex32 gives bare digits; the message shows the 0x so it reads as hex.
std::string hex(std::uint32_t v) { return "0x" + support::hex32(v); }

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// Why a record header cannot start a record, or "" when it can. Checks only
/// the fixed header, so a record cut off by the end of the file is told apart
/// from garbage (`need` gets the record length).
std::string headerProblem(const std::uint8_t *p, std::size_t available, std::size_t &need) {
    need = 0;
    if (available < 8)
        return "fewer than 8 bytes";
    const auto length = le<std::uint32_t>(p);
    const auto major = le<std::uint16_t>(p + 4);
    if (major != 2 && major != 3 && major != 4)
        return "unknown major version " + std::to_string(major);
    const std::size_t header = major == 2 ? kV2Header : kV3Header;
    if (length < header || length > kMaxRecord || length % 8 != 0)
        return "implausible record length " + std::to_string(length);
    need = length;
    return {};
}

}  // namespace

std::string usnReasonNames(std::uint32_t reason) {
    static constexpr std::array<std::pair<std::uint32_t, const char *>, 24> kNames = {{
        {0x00000001, "DATA_OVERWRITE"},      {0x00000002, "DATA_EXTEND"},
        {0x00000004, "DATA_TRUNCATION"},     {0x00000010, "NAMED_DATA_OVERWRITE"},
        {0x00000020, "NAMED_DATA_EXTEND"},   {0x00000040, "NAMED_DATA_TRUNCATION"},
        {0x00000100, "FILE_CREATE"},         {0x00000200, "FILE_DELETE"},
        {0x00000400, "EA_CHANGE"},           {0x00000800, "SECURITY_CHANGE"},
        {0x00001000, "RENAME_OLD_NAME"},     {0x00002000, "RENAME_NEW_NAME"},
        {0x00004000, "INDEXABLE_CHANGE"},    {0x00008000, "BASIC_INFO_CHANGE"},
        {0x00010000, "HARD_LINK_CHANGE"},    {0x00020000, "COMPRESSION_CHANGE"},
        {0x00040000, "ENCRYPTION_CHANGE"},   {0x00080000, "OBJECT_ID_CHANGE"},
        {0x00100000, "REPARSE_POINT_CHANGE"}, {0x00200000, "STREAM_CHANGE"},
        {0x00400000, "TRANSACTED_CHANGE"},   {0x00800000, "INTEGRITY_CHANGE"},
        {0x01000000, "DESIRED_STORAGE_CLASS_CHANGE"}, {0x80000000, "CLOSE"},
    }};
    std::string out;
    std::uint32_t rest = reason;
    for (const auto &[bit, name] : kNames)
        if (reason & bit) {
            out += out.empty() ? "USN_REASON_" : "|USN_REASON_";
            out += name;
            rest &= ~bit;
        }
    if (rest)
        out += (out.empty() ? "" : "|") + hex(rest);
    return out.empty() ? "0x00000000" : out;
}

std::optional<UsnRecord> decodeUsnRecord(const std::uint8_t *p, std::size_t available, std::string *why) {
    auto fail = [&](std::string reason) -> std::optional<UsnRecord> {
        if (why)
            *why = std::move(reason);
        return std::nullopt;
    };
    std::size_t length = 0;
    if (auto problem = headerProblem(p, available, length); !problem.empty())
        return fail(std::move(problem));
    if (length > available)
        return fail("record length " + std::to_string(length) + " runs past the end of the data");
    UsnRecord r;
    r.major = le<std::uint16_t>(p + 4);
    if (r.major == 4)
        return fail("USN_RECORD_V4 (range tracking) carries no name");
    const bool v3 = r.major == 3;
    // V3 widens both file references to 128 bits; on NTFS the low 64 bits are
    // the ordinary entry+sequence reference (ReFS ids are reported in hex).
    const std::size_t base = v3 ? 16 : 0;  // every field after the references moves by this much
    const auto ref = le<std::uint64_t>(p + 8);
    const auto parent = le<std::uint64_t>(p + (v3 ? 24 : 16));
    r.fileEntry = ref & kEntryMask;
    r.fileSequence = static_cast<std::uint16_t>(ref >> 48);
    r.parentEntry = parent & kEntryMask;
    r.parentSequence = static_cast<std::uint16_t>(parent >> 48);
    r.usn = le<std::int64_t>(p + 24 + base);
    r.timestamp = le<std::uint64_t>(p + 32 + base);
    r.reason = le<std::uint32_t>(p + 40 + base);
    r.sourceInfo = le<std::uint32_t>(p + 44 + base);
    r.securityId = le<std::uint32_t>(p + 48 + base);
    r.attributes = le<std::uint32_t>(p + 52 + base);
    const auto nameLength = le<std::uint16_t>(p + 56 + base);
    const auto nameOffset = le<std::uint16_t>(p + 58 + base);
    const std::size_t header = v3 ? kV3Header : kV2Header;
    if (nameLength == 0 || nameLength % 2 != 0)
        return fail("implausible file name length " + std::to_string(nameLength));
    if (nameOffset < header || std::size_t{nameOffset} + nameLength > length)
        return fail("file name (offset " + std::to_string(nameOffset) + ", length " + std::to_string(nameLength) +
                    ") outside the record of " + std::to_string(length) + " bytes");
    if (r.usn < 0)
        return fail("negative USN");
    r.name = support::utf16leToUtf8(p + nameOffset, nameLength);
    if (r.name.empty())
        return fail("empty file name");
    return r;
}

const ingest::ParserInfo &UsnJournalParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"usnjrnl", "NTFS $UsnJrnl:$J change journal", {}};
    return kInfo;
}

ingest::Confidence UsnJournalParser::sniff(ByteView head, std::string_view name) const {
    // $J has no signature: the name decides ($J from KAPE, "$UsnJrnl:$J" once
    // Velociraptor's "%3A" is decoded, the raw upload name on a folder), and
    // the first record after the sparse zero prefix must be plausible.
    const std::string n = lower(name);
    if (n != "$j" && n != "$usnjrnl:$j" && n != "$usnjrnl%3a$j")
        return ingest::Confidence::None;
    std::size_t at = 0;
    while (at + 8 <= head.size() && le<std::uint64_t>(head.data() + at) == 0)
        at += 8;
    if (at + 8 > head.size())
        return ingest::Confidence::Content;  // all zero so far: a sparse prefix longer than the head
    const std::size_t left = head.size() - at;
    if (decodeUsnRecord(head.data() + at, left, nullptr))
        return ingest::Confidence::Magic;
    std::size_t need = 0;  // a record cut by the end of the head (or of a tiny file) is still plausible
    return headerProblem(head.data() + at, left, need).empty() && need > left ? ingest::Confidence::Content
                                                                              : ingest::Confidence::None;
}

namespace {

/// A forward-only window over the file that always holds at least one whole
/// maximal record beyond the read position (unless the file ends first).
class Window {
public:
    explicit Window(std::FILE *f) : m_file(f), m_buffer(4 * 1024 * 1024) {}
    /// Bytes readable at file offset `pos` (which must not go backwards), up to `want`.
    std::size_t available(std::uint64_t pos, std::size_t want) {
        if (pos - m_offset + want > m_end && !m_eof)
            refill(pos);
        const std::uint64_t at = pos - m_offset;
        return at >= m_end ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(want, m_end - at));
    }
    const std::uint8_t *at(std::uint64_t pos) const { return m_buffer.data() + (pos - m_offset); }
    bool readError() const { return m_error; }

private:
    void refill(std::uint64_t pos) {
        const std::size_t keep = pos - m_offset < m_end ? static_cast<std::size_t>(m_end - (pos - m_offset)) : 0;
        if (keep)
            std::memmove(m_buffer.data(), m_buffer.data() + (m_end - keep), keep);
        if (!keep && pos > m_offset + m_end) {  // never happens: positions advance within the data read
            m_eof = true;
            return;
        }
        m_offset = pos;
        m_end = keep;
        while (m_end < m_buffer.size()) {
            const std::size_t n = std::fread(m_buffer.data() + m_end, 1, m_buffer.size() - m_end, m_file);
            m_end += n;
            if (n == 0) {
                m_eof = true;
                m_error = std::ferror(m_file) != 0;
                break;
            }
        }
    }
    std::FILE *m_file;
    std::vector<std::uint8_t> m_buffer;
    std::uint64_t m_offset = 0;
    std::size_t m_end = 0;
    bool m_eof = false, m_error = false;
};

struct FileCloser {
    void operator()(std::FILE *f) const { std::fclose(f); }
};

}  // namespace

Result<void> UsnJournalParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                     const ingest::ParseContext &ctx) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(item.localPath.c_str(), "rb"));
    if (!file)
        return makeError(ErrorCode::Io, "cannot open " + item.path);
    Window window(file.get());
    std::uint64_t seen = 0, stored = 0, failed = 0, errorRows = 0, v4 = 0, resyncBytes = 0, pos = 0;
    auto error = [&](std::uint64_t offset, std::string reason) {
        ++failed;
        if (errorRows++ < kMaxErrorRows)
            out.addError(item.objectId, item.path, static_cast<std::int64_t>(offset), std::move(reason));
    };
    bool resyncing = false;  // inside a corrupt region: step 8 bytes until a plausible record or zeros
    for (;;) {
        if ((seen & 0xFFF) == 0 && ctx.stop.stop_requested())
            return makeError(ErrorCode::Stopped, "stopped");
        std::size_t avail = window.available(pos, kMaxRecord);
        const std::uint8_t *p = window.at(pos);
        // Sparse journals start with gigabytes of zeros and pad each page
        // with them; records are 8-byte aligned, so skip a word at a time.
        std::size_t zeros = 0;
        while (zeros + 8 <= avail && le<std::uint64_t>(p + zeros) == 0)
            zeros += 8;
        if (zeros) {
            pos += zeros;
            resyncing = false;
            continue;
        }
        if (avail < 8)
            break;  // end of file (a tail of fewer than 8 bytes cannot hold a record)
        std::string why;
        auto record = decodeUsnRecord(p, avail, &why);
        if (!record) {
            std::size_t need = 0;
            const bool headerOk = headerProblem(p, avail, need).empty();
            if (headerOk && le<std::uint16_t>(p + 4) == 4 && need <= avail) {
                ++v4;  // range-tracking companion of a V3 record: extents, no name
                pos += need;
                resyncing = false;
                continue;
            }
            if (headerOk && need > avail && !resyncing) {
                ++seen;
                error(pos, "USN record truncated by the end of the file: length " + std::to_string(need) + ", " +
                               std::to_string(avail) + " bytes left");
                break;
            }
            if (!resyncing) {
                ++seen;
                error(pos, "corrupt USN record: " + why + "; skipping forward 8 bytes at a time");
                resyncing = true;
            }
            resyncBytes += 8;
            pos += 8;
            continue;
        }
        resyncing = false;
        ++seen;
        const std::uint64_t offset = pos;
        pos += le<std::uint32_t>(p);
        const auto time = support::filetime(record->timestamp);
        if (!time) {
            error(offset, "USN record for " + support::sanitizeUtf8(record->name) + ": timestamp out of range");
            continue;
        }
        ++stored;
        casestore::EventRecord ev;
        ev.time = *time;
        ev.timestampDesc = "USN Record";
        ev.eventType = "ntfs:usn";
        ev.sourceId = item.sourceId;
        ev.objectId = item.objectId;
        ev.message = record->name + " " + usnReasonNames(record->reason) + " [file " +
                     std::to_string(record->fileEntry) + "-" + std::to_string(record->fileSequence) + ", parent " +
                     std::to_string(record->parentEntry) + "-" + std::to_string(record->parentSequence) + ", usn " +
                     std::to_string(record->usn) + ", attributes " + hex(record->attributes) +
                     (record->sourceInfo ? ", source info " + hex(record->sourceInfo) : std::string()) +
                     ", V" + std::to_string(record->major) + "]";
        out.addEvent(std::move(ev));
    }
    if (window.readError())
        out.addError(item.objectId, item.path, static_cast<std::int64_t>(pos), "read error; journal read up to here");
    if (errorRows > kMaxErrorRows || v4 || resyncBytes)
        out.addError(item.objectId, item.path, std::nullopt,
                     "$J: " + std::to_string(seen) + " records seen, " + std::to_string(stored) + " stored, " +
                         std::to_string(failed) + " failed (" + std::to_string(std::min(errorRows, kMaxErrorRows)) +
                         " listed), " + std::to_string(resyncBytes) + " corrupt bytes skipped, " + std::to_string(v4) +
                         " USN_RECORD_V4 range records not on the timeline",
                     casestore::ErrorSeverity::Warning);
    out.setCounts({item.objectId, seen, stored, failed});
    return {};
}

}  // namespace harrier::parsers::ntfs
