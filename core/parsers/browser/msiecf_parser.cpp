#include "msiecf_parser.h"

#include <libmsiecf.h>

#include <memory>
#include <vector>

#include "ingest/artifact_sink.h"
#include "parsers/browser/history_emitter.h"
#include "parsers/support/libyal_error.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::browser {

namespace {

std::string takeError(libmsiecf_error_t *&error, std::string_view what) {
    return support::takeLibyalError(error, what, libmsiecf_error_backtrace_sprint, libmsiecf_error_free);
}

struct FileCloser {
    void operator()(libmsiecf_file_t *file) const {
        libmsiecf_file_close(file, nullptr);
        libmsiecf_file_free(&file, nullptr);
    }
};
struct ItemFree {
    void operator()(libmsiecf_item_t *item) const { libmsiecf_item_free(&item, nullptr); }
};
using ItemPtr = std::unique_ptr<libmsiecf_item_t, ItemFree>;

const char *urlTypeName(std::uint8_t type) {
    switch (type) {
    case LIBMSIECF_URL_ITEM_TYPE_CACHE: return "cache";
    case LIBMSIECF_URL_ITEM_TYPE_COMPATIBILITY: return "compatibility";
    case LIBMSIECF_URL_ITEM_TYPE_COOKIE: return "cookie";
    case LIBMSIECF_URL_ITEM_TYPE_DOM_STORE: return "DOM store";
    case LIBMSIECF_URL_ITEM_TYPE_DOWNLOAD: return "download";
    case LIBMSIECF_URL_ITEM_TYPE_HISTORY: return "history";
    case LIBMSIECF_URL_ITEM_TYPE_HISTORY_DAILY: return "daily history";
    case LIBMSIECF_URL_ITEM_TYPE_HISTORY_WEEKLY: return "weekly history";
    case LIBMSIECF_URL_ITEM_TYPE_RSS_FEED: return "RSS feed";
    case LIBMSIECF_URL_ITEM_TYPE_TLD: return "TLD";
    case LIBMSIECF_URL_ITEM_TYPE_USER_DATA: return "user data";
    default: return "URL";
    }
}

std::string urlLocation(libmsiecf_item_t *item, libmsiecf_error_t *&error) {
    size_t size = 0;
    if (libmsiecf_url_get_utf8_location_size(item, &size, &error) != 1 || size == 0 || size > (1u << 20))
        return {};
    std::vector<std::uint8_t> buffer(size);
    if (libmsiecf_url_get_utf8_location(item, buffer.data(), size, &error) != 1)
        return {};
    return support::sanitizeUtf8(std::string_view(reinterpret_cast<const char *>(buffer.data()), size - 1));
}

// "Visited: user@http://host/" and ":2011...: user@http://..." carry the URL after '@'.
std::string plainUrl(const std::string &location) {
    const auto at = location.find('@');
    if (at != std::string::npos && location.find("://", at) != std::string::npos)
        return location.substr(at + 1);
    return location;
}

/// One item; returns an error text when it could not be read.
std::string handleItem(libmsiecf_item_t *item, bool recovered, HistoryEmitter &emit) {
    libmsiecf_error_t *error = nullptr;
    std::uint8_t itemType = 0;
    if (libmsiecf_item_get_type(item, &itemType, &error) != 1)
        return takeError(error, "cannot read item type");
    const std::string suffix = recovered ? " (recovered)" : "";
    if (itemType == LIBMSIECF_ITEM_TYPE_URL) {
        std::uint8_t urlType = 0;
        std::uint64_t primary = 0, secondary = 0;
        std::uint32_t hits = 0;
        if (libmsiecf_url_get_type(item, &urlType, &error) != 1 ||
            libmsiecf_url_get_primary_time(item, &primary, &error) != 1 ||
            libmsiecf_url_get_secondary_time(item, &secondary, &error) != 1)
            return takeError(error, "cannot read URL record");
        if (libmsiecf_url_get_number_of_hits(item, &hits, &error) != 1)
            takeError(error, "");  // optional field; free the error
        const std::string location = urlLocation(item, error);
        if (error)
            takeError(error, "");  // location is optional; free the error
        const bool history = urlType == LIBMSIECF_URL_ITEM_TYPE_HISTORY ||
                             urlType == LIBMSIECF_URL_ITEM_TYPE_HISTORY_DAILY ||
                             urlType == LIBMSIECF_URL_ITEM_TYPE_HISTORY_WEEKLY;
        const std::string message = std::string("IE ") + urlTypeName(urlType) + " record " + location + " (" +
                                    std::to_string(hits) + " hits)" + suffix;
        const std::string url = plainUrl(location);
        // libmsiecf: history records keep the last visit as primary time; cache
        // records keep last access (primary) and last modification (secondary).
        // Daily/weekly history secondary times are local time, so they are not used.
        emit.row(support::filetime(primary), history ? "Last Visited" : "Last Accessed", "browser:ie:url", message,
                 url);
        if (!history)
            if (auto t = support::filetime(secondary))
                emit.extraEvent(*t, "Last Modified", "browser:ie:url", message);
        return {};
    }
    if (itemType == LIBMSIECF_ITEM_TYPE_REDIRECTED) {
        size_t size = 0;
        std::string location;
        if (libmsiecf_redirected_get_utf8_location_size(item, &size, &error) == 1 && size > 0 && size < (1u << 20)) {
            std::vector<std::uint8_t> buffer(size);
            if (libmsiecf_redirected_get_utf8_location(item, buffer.data(), size, &error) == 1)
                location = support::sanitizeUtf8(
                    std::string_view(reinterpret_cast<const char *>(buffer.data()), size - 1));
        }
        if (error)
            takeError(error, "");
        emit.rowWithoutTime("redirect", location);
        return {};
    }
    emit.rowWithoutTime("leak", {});  // LEAK records name cache files only; no time, no URL
    return {};
}

}  // namespace

