#include "parsers/evtx/evt_parser.h"

#include <libevt.h>

#include <cstring>

#include "ingest/artifact_sink.h"
#include "parsers/evtx/evtx_message.h"
#include "parsers/evtx/libyal_event_log.h"
#include "parsers/support/libyal_string.h"

namespace harrier::parsers::evtx {

using casestore::ErrorSeverity;

namespace {

// libevt's functions for the walk both event log formats share.
struct EvtLibrary {
    using File = libevt_file_t;
    using Record = libevt_record_t;
    using Error = libevt_error_t;
    static constexpr std::string_view kName = "libevt";
    static constexpr auto fileInitialize = libevt_file_initialize;
    static constexpr auto fileOpen = libevt_file_open;
    static constexpr auto fileClose = libevt_file_close;
    static constexpr auto fileFree = libevt_file_free;
    static constexpr auto accessFlagsRead = libevt_get_access_flags_read;
    static constexpr auto numberOfRecords = libevt_file_get_number_of_records;
    static constexpr auto numberOfRecoveredRecords = libevt_file_get_number_of_recovered_records;
    static constexpr auto recordByIndex = libevt_file_get_record_by_index;
    static constexpr auto recoveredRecordByIndex = libevt_file_get_recovered_record_by_index;
    static constexpr auto recordFree = libevt_record_free;
    static constexpr auto errorBacktraceSprint = libevt_error_backtrace_sprint;
    static constexpr auto errorFree = libevt_error_free;
};

const char *eventTypeName(uint16_t type) {
    switch (type) {
    case LIBEVT_EVENT_TYPE_ERROR: return "Error";
    case LIBEVT_EVENT_TYPE_WARNING: return "Warning";
    case LIBEVT_EVENT_TYPE_INFORMATION: return "Information";
    case LIBEVT_EVENT_TYPE_AUDIT_SUCCESS: return "Audit Success";
    case LIBEVT_EVENT_TYPE_AUDIT_FAILURE: return "Audit Failure";
    default: return "";
    }
}

}  // namespace

const ingest::ParserInfo &EvtParser::info() const noexcept {
    static const ingest::ParserInfo i{"evt", "Windows legacy event log (libevt)", {"evt"}};
    return i;
}

ingest::Confidence EvtParser::sniff(ByteView head, std::string_view name) const {
    // The header record: size 0x30, then the "LfLe" signature.
    if (head.size() >= 8 && std::memcmp(head.data() + 4, "LfLe", 4) == 0 && head[0] == 0x30)
        return ingest::Confidence::Magic;
    return ingest::extensionOf(name) == "evt" ? ingest::Confidence::Extension : ingest::Confidence::None;
}

Result<void> EvtParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                              const ingest::ParseContext &ctx) {
    auto log = LibyalEventLog<EvtLibrary>::open(item, "not a readable EVT file");
    if (!log)
        return log.error();
    MessageBuilder builder;
    // libevt hands out what its recovery finds as records: an unreadable one is an error like any other.
    return log->walk(item, out, ctx, UnreadableRecovered::EachAnError, [&](libevt_record_t *rec, bool isRecovered) {
        EvtxFields f;
        f.provider =
            support::libyalUtf8(rec, libevt_record_get_utf8_source_name_size, libevt_record_get_utf8_source_name);
        f.computer =
            support::libyalUtf8(rec, libevt_record_get_utf8_computer_name_size, libevt_record_get_utf8_computer_name);
        f.userSid = support::libyalUtf8(rec, libevt_record_get_utf8_user_security_identifier_size,
                                        libevt_record_get_utf8_user_security_identifier);
        uint32_t eventId = 0, id = 0, written = 0, created = 0;
        if (libevt_record_get_event_identifier(rec, &eventId, nullptr) == 1)
            f.eventId = std::to_string(eventId & 0xffff);  // the high bits are severity/facility
        if (libevt_record_get_identifier(rec, &id, nullptr) == 1)
            f.recordId = std::to_string(id);
        uint16_t type = 0;
        if (libevt_record_get_event_type(rec, &type, nullptr) == 1 && *eventTypeName(type))
            f.data.emplace_back("EventType", eventTypeName(type));
        int strings = 0;
        if (libevt_record_get_number_of_strings(rec, &strings, nullptr) == 1) {
            for (int s = 0; s < strings && s < 256; ++s) {
                size_t size = 0;
                std::string value;
                if (libevt_record_get_utf8_string_size(rec, s, &size, nullptr) == 1 && size > 0) {
                    value.assign(size, '\0');
                    if (libevt_record_get_utf8_string(rec, s, reinterpret_cast<uint8_t *>(value.data()), size,
                                                      nullptr) == 1)
                        value.resize(std::strlen(value.c_str()));
                    else
                        value.clear();
                }
                f.data.emplace_back("String" + std::to_string(s + 1), std::move(value));
            }
        }
        const bool haveWritten = libevt_record_get_written_time(rec, &written, nullptr) == 1;
        const bool haveCreated = libevt_record_get_creation_time(rec, &created, nullptr) == 1;
        if (!haveWritten && !haveCreated) {
            out.addError(item.objectId, item.path, std::nullopt, "record " + f.recordId + " has no readable time",
                         ErrorSeverity::Error);
            return false;
        }
        const std::string message = builder.build(f, isRecovered);
        auto emit = [&](uint32_t posix, const char *desc) {
            casestore::EventRecord e;
            e.time = UtcTime::fromUnixSeconds(posix);
            e.timestampDesc = desc;
            e.eventType = isRecovered ? "windows:evt:record:recovered" : "windows:evt:record";
            e.objectId = item.objectId;
            e.host = !ctx.host.empty() ? ctx.host : f.computer;
            e.user = f.userSid;
            e.message = message;
            out.addEvent(std::move(e));
        };
        if (haveWritten)
            emit(written, "Event Logged");
        if (haveCreated && (!haveWritten || created != written))
            emit(created, "Event Created");
        return true;
    });
}

}  // namespace harrier::parsers::evtx
