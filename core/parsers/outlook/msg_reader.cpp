#include "parsers/outlook/msg_reader.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "base/little_endian.h"
#include "base/percent_encoding.h"
#include "parsers/mail/gmime_util.h"
#include "parsers/outlook/item_builder.h"
#include "parsers/outlook/mapi_tags.h"
#include "parsers/support/libyal_error.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::outlook {

using casestore::Attribute;
using casestore::ObjectId;

namespace {

struct OleItem {
    libolecf_item_t *p = nullptr;
    OleItem() = default;
    OleItem(OleItem &&o) noexcept : p(o.p) { o.p = nullptr; }
    OleItem &operator=(OleItem &&o) noexcept {
        std::swap(p, o.p);
        return *this;
    }
    OleItem(const OleItem &) = delete;
    ~OleItem() {
        if (p)
            libolecf_item_free(&p, nullptr);
    }
};

void drop(libolecf_error_t *&e) {
    if (e)
        libolecf_error_free(&e);
    e = nullptr;
}

std::string nameOf(libolecf_item_t *item) {
    libolecf_error_t *e = nullptr;
    std::size_t size = 0;
    if (libolecf_item_get_utf8_name_size(item, &size, &e) != 1 || size == 0 || size > 1024) {
        drop(e);
        return {};
    }
    std::string s(size, '\0');
    if (libolecf_item_get_utf8_name(item, reinterpret_cast<std::uint8_t *>(s.data()), size, &e) != 1) {
        drop(e);
        return {};
    }
    s.resize(std::strlen(s.c_str()));
    return s;
}

std::optional<std::uint32_t> hexTag(std::string_view s) {
    if (s.size() != 8)
        return std::nullopt;
    std::uint32_t v = 0;
    for (char c : s) {
        const int d = hexDigitValue(c);
        if (d < 0)
            return std::nullopt;
        v = v << 4 | static_cast<std::uint32_t>(d);
    }
    return v;
}

/// Reads a whole stream (capped); nullopt on a libolecf error.
std::optional<std::vector<std::uint8_t>> readStream(libolecf_item_t *item, std::size_t cap, std::string &problem) {
    libolecf_error_t *e = nullptr;
    std::uint32_t size = 0;
    if (libolecf_item_get_size(item, &size, &e) != 1) {
        problem = support::takeLibyalError(e, "stream size unreadable", libolecf_error_backtrace_sprint, libolecf_error_free);
        return std::nullopt;
    }
    std::vector<std::uint8_t> data(std::min<std::size_t>(size, cap));
    std::size_t got = 0;
    while (got < data.size()) {
        const ssize_t n = libolecf_stream_read_buffer_at_offset(item, data.data() + got, data.size() - got,
                                                                static_cast<off64_t>(got), &e);
        if (n <= 0) {
            if (n < 0)
                problem = support::takeLibyalError(e, "stream read failed", libolecf_error_backtrace_sprint,
                                                   libolecf_error_free);
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    data.resize(got);
    if (size > cap && problem.empty())
        problem = "stream of " + std::to_string(size) + " bytes cut at " + std::to_string(cap);
    return data;
}

/// One MSG storage (message, recipient row, attachment): its property
/// streams and fixed-size property entries.
class MsgProperties final : public PropertySource {
public:
    MsgProperties(const std::map<std::uint64_t, std::uint16_t> &named, std::string codepageCharset)
        : m_named(named), m_charset(std::move(codepageCharset)) {}

    /// Loads the storage's streams; sub-storages are returned by name.
    void load(libolecf_item_t *storage, std::size_t headerSize, std::vector<std::pair<std::string, OleItem>> &storages,
              std::size_t cap) {
        libolecf_error_t *e = nullptr;
        int count = 0;
        if (libolecf_item_get_number_of_sub_items(storage, &count, &e) != 1) {
            problems.push_back(support::takeLibyalError(e, "sub-items unreadable", libolecf_error_backtrace_sprint,
                                                        libolecf_error_free));
            return;
        }
        for (int i = 0; i < count && i < 100000; ++i) {
            OleItem child;
            if (libolecf_item_get_sub_item(storage, i, &child.p, &e) != 1 || !child.p) {
                problems.push_back(support::takeLibyalError(e, "entry " + std::to_string(i) + " unreadable",
                                                            libolecf_error_backtrace_sprint, libolecf_error_free));
                continue;
            }
            std::uint8_t type = 0;
            if (libolecf_item_get_type(child.p, &type, &e) != 1) {
                drop(e);
                continue;
            }
            const std::string name = nameOf(child.p);
            if (type == LIBOLECF_ITEM_TYPE_STORAGE) {
                storages.emplace_back(name, std::move(child));
                continue;
            }
            if (type != LIBOLECF_ITEM_TYPE_STREAM)
                continue;
            std::string problem;
            if (name == "__properties_version1.0") {
                if (auto data = readStream(child.p, 16u << 20, problem))
                    parseFixed(*data, headerSize);
            } else if (name.starts_with("__substg1.0_")) {
                const auto tag = hexTag(std::string_view(name).substr(12, 8));
                if (!tag || (*tag & mapi::kTypeMultiFlag))
                    continue;  // multi-valued properties are not used for the data model
                if (auto data = readStream(child.p, cap, problem))
                    m_streams[*tag >> 16] = {static_cast<std::uint16_t>(*tag & 0xFFFF), std::move(*data)};
            }
            if (!problem.empty())
                problems.push_back(name + ": " + problem);
        }
    }

    std::optional<std::string> string(std::uint32_t id) override {
        const auto it = m_streams.find(resolve(id));
        if (it == m_streams.end())
            return std::nullopt;
        const auto &[type, data] = it->second;
        if (type == mapi::kTypeUnicode)
            return mail::sanitizeUtf8(support::utf16leToUtf8(data.data(), data.size()));
        if (type == mapi::kTypeString8) {
            std::string_view bytes(reinterpret_cast<const char *>(data.data()), data.size());
            bytes = bytes.substr(0, bytes.find('\0'));
            return mail::toUtf8(bytes, m_charset.empty() ? nullptr : m_charset.c_str());
        }
        return std::nullopt;
    }
    std::optional<std::vector<std::uint8_t>> binary(std::uint32_t id) override {
        const auto it = m_streams.find(resolve(id));
        if (it == m_streams.end())
            return std::nullopt;
        if (it->second.first == mapi::kTypeUnicode) {
            // PR_HTML is sometimes stored as a string: hand back its UTF-8 bytes.
            const std::string s = support::utf16leToUtf8(it->second.second.data(), it->second.second.size());
            return std::vector<std::uint8_t>(s.begin(), s.end());
        }
        return it->second.second;
    }
    std::optional<std::int64_t> integer(std::uint32_t id) override {
        const auto it = m_fixed.find(resolve(id));
        if (it == m_fixed.end())
            return std::nullopt;
        const auto &[type, v] = it->second;
        switch (type) {
        case mapi::kTypeInt16: return static_cast<std::int16_t>(v & 0xFFFF);
        case mapi::kTypeInt32: return static_cast<std::int32_t>(v & 0xFFFFFFFF);
        case mapi::kTypeBool: return (v & 0xFF) != 0;
        case mapi::kTypeInt64: return static_cast<std::int64_t>(v);
        default: return std::nullopt;
        }
    }
    std::optional<UtcTime> time(std::uint32_t id) override {
        const auto it = m_fixed.find(resolve(id));
        if (it == m_fixed.end() || it->second.first != mapi::kTypeTime)
            return std::nullopt;
        return support::filetime(it->second.second);
    }
    bool hasStream(std::uint32_t id, std::uint16_t type) const {
        const auto it = m_streams.find(id);
        return it != m_streams.end() && it->second.first == type;
    }
    void setCharset(std::string charset) { m_charset = std::move(charset); }

private:
    void parseFixed(const std::vector<std::uint8_t> &data, std::size_t headerSize) {
        if (data.size() < headerSize) {
            problems.push_back("__properties_version1.0 shorter than its header");
            return;
        }
        if ((data.size() - headerSize) % 16 != 0)
            problems.push_back("__properties_version1.0 has a partial entry at the end");
        for (std::size_t off = headerSize; off + 16 <= data.size(); off += 16) {
            const std::uint32_t tag = le32(&data[off]);
            const std::uint64_t value = std::uint64_t(le32(&data[off + 8])) | std::uint64_t(le32(&data[off + 12])) << 32;
            m_fixed[tag >> 16] = {static_cast<std::uint16_t>(tag & 0xFFFF), value};
        }
    }
    /// Canonical LIDs (>= 0x8000) to this file's named property id.
    std::uint32_t resolve(std::uint32_t id) const {
        if (id < 0x8000)
            return id;
        const std::uint32_t set = id >= 0x8200 ? mapi::kPsetidAppointment
                                  : id >= 0x8100 ? mapi::kPsetidTask
                                                 : mapi::kPsetidAddress;
        const auto it = m_named.find(std::uint64_t(set) << 32 | id);
        return it == m_named.end() ? 0xFFFFFFFF : it->second;
    }

    const std::map<std::uint64_t, std::uint16_t> &m_named;
    std::string m_charset;
    std::map<std::uint32_t, std::pair<std::uint16_t, std::vector<std::uint8_t>>> m_streams;
    std::map<std::uint32_t, std::pair<std::uint16_t, std::uint64_t>> m_fixed;
};

/// Sub-storage by exact name.
libolecf_item_t *findStorage(std::vector<std::pair<std::string, OleItem>> &storages, std::string_view name) {
    for (auto &[n, item] : storages)
        if (n == name)
            return item.p;
    return nullptr;
}

}  // namespace

std::string MsgReader::error(libolecf_error_t *&e, std::string_view what) {
    return support::takeLibyalError(e, what, libolecf_error_backtrace_sprint, libolecf_error_free);
}

void MsgReader::readNameMap(libolecf_item_t *root) {
    libolecf_error_t *e = nullptr;
    OleItem nameid;
    const char *name = "__nameid_version1.0";
    if (libolecf_item_get_sub_item_by_utf8_name(root, reinterpret_cast<const std::uint8_t *>(name), std::strlen(name),
                                                &nameid.p, &e) != 1 ||
        !nameid.p) {
        drop(e);
        return;
    }
    auto stream = [&](const char *streamName) -> std::vector<std::uint8_t> {
        OleItem s;
        if (libolecf_item_get_sub_item_by_utf8_name(nameid.p, reinterpret_cast<const std::uint8_t *>(streamName),
                                                    std::strlen(streamName), &s.p, &e) != 1 ||
            !s.p) {
            drop(e);
            return {};
        }
        std::string problem;
        auto data = readStream(s.p, 16u << 20, problem);
        if (!problem.empty())
            m_sink.addError(m_input.objectId, m_input.path + "/__nameid_version1.0", std::nullopt, problem,
                            casestore::ErrorSeverity::Warning);
        return data.value_or(std::vector<std::uint8_t>());
    };
    const auto guids = stream("__substg1.0_00020102");
    const auto entries = stream("__substg1.0_00030102");
    for (std::size_t off = 0; off + 8 <= entries.size(); off += 8) {
        const std::uint32_t nameOrOffset = le32(&entries[off]);
        const std::uint16_t indexKind = le16(&entries[off + 4]);
        const std::uint16_t propIndex = le16(&entries[off + 6]);
        if (indexKind & 1)
            continue;  // string-named: none of the fields we read are
        const std::uint16_t guidIndex = indexKind >> 1;
        if (guidIndex < 3)
            continue;  // PS_MAPI / PS_PUBLIC_STRINGS
        const std::size_t g = std::size_t(guidIndex - 3) * 16;
        if (g + 16 > guids.size())
            continue;  // a hostile index past the GUID stream
        static const std::uint8_t tail[12] = {0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
        if (std::memcmp(&guids[g + 4], tail, sizeof(tail)) != 0)
            continue;
        const std::uint32_t data1 = le32(&guids[g]);
        m_named[std::uint64_t(data1) << 32 | nameOrOffset] = static_cast<std::uint16_t>(0x8000 + propIndex);
    }
}

void MsgReader::storeMessage(libolecf_item_t *storage, Placement placement, int depth, bool top) {
    std::vector<std::pair<std::string, OleItem>> storages;
    MsgProperties props(m_named, {});
    props.load(storage, top ? 32 : 24, storages, kMaxStreamBytes);
    // String8 properties are in the message's code page.
    if (auto cp = props.integer(mapi::kMessageCodepage); cp && *cp > 0)
        props.setCharset(ItemBuilder::charsetForCodepage(*cp));
    else if (auto icp = props.integer(mapi::kInternetCodepage); icp && *icp > 0)
        props.setCharset(ItemBuilder::charsetForCodepage(*icp));
    OutlookItem item;
    ItemBuilder::fill(props, item);
    std::sort(storages.begin(), storages.end(), [](const auto &a, const auto &b) { return a.first < b.first; });

    struct Attach {
        libolecf_item_t *storage;
        std::string name;
    };
    std::vector<Attach> attachments;
    for (auto &[name, sub] : storages) {
        if (name.starts_with("__recip_version1.0_")) {
            std::vector<std::pair<std::string, OleItem>> none;
            MsgProperties row(m_named, {});
            row.load(sub.p, 8, none, 1u << 20);
            item.recipients.push_back(ItemBuilder::recipient(row));
            for (auto &p : row.problems)
                props.problems.push_back(name + ": " + p);
        } else if (name.starts_with("__attach_version1.0_")) {
            attachments.push_back({sub.p, name});
        }
    }
    // First pass over attachments only to count them (the object's counts
    // are written with it); the data is read in the second pass.
    std::vector<std::pair<OutlookAttachment, bool>> metas;
    for (auto &a : attachments) {
        std::vector<std::pair<std::string, OleItem>> subs;
        MsgProperties ap(m_named, {});
        ap.load(a.storage, 8, subs, 4096);  // small streams only: metadata, not the data
        (void)subs;
        metas.emplace_back(ItemBuilder::attachment(ap), false);
    }
    for (auto &[meta, embedded] : metas) {
        embedded = meta.method == mapi::kAttachEmbeddedMsg;
        embedded ? ++item.embeddedMessageCount : ++item.attachmentCount;
    }
    for (const auto &p : props.problems)
        m_sink.addError(placement.containerId, placement.path, std::nullopt, p, casestore::ErrorSeverity::Warning);
    OutlookEmitter::Stored stored = m_emitter.store(item, placement);

    for (std::size_t i = 0; i < attachments.size() && !m_ctx.stop.stop_requested(); ++i) {
        std::vector<std::pair<std::string, OleItem>> subs;
        MsgProperties ap(m_named, {});
        ap.load(attachments[i].storage, 8, subs, kMaxStreamBytes);
        OutlookAttachment meta = ItemBuilder::attachment(ap);
        for (const auto &p : ap.problems)
            m_sink.addError(placement.containerId, placement.path + "/" + attachments[i].name, std::nullopt, p,
                            casestore::ErrorSeverity::Warning);
        if (libolecf_item_t *inner = findStorage(subs, "__substg1.0_3701000D");
            inner && meta.method == mapi::kAttachEmbeddedMsg) {
            Placement p = m_emitter.embeddedPlacement(stored, meta);
            if (depth + 1 > kMaxMessageDepth) {
                m_sink.addError(placement.containerId, p.path, std::nullopt,
                                "attached messages nested too deep: not expanded", casestore::ErrorSeverity::Warning);
                continue;
            }
            p.attributes.push_back(Attribute::ofText("outlook_source", "msg"));
            storeMessage(inner, std::move(p), depth + 1, false);
            continue;
        }
        if (libolecf_item_t *ole = findStorage(subs, "__substg1.0_3701000D"); ole && !ap.binary(mapi::kAttachData)) {
            // An OLE object attachment: its storage is the content; record it without bytes.
            m_sink.addError(placement.containerId, placement.path + "/" + attachments[i].name, std::nullopt,
                            "OLE-object attachment (method " + std::to_string(meta.method) +
                                ") stored as a storage: its bytes are not extracted",
                            casestore::ErrorSeverity::Warning);
        }
        const auto data = ap.binary(mapi::kAttachData).value_or(std::vector<std::uint8_t>());
        m_emitter.attachment(stored, meta, data);
    }
    m_emitter.finish(stored);
}

Result<void> MsgReader::run() {
    libolecf_error_t *e = nullptr;
    libolecf_file_t *file = nullptr;
    if (libolecf_file_initialize(&file, &e) != 1)
        return Error{ErrorCode::Internal, error(e, "libolecf_file_initialize")};
    if (libolecf_file_open(file, m_input.localPath.c_str(), LIBOLECF_ACCESS_FLAG_READ, &e) != 1) {
        const std::string message = error(e, "libolecf: not a readable compound file");
        libolecf_file_free(&file, nullptr);
        m_sink.setCounts({m_input.objectId, 1, 0, 1});
        return Error{ErrorCode::InvalidInput, message};
    }
    struct Closer {
        libolecf_file_t *&f;
        ~Closer() {
            libolecf_file_close(f, nullptr);
            libolecf_file_free(&f, nullptr);
        }
    } closer{file};
    OleItem root;
    if (libolecf_file_get_root_item(file, &root.p, &e) != 1 || !root.p) {
        m_sink.setCounts({m_input.objectId, 1, 0, 1});
        return Error{ErrorCode::InvalidInput, error(e, "libolecf: no root storage")};
    }
    readNameMap(root.p);
    Placement placement;
    placement.parentId = m_input.objectId;
    placement.containerId = m_input.objectId;
    placement.path = m_input.path + "#1";
    placement.attributes.push_back(Attribute::ofText("outlook_source", "msg"));
    storeMessage(root.p, std::move(placement), 0, true);
    m_sink.setCounts({m_input.objectId, 1, 1, 0});
    return {};
}

}  // namespace harrier::parsers::outlook
