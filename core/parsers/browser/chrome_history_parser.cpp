#include "chrome_history_parser.h"

#include <array>
#include <cctype>

#include "ingest/artifact_sink.h"
#include "parsers/browser/evidence_db.h"
#include "parsers/browser/history_emitter.h"

namespace harrier::parsers::browser {

namespace {

// Chromium's ui/base/page_transition_types.h: the low byte is the core type.
std::string transitionName(std::int64_t transition) {
    static constexpr std::array<const char *, 11> kCore = {
        "LINK", "TYPED", "AUTO_BOOKMARK", "AUTO_SUBFRAME", "MANUAL_SUBFRAME", "GENERATED",
        "AUTO_TOPLEVEL", "FORM_SUBMIT", "RELOAD", "KEYWORD", "KEYWORD_GENERATED"};
    const auto core = static_cast<std::size_t>(transition & 0xFF);
    return core < kCore.size() ? kCore[core] : "UNKNOWN(" + std::to_string(core) + ")";
}

// components/download/public/common/download_item.h DownloadState.
std::string downloadState(std::int64_t state) {
    switch (state) {
    case 0: return "in progress";
    case 1: return "complete";
    case 2: return "cancelled";
    case 3: return "interrupted";
    case 4: return "interrupted";
    default: return "state " + std::to_string(state);
    }
}

void parseVisits(const EvidenceDb &db, HistoryEmitter &emit, const ingest::ParseContext &ctx) {
    // LEFT JOIN: a visit whose URL row is gone is still a visit (and counted as one).
    EvidenceStatement st(db,
                         "SELECT visits.id, visits.visit_time, visits.transition, urls.url, urls.title, "
                         "urls.visit_count, urls.typed_count FROM visits LEFT JOIN urls ON visits.url = urls.id "
                         "ORDER BY visits.id");
    if (!st.valid()) {
        emit.tableError("Chrome visits table unreadable: " + st.error());
        return;
    }
    std::uint64_t n = 0;
    while (st.step()) {
        if ((++n & 0x3FF) == 0 && ctx.stop.stop_requested())
            return;
        const std::string url = st.text(3);
        const std::string title = st.text(4);
        std::string message = "Visited " + url;
        if (!title.empty())
            message += " (" + title + ")";
        message += " [transition " + transitionName(st.integer(2)) + ", URL visit count " +
                   std::to_string(st.integer(5)) + ", typed " + std::to_string(st.integer(6)) + "]";
        emit.row(webkitTime(st.integer(1)), "Last Visited", "browser:chrome:visit", std::move(message), url);
    }
    if (!st.error().empty())
        emit.tableError("Chrome visits: reading stopped early: " + st.error());
}

void parseDownloads(const EvidenceDb &db, HistoryEmitter &emit) {
    if (!db.hasTable("downloads"))
        return;
    const auto cols = db.columns("downloads");
    const bool modern = cols.contains("target_path");
    // Chrome < 26 stored full_path/url and start_time in Unix seconds.
    const bool chains = db.hasTable("downloads_url_chains");
    if (modern && !chains)
        emit.tableError("Chrome downloads_url_chains table missing: download URLs unknown");
    const char *sql =
        !modern ? "SELECT id, full_path, start_time, 0, received_bytes, total_bytes, state, url FROM downloads ORDER BY id"
        : chains ? "SELECT d.id, d.target_path, d.start_time, d.end_time, d.received_bytes, d.total_bytes, d.state, "
                   "(SELECT url FROM downloads_url_chains c WHERE c.id = d.id ORDER BY chain_index DESC LIMIT 1) "
                   "FROM downloads d ORDER BY d.id"
                 : "SELECT id, target_path, start_time, end_time, received_bytes, total_bytes, state, '' "
                   "FROM downloads ORDER BY id";
    EvidenceStatement st(db, sql);
    if (!st.valid()) {
        emit.tableError("Chrome downloads table unreadable: " + st.error());
        return;
    }
    while (st.step()) {
        const std::string path = st.text(1);
        const std::string url = st.text(7);
        const std::string message = "Downloaded " + url + " to " + path + " (" + std::to_string(st.integer(4)) +
                                    " of " + std::to_string(st.integer(5)) + " bytes, " +
                                    downloadState(st.integer(6)) + ")";
        const auto start = modern ? webkitTime(st.integer(2))
                                  : (st.integer(2) > 0 ? std::optional(UtcTime::fromUnixSeconds(st.integer(2)))
                                                       : std::nullopt);
        emit.row(start, "Download Started", "browser:chrome:download", message, url);
        if (modern) {
            if (auto end = webkitTime(st.integer(3)))
                emit.extraEvent(*end, "Download Finished", "browser:chrome:download", message);
        }
    }
    if (!st.error().empty())
        emit.tableError("Chrome downloads: reading stopped early: " + st.error());
}

bool looksLikeHistoryName(std::string_view name) {
    std::string lower;
    for (char c : name)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return lower == "history" || lower.starts_with("history-") || lower.find("chromehistory") != std::string::npos ||
           lower.find("edgehistory") != std::string::npos;
}

}  // namespace

const ingest::ParserInfo &ChromeHistoryParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"chrome-history", "Chrome/Edge History (visits, downloads)", {}};
    return kInfo;
}

ingest::Confidence ChromeHistoryParser::sniff(ByteView head, std::string_view name) const {
    if (sqliteHeadHas(head, {"TABLE visits", "TABLE urls"}))
        return ingest::Confidence::Magic;
    // The schema b-tree can reach beyond the head; then the name decides.
    if (sqliteHeadHas(head, {}) && name != "History.db" && looksLikeHistoryName(name))
        return ingest::Confidence::Content;
    return ingest::Confidence::None;
}

Result<void> ChromeHistoryParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                        const ingest::ParseContext &ctx) {
    auto db = EvidenceDb::open(item.localPath);
    if (!db)
        return db.error();
    if (!db->hasTable("visits")) {
        // Claimed by name only: a differently shaped database is not a parse failure.
        out.addError(item.objectId, item.path, std::nullopt,
                     "SQLite database named like a Chrome History has no visits table; not parsed as one",
                     casestore::ErrorSeverity::Warning);
        return {};
    }
    HistoryEmitter emit(item, out);
    parseVisits(*db, emit, ctx);
    parseDownloads(*db, emit);
    emit.finish();
    return {};
}

}  // namespace harrier::parsers::browser
