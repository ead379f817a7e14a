#include "jump_list_parser.h"

#include <libolecf.h>

#include <cctype>
#include <map>
#include <memory>
#include <vector>

#include "parsers/lnk/dest_list.h"
#include "parsers/lnk/lnk_reader.h"
#include "parsers/support/libyal_error.h"
#include "parsers/support/private_temp.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::lnk {

namespace {

std::string takeError(libolecf_error_t *&error, std::string_view what) {
    return support::takeLibyalError(error, what, libolecf_error_backtrace_sprint, libolecf_error_free);
}

struct FileCloser {
    void operator()(libolecf_file_t *file) const {
        libolecf_file_close(file, nullptr);
        libolecf_file_free(&file, nullptr);
    }
};
struct ItemFree {
    void operator()(libolecf_item_t *item) const { libolecf_item_free(&item, nullptr); }
};
using ItemPtr = std::unique_ptr<libolecf_item_t, ItemFree>;

// A jump-list entry is a shell link of a few KiB; anything far larger is not one.
constexpr std::uint32_t kMaxStreamBytes = 16u << 20;

std::string itemName(libolecf_item_t *item) {
    libolecf_error_t *error = nullptr;
    size_t size = 0;
    if (libolecf_item_get_utf8_name_size(item, &size, &error) != 1 || size <= 1 || size > 4096) {
        if (error)
            libolecf_error_free(&error);
        return {};
    }
    std::vector<std::uint8_t> buffer(size);
    if (libolecf_item_get_utf8_name(item, buffer.data(), size, &error) != 1) {
        libolecf_error_free(&error);
        return {};
    }
    return support::sanitizeUtf8(std::string_view(reinterpret_cast<const char *>(buffer.data()), size - 1));
}

using casestore::Attribute;

// One `jumplist_entry` object per DestList entry, tied to the `lnk` object of
// its stream (same entry number, in hex), with its last-use and droid events.
void emitDestList(const DestList &list, const ingest::ItemInput &item,
                  const std::map<std::string, casestore::ObjectId> &lnkByStream, ingest::ArtifactSink &out) {
    for (const auto &e : list.entries) {
        casestore::ObjectRecord record;
        record.id = out.newObjectId();
        record.parentId = item.objectId;
        record.sourceId = item.sourceId;
        record.kind = "jumplist_entry";
        record.name = "DestList entry " + std::to_string(e.entryNumber);
        record.path = item.path + "#DestList@" + std::to_string(e.offset);
        auto &a = record.attributes;
        a.push_back(Attribute::ofInt("entry_number", e.entryNumber));
        a.push_back(Attribute::ofText("stream", e.streamName));
        const auto lnk = lnkByStream.find(e.streamName);
        if (lnk != lnkByStream.end())
            a.push_back(Attribute::ofInt("lnk_object_id", lnk->second));
        else
            a.push_back(Attribute::ofInt("lnk_missing", 1));
        a.push_back(Attribute::ofInt("destlist_version", list.version));
        a.push_back(Attribute::ofInt("destlist_offset", e.offset));
        if (e.lastAccess)
            a.push_back(Attribute::ofTime("last_access", *e.lastAccess));
        a.push_back(Attribute::ofInt("pin_status", e.pinStatus));
        if (e.accessCount)
            a.push_back(Attribute::ofInt("access_count", *e.accessCount));
        if (!e.hostname.empty())
            a.push_back(Attribute::ofText("hostname", e.hostname));
        a.push_back(Attribute::ofText("droid_volume", e.volumeDroid));
        a.push_back(Attribute::ofText("droid_file", e.fileDroid));
        a.push_back(Attribute::ofText("birth_droid_volume", e.birthVolumeDroid));
        a.push_back(Attribute::ofText("birth_droid_file", e.birthFileDroid));
        if (e.fileDroidTime)
            a.push_back(Attribute::ofTime("droid_file_created", *e.fileDroidTime));
        if (!e.fileDroidMac.empty())
            a.push_back(Attribute::ofText("droid_file_mac", e.fileDroidMac));
        if (!e.path.empty())
            a.push_back(Attribute::ofText("target", e.path));
        const casestore::ObjectId id = record.id;
        out.addObject(std::move(record));

        std::string message = "Jump list entry " + std::to_string(e.entryNumber) + ": " +
                              (e.path.empty() ? std::string("(no path)") : e.path);
        message += e.pinStatus == -1 ? " [unpinned]" : " [pinned " + std::to_string(e.pinStatus) + "]";
        if (e.accessCount)
            message += " [accessed " + std::to_string(*e.accessCount) + " times]";
        if (!e.hostname.empty())
            message += " [host " + e.hostname + "]";
        auto event = [&](const UtcTime &time, const char *desc, const char *type, std::string text) {
            casestore::EventRecord ev;
            ev.time = time;
            ev.timestampDesc = desc;
            ev.eventType = type;
            ev.sourceId = item.sourceId;
            ev.objectId = id;
            ev.message = std::move(text);
            out.addEvent(std::move(ev));
        };
        if (e.lastAccess)
            event(*e.lastAccess, "Jump List Last Access", "windows:jumplist:destlist", message);
        // The file droid's own time: when link tracking first saw the target, on the host with this MAC.
        if (e.fileDroidTime)
            event(*e.fileDroidTime, "Link Tracking Droid Created", "windows:jumplist:droid",
                  message + " [droid " + e.fileDroid + " MAC " + e.fileDroidMac + "]");
    }
}

bool endsWithNoCase(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size())
        return false;
    for (std::size_t i = 0; i < suffix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i])
            return false;
    return true;
}

}  // namespace

const ingest::ParserInfo &JumpListParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"jumplist", "Windows Jump List (automaticDestinations-ms)",
                                          {"automaticdestinations-ms"}};
    return kInfo;
}

