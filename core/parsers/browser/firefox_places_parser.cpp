#include "firefox_places_parser.h"

#include "ingest/artifact_sink.h"
#include "parsers/browser/evidence_db.h"
#include "parsers/browser/history_emitter.h"

namespace harrier::parsers::browser {

namespace {

// toolkit/components/places/nsINavHistoryService.idl TRANSITION_*.
std::string visitType(std::int64_t type) {
    switch (type) {
    case 1: return "LINK";
    case 2: return "TYPED";
    case 3: return "BOOKMARK";
    case 4: return "EMBED";
    case 5: return "REDIRECT_PERMANENT";
    case 6: return "REDIRECT_TEMPORARY";
    case 7: return "DOWNLOAD";
    case 8: return "FRAMED_LINK";
    case 9: return "RELOAD";
    default: return "type " + std::to_string(type);
    }
}

void parseVisits(const EvidenceDb &db, HistoryEmitter &emit, const ingest::ParseContext &ctx) {
    EvidenceStatement st(db,
                         "SELECT v.id, v.visit_date, v.visit_type, p.url, p.title, p.visit_count "
                         "FROM moz_historyvisits v LEFT JOIN moz_places p ON v.place_id = p.id ORDER BY v.id");
    if (!st.valid()) {
        emit.tableError("Firefox moz_historyvisits unreadable: " + st.error());
        return;
    }
    std::uint64_t n = 0;
    while (st.step()) {
        if ((++n & 0x3FF) == 0 && ctx.stop.stop_requested())
            return;
        const std::string url = st.text(3), title = st.text(4);
        std::string message = "Visited " + url;
        if (!title.empty())
            message += " (" + title + ")";
        message += " [" + visitType(st.integer(2)) + ", URL visit count " + std::to_string(st.integer(5)) + "]";
        emit.row(prTime(st.integer(1)), "Last Visited", "browser:firefox:visit", std::move(message), url);
    }
    if (!st.error().empty())
        emit.tableError("Firefox visits: reading stopped early: " + st.error());
}

void parseBookmarks(const EvidenceDb &db, HistoryEmitter &emit) {
    if (!db.hasTable("moz_bookmarks"))
        return;
    EvidenceStatement st(db,
                         "SELECT b.id, b.type, b.title, b.dateAdded, b.lastModified, p.url "
                         "FROM moz_bookmarks b LEFT JOIN moz_places p ON b.fk = p.id ORDER BY b.id");
    if (!st.valid()) {
        emit.tableError("Firefox moz_bookmarks unreadable: " + st.error());
        return;
    }
    while (st.step()) {
        const std::int64_t type = st.integer(1);
        const std::string url = st.text(5), title = st.text(2);
        const char *what = type == 1 ? "Bookmark" : type == 2 ? "Bookmark folder" : "Bookmark separator";
        std::string message = std::string(what) + " \"" + title + "\"";
        if (!url.empty())
            message += " -> " + url;
        emit.row(prTime(st.integer(3)), "Bookmark Added", "browser:firefox:bookmark", message, url);
        const auto modified = prTime(st.integer(4));
        if (modified && st.integer(4) != st.integer(3))
            emit.extraEvent(*modified, "Bookmark Modified", "browser:firefox:bookmark", message);
    }
    if (!st.error().empty())
        emit.tableError("Firefox bookmarks: reading stopped early: " + st.error());
}

// Firefox 26+ keeps downloads as page annotations in places.sqlite.
void parseAnnotationDownloads(const EvidenceDb &db, HistoryEmitter &emit) {
    if (!db.hasTable("moz_annos") || !db.hasTable("moz_anno_attributes"))
        return;
    EvidenceStatement st(db,
                         "SELECT a.content, a.dateAdded, p.url FROM moz_annos a "
                         "JOIN moz_anno_attributes n ON a.anno_attribute_id = n.id "
                         "LEFT JOIN moz_places p ON a.place_id = p.id "
                         "WHERE n.name = 'downloads/destinationFileURI' ORDER BY a.id");
    if (!st.valid()) {
        emit.tableError("Firefox download annotations unreadable: " + st.error());
        return;
    }
    while (st.step()) {
        const std::string url = st.text(2);
        emit.row(prTime(st.integer(1)), "Download Started", "browser:firefox:download",
                 "Downloaded " + url + " to " + st.text(0), url);
    }
}

// Firefox < 26: downloads.sqlite.
void parseMozDownloads(const EvidenceDb &db, HistoryEmitter &emit) {
    if (!db.hasTable("moz_downloads"))
        return;
    EvidenceStatement st(db,
                         "SELECT id, name, source, target, startTime, endTime, currBytes, maxBytes, referrer "
                         "FROM moz_downloads ORDER BY id");
    if (!st.valid()) {
        emit.tableError("Firefox moz_downloads unreadable: " + st.error());
        return;
    }
    while (st.step()) {
        const std::string url = st.text(2);
        const std::string message = "Downloaded " + url + " to " + st.text(3) + " (" +
                                    std::to_string(st.integer(6)) + " of " + std::to_string(st.integer(7)) +
                                    " bytes)";
        emit.row(prTime(st.integer(4)), "Download Started", "browser:firefox:download", message, url);
        if (auto end = prTime(st.integer(5)))
            emit.extraEvent(*end, "Download Finished", "browser:firefox:download", message);
    }
}

}  // namespace

const ingest::ParserInfo &FirefoxPlacesParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"firefox-places", "Firefox places.sqlite / downloads.sqlite", {}};
    return kInfo;
}

ingest::Confidence FirefoxPlacesParser::sniff(ByteView head, std::string_view name) const {
    if (sqliteHeadHas(head, {"moz_historyvisits"}) || sqliteHeadHas(head, {"CREATE TABLE moz_downloads"}))
        return ingest::Confidence::Magic;
    if (sqliteHeadHas(head, {}) && (name == "places.sqlite" || name == "downloads.sqlite"))
        return ingest::Confidence::Content;
    return ingest::Confidence::None;
}

Result<void> FirefoxPlacesParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                        const ingest::ParseContext &ctx) {
    auto db = EvidenceDb::open(item.localPath);
    if (!db)
        return db.error();
    const bool places = db->hasTable("moz_historyvisits");
    if (!places && !db->hasTable("moz_downloads"))
        return makeError(ErrorCode::InvalidInput, "neither moz_historyvisits nor moz_downloads: not a Firefox database");
    HistoryEmitter emit(item, out);
    if (places) {
        parseVisits(*db, emit, ctx);
        parseBookmarks(*db, emit);
        parseAnnotationDownloads(*db, emit);
    }
    parseMozDownloads(*db, emit);
    emit.finish();
    return {};
}

}  // namespace harrier::parsers::browser
