#include "parsers/evtx/evtx_parser.h"

#include <libevtx.h>

#include <cstring>

#include "ingest/artifact_sink.h"
#include "parsers/evtx/evtx_message.h"
#include "parsers/evtx/evtx_xml.h"
#include "parsers/evtx/libyal_event_log.h"
#include "parsers/support/libyal_string.h"

namespace harrier::parsers::evtx {

using casestore::ErrorSeverity;

namespace {

// libevtx's functions for the walk both event log formats share.
struct EvtxLibrary {
    using File = libevtx_file_t;
    using Record = libevtx_record_t;
    using Error = libevtx_error_t;
    static constexpr std::string_view kName = "libevtx";
    static constexpr auto fileInitialize = libevtx_file_initialize;
    static constexpr auto fileOpen = libevtx_file_open;
    static constexpr auto fileClose = libevtx_file_close;
    static constexpr auto fileFree = libevtx_file_free;
    static constexpr auto accessFlagsRead = libevtx_get_access_flags_read;
    static constexpr auto numberOfRecords = libevtx_file_get_number_of_records;
    static constexpr auto numberOfRecoveredRecords = libevtx_file_get_number_of_recovered_records;
    static constexpr auto recordByIndex = libevtx_file_get_record_by_index;
    static constexpr auto recoveredRecordByIndex = libevtx_file_get_recovered_record_by_index;
    static constexpr auto recordFree = libevtx_record_free;
    static constexpr auto errorBacktraceSprint = libevtx_error_backtrace_sprint;
    static constexpr auto errorFree = libevtx_error_free;
};

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
    auto log = LibyalEventLog<EvtxLibrary>::open(item, "not a readable EVTX file");
    if (!log)
        return log.error();
    if (libevtx_file_is_corrupted(log->file(), nullptr) == 1)
        out.addError(item.objectId, item.path, std::nullopt,
                     "EVTX file is marked corrupted: some chunks could not be read; recovered records kept",
                     ErrorSeverity::Warning);

    MessageBuilder builder;
    EvtxFields fields;
    std::string xml;
    return log->walk(item, out, ctx, UnreadableRecovered::OneSummary, [&](libevtx_record_t *rec, bool isRecovered) {
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
            fields.provider =
                support::libyalUtf8(rec, libevtx_record_get_utf8_source_name_size, libevtx_record_get_utf8_source_name);
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
            return false;
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
        return true;
    });
}

}  // namespace harrier::parsers::evtx
