#include "mft_parser.h"

#include <libfsntfs.h>

#include <array>
#include <memory>
#include <unordered_map>
#include <vector>

#include "ingest/artifact_sink.h"
#include "parsers/support/libyal_error.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::ntfs {

namespace {

std::string takeError(libfsntfs_error_t *&error, std::string_view what) {
    return support::takeLibyalError(error, what, libfsntfs_error_backtrace_sprint, libfsntfs_error_free);
}
void dropError(libfsntfs_error_t *&error) {
    if (error)
        libfsntfs_error_free(&error);
    error = nullptr;
}

struct MftCloser {
    void operator()(libfsntfs_mft_metadata_file_t *f) const {
        libfsntfs_mft_metadata_file_close(f, nullptr);
        libfsntfs_mft_metadata_file_free(&f, nullptr);
    }
};
struct EntryFree {
    void operator()(libfsntfs_file_entry_t *e) const { libfsntfs_file_entry_free(&e, nullptr); }
};
using EntryPtr = std::unique_ptr<libfsntfs_file_entry_t, EntryFree>;

constexpr std::uint64_t kRootEntry = 5;
constexpr std::uint64_t kEntryMask = 0x0000FFFFFFFFFFFFULL;  // file reference = 48-bit entry + 16-bit sequence
constexpr std::uint32_t kFileNameAttribute = 0x30;

struct AttrFree {
    void operator()(libfsntfs_attribute_t *a) const { libfsntfs_attribute_free(&a, nullptr); }
};
using AttrPtr = std::unique_ptr<libfsntfs_attribute_t, AttrFree>;

struct FileName {
    AttrPtr attribute;  ///< the chosen $FILE_NAME, for its times
    std::string name;
    std::uint64_t parent = 0;
};

// In an MFT metadata file libfsntfs knows no directory entry for a record, so
// file_entry_get_name is empty: the name comes from the record's own
// $FILE_NAME attributes, preferring a Win32/POSIX name over the 8.3 DOS one.
std::optional<FileName> fileName(libfsntfs_file_entry_t *entry) {
    libfsntfs_error_t *error = nullptr;
    int count = 0;
    if (libfsntfs_file_entry_get_number_of_attributes(entry, &count, &error) != 1) {
        dropError(error);
        return std::nullopt;
    }
    std::optional<FileName> best;
    for (int i = 0; i < count; ++i) {
        libfsntfs_attribute_t *raw = nullptr;
        if (libfsntfs_file_entry_get_attribute_by_index(entry, i, &raw, &error) != 1) {
            dropError(error);
            continue;
        }
        AttrPtr attr(raw);
        std::uint32_t type = 0;
        if (libfsntfs_attribute_get_type(raw, &type, &error) != 1 || type != kFileNameAttribute) {
            dropError(error);
            continue;
        }
        std::uint8_t nameSpace = 0;
        libfsntfs_file_name_attribute_get_name_space(raw, &nameSpace, &error);
        dropError(error);
        constexpr std::uint8_t kDosNameSpace = 2;
        if (best && nameSpace == kDosNameSpace)
            continue;
        size_t size = 0;
        if (libfsntfs_file_name_attribute_get_utf8_name_size(raw, &size, &error) != 1 || size <= 1 || size > 4096) {
            dropError(error);
            continue;
        }
        std::vector<std::uint8_t> buffer(size);
        if (libfsntfs_file_name_attribute_get_utf8_name(raw, buffer.data(), size, &error) != 1) {
            dropError(error);
            continue;
        }
        FileName fn;
        fn.name = support::sanitizeUtf8(std::string_view(reinterpret_cast<const char *>(buffer.data()), size - 1));
        libfsntfs_file_name_attribute_get_parent_file_reference(raw, &fn.parent, &error);
        dropError(error);
        fn.parent &= kEntryMask;
        fn.attribute = std::move(attr);
        best = std::move(fn);
        if (nameSpace != kDosNameSpace)
            break;
    }
    return best;
}

struct DirInfo {
    std::string name;
    std::uint64_t parent = 0;
};

/// Directory names only: parents are always directories, so memory stays a
/// fraction of the $MFT however many files it lists.
class PathResolver {
public:
    void add(std::uint64_t index, DirInfo info) { m_dirs.emplace(index, std::move(info)); }
    std::string path(std::uint64_t parent, const std::string &name) const {
        std::vector<const std::string *> parts{&name};
        std::uint64_t at = parent;
        for (int depth = 0; depth < 256 && at != kRootEntry; ++depth) {  // bounded: hostile parent loops
            auto it = m_dirs.find(at);
            if (it == m_dirs.end()) {
                static const std::string kOrphan = "$OrphanFiles";
                parts.push_back(&kOrphan);
                break;
            }
            parts.push_back(&it->second.name);
            if (it->second.parent == at)
                break;
            at = it->second.parent;
        }
        std::string out;
        for (auto p = parts.rbegin(); p != parts.rend(); ++p) {
            out += '\\';
            out += **p;
        }
        return out;
    }

private:
    std::unordered_map<std::uint64_t, DirInfo> m_dirs;
};

using TimeFn = int (*)(libfsntfs_file_entry_t *, std::uint64_t *, libfsntfs_error_t **);
using FnTimeFn = int (*)(libfsntfs_attribute_t *, std::uint64_t *, libfsntfs_error_t **);

}  // namespace

const ingest::ParserInfo &MftParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"mft", "NTFS $MFT metadata file", {}};
    return kInfo;
}