ingest::Confidence JumpListParser::sniff(ByteView head, std::string_view name) const {
    // OLE2 is shared with Office documents: the name makes it a jump list.
    const bool ole = asText(head).starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    return ole && endsWithNoCase(name, ".automaticdestinations-ms") ? ingest::Confidence::Magic
                                                                    : ingest::Confidence::None;
}

Result<void> JumpListParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                   const ingest::ParseContext &ctx) {
    libolecf_error_t *error = nullptr;
    libolecf_file_t *raw = nullptr;
    if (libolecf_file_initialize(&raw, &error) != 1)
        return makeError(ErrorCode::Internal, takeError(error, "libolecf initialisation failed"));
    if (libolecf_file_open(raw, item.localPath.c_str(), LIBOLECF_OPEN_READ, &error) != 1) {
        libolecf_file_free(&raw, nullptr);
        return makeError(ErrorCode::InvalidInput, takeError(error, "libolecf cannot open the jump list"));
    }
    std::unique_ptr<libolecf_file_t, FileCloser> file(raw);
    libolecf_item_t *rootRaw = nullptr;
    if (libolecf_file_get_root_item(file.get(), &rootRaw, &error) != 1)
        return makeError(ErrorCode::InvalidInput, takeError(error, "jump list has no root storage"));
    ItemPtr root(rootRaw);
    int count = 0;
    if (libolecf_item_get_number_of_sub_items(root.get(), &count, &error) != 1)
        return makeError(ErrorCode::InvalidInput, takeError(error, "jump list directory unreadable"));
    auto temp = support::PrivateTempDir::create();
    if (!temp)
        return temp.error();

    std::uint64_t seen = 0, stored = 0, failed = 0;
    std::vector<std::uint8_t> destList;
    bool haveDestList = false;
    std::map<std::string, casestore::ObjectId> lnkByStream;
    for (int i = 0; i < count; ++i) {
        if (ctx.stop.stop_requested())
            break;
        libolecf_item_t *subRaw = nullptr;
        if (libolecf_item_get_sub_item(root.get(), i, &subRaw, &error) != 1) {
            ++seen;
            ++failed;
            out.addError(item.objectId, item.path, std::nullopt,
                         takeError(error, "jump list entry " + std::to_string(i) + " unreadable"));
            continue;
        }
        ItemPtr sub(subRaw);
        const std::string name = itemName(sub.get());
        // DestList is the MRU index (entry numbers, access times), not a link:
        // kept and decoded once every link stream has an object to point at.
        const bool isDestList = name == "DestList";
        const std::string where = item.path + "#" + name;
        if (isDestList) {
            std::uint32_t size = 0;
            if (libolecf_item_get_size(sub.get(), &size, &error) != 1 || size > kMaxStreamBytes) {
                ++seen;
                ++failed;
                out.addError(item.objectId, where, std::nullopt,
                             error ? takeError(error, "DestList size unreadable")
                                   : "DestList of " + std::to_string(size) + " bytes is beyond the 16 MiB bound");
                continue;
            }
            destList.resize(size);
            if (size > 0 &&
                libolecf_stream_read_buffer_at_offset(sub.get(), destList.data(), size, 0, &error) != static_cast<ssize_t>(size)) {
                ++seen;
                ++failed;
                out.addError(item.objectId, where, std::nullopt,
                             error ? takeError(error, "DestList unreadable") : "DestList shorter than its directory entry");
                continue;
            }
            haveDestList = true;
            continue;
        }
        ++seen;
        std::uint32_t size = 0;
        if (libolecf_item_get_size(sub.get(), &size, &error) != 1 || size == 0 || size > kMaxStreamBytes) {
            ++failed;
            out.addError(item.objectId, where, std::nullopt,
                         error ? takeError(error, "stream size unreadable")
                               : "stream size " + std::to_string(size) + " is not that of a shell link");
            continue;
        }
        std::vector<std::uint8_t> bytes(size);
        const ssize_t got = libolecf_stream_read_buffer_at_offset(sub.get(), bytes.data(), size, 0, &error);
        if (got != static_cast<ssize_t>(size)) {
            ++failed;
            out.addError(item.objectId, where, std::nullopt,
                         error ? takeError(error, "stream unreadable") : "stream shorter than its directory entry");
            continue;
        }
        if (!isLnkHeader(bytes)) {
            ++failed;
            out.addError(item.objectId, where, std::nullopt, "jump list stream is not a shell link");
            continue;
        }
        // liblnk reads files by name; the stream goes to a private file, not beside the evidence.
        auto path = temp->writeFile("entry.lnk", bytes);
        if (!path) {
            ++failed;
            out.addError(item.objectId, where, std::nullopt, path.error().message);
            continue;
        }
        auto info = readLnk(*path);
        if (!info) {
            ++failed;
            out.addError(item.objectId, where, std::nullopt, info.error().message);
            continue;
        }
        lnkByStream[name] = emitLnk(*info, item, item.objectId, where, "windows:jumplist", out);
        ++stored;
    }
    if (haveDestList) {
        // Every DestList entry is an item of this container; an entry that
        // cannot be read (truncated stream) is one failure with its error.
        const DestList list = decodeDestList(ByteView(destList.data(), destList.size()));
        for (const auto &[offset, reason] : list.errors)
            out.addError(item.objectId, item.path + "#DestList", offset, reason);
        emitDestList(list, item, lnkByStream, out);
        seen += list.entries.size() + list.errors.size();
        stored += list.entries.size();
        failed += list.errors.size();
    }
    out.setCounts({item.objectId, seen, stored, failed});
    return {};
}

}  // namespace harrier::parsers::lnk