const ingest::ParserInfo &MsiecfParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"msiecf", "Internet Explorer index.dat (MSIE cache file)", {"dat"}};
    return kInfo;
}

ingest::Confidence MsiecfParser::sniff(ByteView head, std::string_view) const {
    return asText(head).starts_with("Client UrlCache MMF Ver ") ? ingest::Confidence::Magic
                                                                : ingest::Confidence::None;
}

Result<void> MsiecfParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                 const ingest::ParseContext &ctx) {
    libmsiecf_error_t *error = nullptr;
    libmsiecf_file_t *raw = nullptr;
    if (libmsiecf_file_initialize(&raw, &error) != 1)
        return makeError(ErrorCode::Internal, takeError(error, "libmsiecf initialisation failed"));
    if (libmsiecf_file_open(raw, item.localPath.c_str(), LIBMSIECF_OPEN_READ, &error) != 1) {
        libmsiecf_file_free(&raw, nullptr);
        return makeError(ErrorCode::InvalidInput, takeError(error, "libmsiecf cannot open index.dat"));
    }
    std::unique_ptr<libmsiecf_file_t, FileCloser> file(raw);
    HistoryEmitter emit(item, out);
    for (bool recovered : {false, true}) {
        int count = 0;
        const int ok = recovered ? libmsiecf_file_get_number_of_recovered_items(file.get(), &count, &error)
                                 : libmsiecf_file_get_number_of_items(file.get(), &count, &error);
        if (ok != 1) {
            emit.tableError(takeError(error, recovered ? "cannot count recovered items" : "cannot count items"));
            continue;
        }
        for (int i = 0; i < count; ++i) {
            if ((i & 0x3FF) == 0 && ctx.stop.stop_requested())
                break;
            libmsiecf_item_t *rawItem = nullptr;
            const int got = recovered ? libmsiecf_file_get_recovered_item_by_index(file.get(), i, &rawItem, &error)
                                      : libmsiecf_file_get_item_by_index(file.get(), i, &rawItem, &error);
            if (got != 1) {
                emit.failed(takeError(error, "index.dat item " + std::to_string(i) + " unreadable"));
                continue;
            }
            ItemPtr holder(rawItem);
            if (std::string problem = handleItem(rawItem, recovered, emit); !problem.empty())
                emit.failed("index.dat item " + std::to_string(i) + ": " + problem);
        }
    }
    emit.finish();
    return {};
}

}  // namespace harrier::parsers::browser