ingest::Confidence MftParser::sniff(ByteView head, std::string_view name) const {
    if (!asText(head).starts_with("FILE0"))
        return ingest::Confidence::None;
    // "FILE0" is the MFT record signature; the name "$MFT" makes it certain.
    return name == "$MFT" || name == "MFT" ? ingest::Confidence::Magic : ingest::Confidence::Content;
}

Result<void> MftParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                              const ingest::ParseContext &ctx) {
    libfsntfs_error_t *error = nullptr;
    libfsntfs_mft_metadata_file_t *raw = nullptr;
    if (libfsntfs_mft_metadata_file_initialize(&raw, &error) != 1)
        return makeError(ErrorCode::Internal, takeError(error, "libfsntfs initialisation failed"));
    if (libfsntfs_mft_metadata_file_open(raw, item.localPath.c_str(), LIBFSNTFS_OPEN_READ, &error) != 1) {
        libfsntfs_mft_metadata_file_free(&raw, nullptr);
        return makeError(ErrorCode::InvalidInput, takeError(error, "libfsntfs cannot open the $MFT"));
    }
    std::unique_ptr<libfsntfs_mft_metadata_file_t, MftCloser> mft(raw);
    std::uint64_t count = 0;
    if (libfsntfs_mft_metadata_file_get_number_of_file_entries(mft.get(), &count, &error) != 1)
        return makeError(ErrorCode::InvalidInput, takeError(error, "$MFT entry count unreadable"));

    auto getEntry = [&](std::uint64_t i) -> EntryPtr {
        libfsntfs_file_entry_t *e = nullptr;
        if (libfsntfs_mft_metadata_file_get_file_entry_by_index(mft.get(), i, &e, &error) != 1)
            return nullptr;
        return EntryPtr(e);
    };

    // Pass 1: directory names and parents, for full paths.
    PathResolver paths;
    for (std::uint64_t i = 0; i < count; ++i) {
        if ((i & 0x3FF) == 0 && ctx.stop.stop_requested())
            return makeError(ErrorCode::Stopped, "stopped");
        auto entry = getEntry(i);
        if (!entry) {
            dropError(error);
            continue;  // reported in pass 2
        }
        if (libfsntfs_file_entry_has_directory_entries_index(entry.get(), &error) == 1)
            if (auto fn = fileName(entry.get()))
                paths.add(i, {fn->name, fn->parent});
        dropError(error);
    }

    // Pass 2: events.
    std::uint64_t stored = 0, failed = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        if ((i & 0x3FF) == 0 && ctx.stop.stop_requested())
            break;
        auto entry = getEntry(i);
        if (!entry) {
            ++failed;
            out.addError(item.objectId, item.path, static_cast<std::int64_t>(i * 1024),
                         takeError(error, "MFT entry " + std::to_string(i) + " unreadable"));
            continue;
        }
        libfsntfs_file_entry_t *e = entry.get();
        ++stored;
        if (libfsntfs_file_entry_is_empty(e, &error) == 1)
            continue;  // never used: nothing to tell
        dropError(error);
        const bool allocated = libfsntfs_file_entry_is_allocated(e, &error) == 1;
        dropError(error);
        const auto fn = fileName(e);
        const std::string fullPath = !fn ? "(no $FILE_NAME)" : i == kRootEntry ? "\\" : paths.path(fn->parent, fn->name);
        size64_t size = 0;
        libfsntfs_file_entry_get_size(e, &size, &error);
        dropError(error);
        const std::string message = fullPath + (allocated ? "" : " (deleted)") + " [MFT entry " + std::to_string(i) +
                                    ", size " + std::to_string(size) + "]";
        auto event = [&](std::uint64_t ft, std::string desc) {
            auto t = support::filetime(ft);
            if (!t)
                return;
            casestore::EventRecord ev;
            ev.time = *t;
            ev.timestampDesc = std::move(desc);
            ev.eventType = "ntfs:mft";
            ev.sourceId = item.sourceId;
            ev.objectId = item.objectId;
            ev.message = message;
            out.addEvent(std::move(ev));
        };
        static constexpr std::array<std::pair<TimeFn, const char *>, 4> kSi = {{
            {libfsntfs_file_entry_get_modification_time, "$SI Modified"},
            {libfsntfs_file_entry_get_access_time, "$SI Accessed"},
            {libfsntfs_file_entry_get_entry_modification_time, "$SI Entry Modified"},
            {libfsntfs_file_entry_get_creation_time, "$SI Created"},
        }};
        std::array<std::uint64_t, 4> si{};
        for (std::size_t k = 0; k < kSi.size(); ++k) {
            if (kSi[k].first(e, &si[k], &error) == 1)
                event(si[k], kSi[k].second);
            dropError(error);
        }
        // $FN times (the name libfsntfs reports): only where they differ from
        // $SI, which halves the events and keeps every distinct fact
        // (a $SI earlier than $FN is the classic timestomping sign).
        if (fn) {
            static constexpr std::array<std::pair<FnTimeFn, const char *>, 4> kFn = {{
                {libfsntfs_file_name_attribute_get_modification_time, "$FN Modified"},
                {libfsntfs_file_name_attribute_get_access_time, "$FN Accessed"},
                {libfsntfs_file_name_attribute_get_entry_modification_time, "$FN Entry Modified"},
                {libfsntfs_file_name_attribute_get_creation_time, "$FN Created"},
            }};
            for (std::size_t k = 0; k < kFn.size(); ++k) {
                std::uint64_t ft = 0;
                if (kFn[k].first(fn->attribute.get(), &ft, &error) == 1 && ft != si[k])
                    event(ft, kFn[k].second);
                dropError(error);
            }
        }
        dropError(error);
    }
    out.setCounts({item.objectId, count, stored, failed});
    return {};
}

}  // namespace harrier::parsers::ntfs
