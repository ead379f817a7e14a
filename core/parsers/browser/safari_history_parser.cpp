#include "safari_history_parser.h"

#include "ingest/artifact_sink.h"
#include "parsers/browser/evidence_db.h"
#include "parsers/browser/history_emitter.h"

namespace harrier::parsers::browser {

const ingest::ParserInfo &SafariHistoryParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"safari-history", "Safari History.db (visits)", {}};
    return kInfo;
}

ingest::Confidence SafariHistoryParser::sniff(ByteView head, std::string_view name) const {
    if (sqliteHeadHas(head, {"history_visits", "history_items"}))
        return ingest::Confidence::Magic;
    if (sqliteHeadHas(head, {}) && name == "History.db")
        return ingest::Confidence::Content;
    return ingest::Confidence::None;
}

Result<void> SafariHistoryParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                        const ingest::ParseContext &ctx) {
    auto db = EvidenceDb::open(item.localPath);
    if (!db)
        return db.error();
    if (!db->hasTable("history_visits"))
        return makeError(ErrorCode::InvalidInput, "no history_visits table: not a Safari History.db");
    HistoryEmitter emit(item, out);
    EvidenceStatement st(*db,
                         "SELECT v.id, v.visit_time, v.title, i.url, i.visit_count, v.load_successful "
                         "FROM history_visits v LEFT JOIN history_items i ON v.history_item = i.id ORDER BY v.id");
    if (!st.valid()) {
        emit.tableError("Safari history_visits unreadable: " + st.error());
    } else {
        std::uint64_t n = 0;
        while (st.step()) {
            if ((++n & 0x3FF) == 0 && ctx.stop.stop_requested())
                break;
            const std::string url = st.text(3), title = st.text(2);
            std::string message = "Visited " + url;
            if (!title.empty())
                message += " (" + title + ")";
            message += " [URL visit count " + std::to_string(st.integer(4)) +
                       (st.integer(5) ? "" : ", load failed") + "]";
            emit.row(cfAbsoluteTime(st.real(1)), "Last Visited", "browser:safari:visit", std::move(message), url);
        }
        if (!st.error().empty())
            emit.tableError("Safari visits: reading stopped early: " + st.error());
    }
    emit.finish();
    return {};
}

}  // namespace harrier::parsers::browser
