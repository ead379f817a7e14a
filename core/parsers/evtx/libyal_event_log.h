#pragma once
/// What reading an .evt file through libevt and an .evtx file through libevtx
/// have in common: the two libraries have the same shape (file_initialize/open,
/// number_of_records and number_of_recovered_records, record_by_index and
/// recovered_record_by_index), so the handle, the two passes over allocated
/// then recovered records, the stop check and the container counts
/// (seen = allocated + recovered = stored + failed) are written once here.
/// `Lib` names one library's functions (see EvtLibrary, EvtxLibrary). What a
/// record means, and the checks only one format has, stay in its parser.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/artifact_sink.h"
#include "ingest/parser.h"
#include "parsers/support/libyal_error.h"

namespace harrier::parsers::evtx {

/// A record the library counted but cannot hand out.
enum class UnreadableRecovered {
    EachAnError,  ///< every one is an error row (allocated records always are)
    /// One warning for the file: libevtx's recovery scan also counts remnants in
    /// chunk slack that hold no decodable record, one row per slot would flood.
    OneSummary,
};

template <class Lib>
class LibyalEventLog {
public:
    using File = typename Lib::File;
    using Record = typename Lib::Record;
    using Error = typename Lib::Error;

    /// Opens the item's local file; `notReadable` is the failure's message.
    static Result<LibyalEventLog> open(const ingest::ItemInput &item, std::string_view notReadable) {
        Error *error = nullptr;
        File *raw = nullptr;
        if (Lib::fileInitialize(&raw, &error) != 1)
            return makeError(ErrorCode::Internal, takeError(error, std::string(Lib::kName) + " failed"));
        if (Lib::fileOpen(raw, item.localPath.c_str(), Lib::accessFlagsRead(), &error) != 1) {
            Lib::fileFree(&raw, nullptr);
            return makeError(ErrorCode::InvalidInput, takeError(error, notReadable));
        }
        return LibyalEventLog(raw);
    }

    File *file() const { return m_file.get(); }

    /// Reads every record, allocated first, and hands each to
    /// `decode(Record *, bool recovered) -> bool` (false: the record failed,
    /// and decode recorded why). Sets the container's counts at the end.
    template <class Decode>
    Result<void> walk(const ingest::ItemInput &item, ingest::ArtifactSink &out, const ingest::ParseContext &ctx,
                      UnreadableRecovered unreadableRecovered, Decode &&decode) {
        Error *error = nullptr;
        int allocated = 0, recovered = 0;
        if (Lib::numberOfRecords(file(), &allocated, &error) != 1) {
            out.addError(item.objectId, item.path, std::nullopt, takeError(error, "cannot count records"),
                         casestore::ErrorSeverity::Error);
            allocated = 0;
        }
        if (Lib::numberOfRecoveredRecords(file(), &recovered, &error) != 1) {
            Lib::errorFree(&error);
            recovered = 0;
        }
        casestore::ContainerCounts counts{item.objectId};
        counts.seen = static_cast<std::uint64_t>(allocated) + static_cast<std::uint64_t>(recovered);
        std::uint64_t unreadableSummarised = 0;
        for (int pass = 0; pass < 2; ++pass) {
            const bool isRecovered = pass == 1;
            const int total = isRecovered ? recovered : allocated;
            for (int i = 0; i < total; ++i) {
                if (ctx.stop.stop_requested())
                    return makeError(ErrorCode::Stopped, "stopped");
                Record *rec = nullptr;
                const int got = isRecovered ? Lib::recoveredRecordByIndex(file(), i, &rec, &error)
                                            : Lib::recordByIndex(file(), i, &rec, &error);
                if (got != 1 || !rec) {
                    if (isRecovered && unreadableRecovered == UnreadableRecovered::OneSummary) {
                        Lib::errorFree(&error);
                        ++unreadableSummarised;
                    } else {
                        out.addError(item.objectId, item.path, std::nullopt,
                                     "record " + std::to_string(i) + takeError(error, " unreadable"),
                                     casestore::ErrorSeverity::Error);
                    }
                    ++counts.failed;
                    continue;
                }
                const std::unique_ptr<Record, RecordFree> record(rec);
                if (decode(rec, isRecovered))
                    ++counts.stored;
                else
                    ++counts.failed;
            }
        }
        if (unreadableSummarised)
            out.addError(item.objectId, item.path, std::nullopt,
                         std::to_string(unreadableSummarised) + " of " + std::to_string(recovered) +
                             " recovered-record candidates found in free chunk space could not be decoded",
                         casestore::ErrorSeverity::Warning);
        out.setCounts(counts);
        return {};
    }

private:
    struct FileCloser {
        void operator()(File *f) const {
            Lib::fileClose(f, nullptr);
            Lib::fileFree(&f, nullptr);
        }
    };
    struct RecordFree {
        void operator()(Record *r) const { Lib::recordFree(&r, nullptr); }
    };

    explicit LibyalEventLog(File *file) : m_file(file) {}

    // The libyal error as text ("what: outer failure (innermost cause)"), freed.
    static std::string takeError(Error *&error, std::string_view what) {
        return support::takeLibyalError(error, what, Lib::errorBacktraceSprint, Lib::errorFree);
    }

    std::unique_ptr<File, FileCloser> m_file;
};

}  // namespace harrier::parsers::evtx
