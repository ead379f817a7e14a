#include "parsers/evtx/evtx_parser.h"

#include <libevtx.h>

#include <cstring>
#include <memory>

#include "ingest/artifact_sink.h"
#include "parsers/support/libyal_error.h"
#include "parsers/support/libyal_string.h"
#include "parsers/evtx/evtx_message.h"
#include "parsers/evtx/evtx_xml.h"

namespace harrier::parsers::evtx {

using casestore::ErrorSeverity;

namespace {

// The libyal error as text ("what: outer failure (innermost cause)"), freed.
std::string takeError(libevtx_error_t *&error, std::string_view what) {
    return support::takeLibyalError(error, what, libevtx_error_backtrace_sprint, libevtx_error_free);
}

struct FileCloser {
    void operator()(libevtx_file_t *f) const {
        libevtx_file_close(f, nullptr);
        libevtx_file_free(&f, nullptr);
    }
};
struct RecordFree {
    void operator()(libevtx_record_t *r) const { libevtx_record_free(&r, nullptr); }
};
using RecordPtr = std::unique_ptr<libevtx_record_t, RecordFree>;

}  // namespace

std::string_view levelName(int level) {
    switch (level) {
    case 0: return "LogAlways";
    case 1: return "Critical";
    case 2: return "Error";
    case 3: return "Warning";
    case 4: return "Information";
    case 5: return "Verbose";
    default: return "";
    }
}

const ingest::ParserInfo &EvtxParser::info() const noexcept {
    static const ingest::ParserInfo i{"evtx", "Windows XML event log (libevtx)", {"evtx"}};
    return i;
}

ingest::Confidence EvtxParser::sniff(ByteView head, std::string_view name) const {
    if (head.size() >= 8 && std::memcmp(head.data(), "ElfFile\0", 8) == 0)
        return ingest::Confidence::Magic;
    return ingest::extensionOf(name) == "evtx" ? ingest::Confidence::Extension : ingest::Confidence::None;
}

Result<void> EvtxParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                               const ingest::ParseContext &ctx) {
    libevtx_error_t *error = nullptr;
    libevtx_file_t *raw = nullptr;
    if (libevtx_file_initialize(&raw, &error) != 1)
        return makeError(ErrorCode::Internal, takeError(error, "libevtx failed"));
    std::unique_ptr<libevtx_file_t, FileCloser> file;
    if (libevtx_file_open(raw, item.localPath.c_str(), libevtx_get_access_flags_read(), &error) != 1) {
        libevtx_file_free(&raw, nullptr);
        return makeError(ErrorCode::InvalidInput, takeError(error, "not a readable EVTX file"));
    }
    file.reset(raw);

    if (libevtx_file_is_corrupted(raw, nullptr) == 1)
        out.addError(item.objectId, item.path, std::nullopt,
                     "EVTX file is marked corrupted: some chunks could not be read; recovered records kept",
                     ErrorSeverity::Warning);
    int allocated = 0, recovered = 0;
    if (libevtx_file_get_number_of_records(raw, &allocated, &error) != 1) {
        out.addError(item.objectId, item.path, std::nullopt, takeError(error, "cannot count records"),
                     ErrorSeverity::Error);
        allocated = 0;
    }
    if (libevtx_file_get_number_of_recovered_records(raw, &recovered, &error) != 1) {
        libevtx_error_free(&error);
        recovered = 0;
    }

    casestore::ContainerCounts counts{item.objectId};
    counts.seen = static_cast<std::uint64_t>(allocated) + static_cast<std::uint64_t>(recovered);
    MessageBuilder builder;
    EvtxFields fields;
    std::string xml;
    std::uint64_t unreadableRecovered = 0;
    for (int pass = 0; pass < 2; ++pass) {
        const bool isRecovered = pass == 1;
        const int total = isRecovered ? recovered : allocated;
        for (int i = 0; i < total; ++i) {
            if (ctx.stop.stop_requested())
                return makeError(ErrorCode::Stopped, "stopped");
            libevtx_record_t *rec = nullptr;
            const int got = isRecovered ? libevtx_file_get_recovered_record_by_index(raw, i, &rec, &error)
                                        : libevtx_file_get_record_by_index(raw, i, &rec, &error);
            if (got != 1 || !rec) {
                if (isRecovered) {
                    // libevtx's recovery scan also counts remnants in chunk slack that
                    // hold no decodable record; one summary per file, not one per slot.
                    libevtx_error_free(&error);
                    ++unreadableRecovered;
                } else {
                    out.addError(item.objectId, item.path, std::nullopt,
                                 "record " + std::to_string(i) + takeError(error, " unreadable"),
                                 ErrorSeverity::Error);
                }
                ++counts.failed;
                continue;
            }
            RecordPtr record(rec);
            off64_t offset = 0;
            const bool haveOffset = libevtx_record_get_offset(rec, &offset, nullptr) == 1;
            uint64_t filetime = 0;
            std::optional<UtcTime> time;
            if (libevtx_record_get_written_time(rec, &filetime, nullptr) == 1)
                time = UtcTime::fromFiletime(filetime);
            fields = EvtxFields{};
            xml = support::libyalUtf8(rec, libevtx_record_get_utf8_xml_string_size, libevtx_record_get_utf8_xml_string);
            const bool xmlOk = !xml.empty() && parseEvtxXml(xml, fields);
            if (!xmlOk) {
                // Fall back on what libevtx decodes without the template.
                fields.provider = support::libyalUtf8(rec, libevtx_record_get_utf8_source_name_size,
                                       libevtx_record_get_utf8_source_name);
                fields.computer = support::libyalUtf8(rec, libevtx_record_get_utf8_computer_name_size,
                                       libevtx_record_get_utf8_computer_name);
                fields.userSid = support::libyalUtf8(rec, libevtx_record_get_utf8_user_security_identifier_size,
                                      libevtx_record_get_utf8_user_security_identifier);
                uint32_t eventId = 0;
                if (libevtx_record_get_event_identifier(rec, &eventId, nullptr) == 1)
                    fields.eventId = std::to_string(eventId & 0xffff);
                uint8_t level = 0;
                if (libevtx_record_get_event_level(rec, &level, nullptr) == 1)
                    fields.level = std::to_string(level);
                uint64_t id = 0;
                if (libevtx_record_get_identifier(rec, &id, nullptr) == 1)
                    fields.recordId = std::to_string(id);
                out.addError(item.objectId, item.path, haveOffset ? std::optional<std::int64_t>(offset) : std::nullopt,
                             "record " + fields.recordId + ": XML rendering failed; stored without named fields",
                             ErrorSeverity::Warning);
            }
            if (!time && !fields.systemTime.empty())
                time = UtcTime::parseIso8601(fields.systemTime);
            if (!time) {
                out.addError(item.objectId, item.path, haveOffset ? std::optional<std::int64_t>(offset) : std::nullopt,
                             "record " + fields.recordId + " has no readable time; not on the timeline",
                             ErrorSeverity::Error);
                ++counts.failed;
                continue;
            }
            casestore::EventRecord e;
            e.time = *time;
            e.timestampDesc = "Event Logged";
            e.eventType = isRecovered ? "windows:evtx:record:recovered" : "windows:evtx:record";
            e.objectId = item.objectId;
            e.host = !ctx.host.empty() ? ctx.host : fields.computer;
            e.user = fields.userSid;
            e.message = builder.build(fields, isRecovered);
            out.addEvent(std::move(e));
            ++counts.stored;
        }
    }
    if (unreadableRecovered)
        out.addError(item.objectId, item.path, std::nullopt,
                     std::to_string(unreadableRecovered) + " of " + std::to_string(recovered) +
                         " recovered-record candidates found in free chunk space could not be decoded",
                     ErrorSeverity::Warning);
    out.setCounts(counts);
    return {};
}

}  // namespace harrier::parsers::evtx
