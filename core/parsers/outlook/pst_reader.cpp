#include "parsers/outlook/pst_reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

#include "parsers/mail/gmime_util.h"
#include "parsers/outlook/item_builder.h"
#include "parsers/outlook/mapi_tags.h"
#include "parsers/outlook/pff_file.h"
#include "parsers/outlook/pst_recovery_scan.h"
#include "parsers/support/libyal_error.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::outlook {

using casestore::Attribute;
using casestore::ObjectId;

/// Owns a libpff item; freed as soon as it goes out of scope so a PST of
/// tens of GB never holds more than the current item chain.
struct PffItem {
    libpff_item_t *p = nullptr;
    PffItem() = default;
    PffItem(const PffItem &) = delete;
    PffItem &operator=(const PffItem &) = delete;
    PffItem(PffItem &&o) noexcept : p(std::exchange(o.p, nullptr)) {}
    PffItem &operator=(PffItem &&) = delete;
    ~PffItem() { reset(); }
    void reset() {
        if (p)
            libpff_item_free(&p, nullptr);
        p = nullptr;
    }
};

namespace {

constexpr std::uint8_t kAnyType = LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE;
constexpr std::size_t kMaxProperty = 64u << 20;

void drop(libpff_error_t *&e) {
    if (e)
        libpff_error_free(&e);
    e = nullptr;
}

/// An attachment's data read through libpff in the pipeline's chunks. A read
/// failure fails the item (the pipeline records it with what was read).
class PffAttachmentStream final : public ingest::ByteStream {
public:
    PffAttachmentStream(libpff_item_t *attachment, std::uint64_t size, std::string where)
        : m_attachment(attachment), m_left(size), m_where(std::move(where)) {}
    Result<std::size_t> read(std::span<std::uint8_t> buf) override {
        if (m_left == 0 || buf.empty())
            return std::size_t{0};
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), m_left));
        libpff_error_t *e = nullptr;
        const ssize_t n = libpff_attachment_data_read_buffer(m_attachment, buf.data(), want, &e);
        if (n < 0)
            return Error{ErrorCode::Io, support::takeLibyalError(e, "libpff: attachment data read failed in " + m_where,
                                                                 libpff_error_backtrace_sprint, libpff_error_free)};
        m_left -= static_cast<std::uint64_t>(n);
        if (n == 0)
            m_left = 0;  // shorter than its declared size: end here
        return static_cast<std::size_t>(n);
    }

private:
    libpff_item_t *m_attachment;
    std::uint64_t m_left;
    std::string m_where;
};

/// One record set of a libpff item (a message, a recipient row, an attachment).
class PffProperties final : public PropertySource {
public:
    PffProperties(libpff_item_t *item, int set) {
        libpff_error_t *e = nullptr;
        if (libpff_item_get_record_set_by_index(item, set, &m_set, &e) != 1)
            m_set = nullptr;
        drop(e);
    }
    ~PffProperties() override {
        if (m_set)
            libpff_record_set_free(&m_set, nullptr);
    }
    PffProperties(const PffProperties &) = delete;
    PffProperties &operator=(const PffProperties &) = delete;

    std::optional<std::string> string(std::uint32_t id) override {
        Entry entry(m_set, id);
        libpff_error_t *e = nullptr;
        std::size_t size = 0;
        if (!entry.p || libpff_record_entry_get_data_as_utf8_string_size(entry.p, &size, &e) != 1 || size == 0 ||
            size > kMaxProperty) {
            drop(e);
            return std::nullopt;
        }
        std::string s(size, '\0');
        if (libpff_record_entry_get_data_as_utf8_string(entry.p, reinterpret_cast<std::uint8_t *>(s.data()), size, &e) != 1) {
            drop(e);
            return std::nullopt;
        }
        s.resize(std::strlen(s.c_str()));
        return mail::sanitizeUtf8(s);
    }
    std::optional<std::vector<std::uint8_t>> binary(std::uint32_t id) override {
        Entry entry(m_set, id);
        libpff_error_t *e = nullptr;
        std::size_t size = 0;
        if (!entry.p || libpff_record_entry_get_data_size(entry.p, &size, &e) != 1 || size == 0 || size > kMaxProperty) {
            drop(e);
            return std::nullopt;
        }
        std::vector<std::uint8_t> data(size);
        if (libpff_record_entry_get_data(entry.p, data.data(), size, &e) != 1) {
            drop(e);
            return std::nullopt;
        }
        return data;
    }
    std::optional<std::int64_t> integer(std::uint32_t id) override {
        Entry entry(m_set, id);
        libpff_error_t *e = nullptr;
        std::uint32_t type = 0;
        if (!entry.p || libpff_record_entry_get_value_type(entry.p, &type, &e) != 1) {
            drop(e);
            return std::nullopt;
        }
        std::optional<std::int64_t> out;
        if (type == LIBPFF_VALUE_TYPE_INTEGER_32BIT_SIGNED) {
            std::uint32_t v = 0;
            if (libpff_record_entry_get_data_as_32bit_integer(entry.p, &v, &e) == 1)
                out = static_cast<std::int32_t>(v);
        } else if (type == LIBPFF_VALUE_TYPE_INTEGER_16BIT_SIGNED) {
            std::uint16_t v = 0;
            if (libpff_record_entry_get_data_as_16bit_integer(entry.p, &v, &e) == 1)
                out = static_cast<std::int16_t>(v);
        } else if (type == LIBPFF_VALUE_TYPE_BOOLEAN) {
            std::uint8_t v = 0;
            if (libpff_record_entry_get_data_as_boolean(entry.p, &v, &e) == 1)
                out = v;
        }
        drop(e);
        return out;
    }
    std::optional<UtcTime> time(std::uint32_t id) override {
        Entry entry(m_set, id);
        libpff_error_t *e = nullptr;
        std::uint64_t ft = 0;
        if (!entry.p || libpff_record_entry_get_data_as_filetime(entry.p, &ft, &e) != 1) {
            drop(e);
            return std::nullopt;
        }
        return support::filetime(ft);
    }

private:
    struct Entry {
        libpff_record_entry_t *p = nullptr;
        Entry(libpff_record_set_t *set, std::uint32_t id) {
            libpff_error_t *e = nullptr;
            // Named properties (>= 0x8000) are resolved by libpff through the name-to-id map.
            if (!set || libpff_record_set_get_entry_by_type(set, id, 0, &p, kAnyType, &e) != 1)
                p = nullptr;
            drop(e);
        }
        ~Entry() {
            if (p)
                libpff_record_entry_free(&p, nullptr);
        }
        Entry(const Entry &) = delete;
        Entry &operator=(const Entry &) = delete;
    };
    libpff_record_set_t *m_set = nullptr;
};

std::string folderName(libpff_item_t *folder) {
    std::size_t size = 0;
    libpff_error_t *e = nullptr;
    if (libpff_folder_get_utf8_name_size(folder, &size, &e) != 1 || size == 0 || size > 65536) {
        drop(e);
        return {};
    }
    std::string s(size, '\0');
    if (libpff_folder_get_utf8_name(folder, reinterpret_cast<std::uint8_t *>(s.data()), size, &e) != 1) {
        drop(e);
        return {};
    }
    s.resize(std::strlen(s.c_str()));
    for (char &c : s)
        if (c == '/')
            c = '_';  // a folder named "a/b" must not look like two levels
    return mail::sanitizeUtf8(s);
}

}  // namespace

bool PstReader::isMessageLike(std::uint8_t type) {
    switch (type) {
    case LIBPFF_ITEM_TYPE_FOLDER:
    case LIBPFF_ITEM_TYPE_ATTACHMENT:
    case LIBPFF_ITEM_TYPE_ATTACHMENTS:
    case LIBPFF_ITEM_TYPE_RECIPIENTS:
    case LIBPFF_ITEM_TYPE_SUB_ASSOCIATED_CONTENTS:
    case LIBPFF_ITEM_TYPE_SUB_FOLDERS:
    case LIBPFF_ITEM_TYPE_SUB_MESSAGES:
    case LIBPFF_ITEM_TYPE_UNDEFINED:
        return false;
    default:
        return true;
    }
}

std::string PstReader::error(libpff_error_t *&e, std::string_view what) {
    return support::takeLibyalError(e, what, libpff_error_backtrace_sprint, libpff_error_free);
}

void PstReader::progress(const std::string &where) {
    if (!m_ctx.progress)
        return;
    ProgressInfo info;
    info.stage = "ingest";
    info.currentItem = m_input.path + "#" + where;
    info.items = m_stored;
    m_ctx.progress->onProgress(info);
}

ObjectId PstReader::folderObject(ObjectId parentId, const std::string &name, const std::string &folderPath,
                                 std::vector<Attribute> attributes) {
    casestore::ObjectRecord rec;
    rec.id = m_sink.newObjectId();
    rec.parentId = parentId;
    rec.kind = "mail_folder";
    rec.name = name.empty() ? "(root)" : name;
    rec.path = m_input.path + "#" + (folderPath.empty() ? "/" : folderPath);
    rec.attributes = std::move(attributes);
    rec.attributes.insert(rec.attributes.begin(), Attribute::ofText("folder_path", folderPath.empty() ? "/" : folderPath));
    const ObjectId id = rec.id;
    m_sink.addObject(std::move(rec));
    return id;
}

ObjectId PstReader::storeInfo(libpff_file_t *file) {
    libpff_error_t *e = nullptr;
    casestore::ObjectRecord rec;
    rec.id = m_sink.newObjectId();
    rec.parentId = m_input.objectId;
    rec.kind = "mail_store";
    rec.path = m_input.path + "#";
    auto &attrs = rec.attributes;
    std::uint8_t contentType = 0, fileType = 0, encryption = 0;
    if (libpff_file_get_content_type(file, &contentType, &e) == 1) {
        // libpff reads wMagicClient ("SM" PST, "SO" OST, "AB" PAB); the items
        // carry it too, so an OST's mail is labelled OST wherever it is listed.
        m_format = contentType == LIBPFF_FILE_CONTENT_TYPE_OST   ? "ost"
                   : contentType == LIBPFF_FILE_CONTENT_TYPE_PAB ? "pab"
                                                                 : "pst";
        attrs.push_back(Attribute::ofText("store_format", m_format));
    }
    drop(e);
    if (libpff_file_get_type(file, &fileType, &e) == 1)
        attrs.push_back(Attribute::ofText("store_encoding", fileType == LIBPFF_FILE_TYPE_32BIT ? "ansi (32-bit)"
                                                            : fileType == LIBPFF_FILE_TYPE_64BIT_4K_PAGE
                                                                ? "unicode (64-bit, 4k pages)"
                                                                : "unicode (64-bit)"));
    drop(e);
    if (libpff_file_get_encryption_type(file, &encryption, &e) == 1)
        attrs.push_back(Attribute::ofText("store_encryption", encryption == LIBPFF_ENCRYPTION_TYPE_NONE ? "none"
                                                              : encryption == LIBPFF_ENCRYPTION_TYPE_HIGH
                                                                  ? "high"
                                                                  : "compressible"));
    drop(e);
    if (libpff_file_is_corrupted(file, &e) == 1) {
        attrs.push_back(Attribute::ofInt("corrupted", 1));
        m_sink.addError(m_input.objectId, m_input.path, std::nullopt, "libpff reports the file as corrupted",
                        casestore::ErrorSeverity::Warning);
    }
    drop(e);
    PffItem store;
    std::string name;
    if (libpff_file_get_message_store(file, &store.p, &e) == 1 && store.p) {
        PffProperties props(store.p, 0);
        name = props.string(mapi::kDisplayName).value_or("");
        // The PST "password" is a CRC-32 in the store, not encryption: the
        // content reads without it, but an analyst should know it was set.
        const auto crc = props.integer(mapi::kPstPassword);
        if (crc && *crc != 0) {
            attrs.push_back(Attribute::ofInt("password_protected", 1));
            attrs.push_back(Attribute::ofText("password_crc32", support::hex32(static_cast<std::uint32_t>(*crc))));
            m_sink.addError(m_input.objectId, m_input.path, std::nullopt,
                            "PST is password-protected (CRC-32 " + support::hex32(static_cast<std::uint32_t>(*crc)) +
                                "); read without the password",
                            casestore::ErrorSeverity::Warning);
        }
    } else {
        m_sink.addError(m_input.objectId, m_input.path, std::nullopt, error(e, "libpff: no message store"),
                        casestore::ErrorSeverity::Warning);
    }
    rec.name = name.empty() ? m_input.name : name;
    if (!name.empty())
        attrs.push_back(Attribute::ofText("display_name", name));
    const ObjectId id = rec.id;
    m_sink.addObject(std::move(rec));
    return id;
}

void PstReader::storeAttachments(libpff_item_t *message, std::vector<PffItem> &opened,
                                 OutlookEmitter::Stored &stored, int depth) {
    libpff_error_t *e = nullptr;
    const int count = static_cast<int>(opened.size());
    for (int i = 0; i < count && !m_ctx.stop.stop_requested(); ++i) {
        PffItem att(std::move(opened[static_cast<std::size_t>(i)]));
        if (!att.p && (libpff_message_get_attachment(message, i, &att.p, &e) != 1 || !att.p)) {
            m_sink.addError(stored.containerId, stored.path, std::nullopt,
                            error(e, "libpff: attachment " + std::to_string(i + 1) + " unreadable"));
            continue;
        }
        PffProperties props(att.p, 0);
        OutlookAttachment meta = ItemBuilder::attachment(props);
        int type = 0;
        if (libpff_attachment_get_type(att.p, &type, &e) != 1) {
            drop(e);
            type = 0;
        }
        if (type == LIBPFF_ATTACHMENT_TYPE_ITEM) {
            PffItem inner;
            Placement p = m_emitter.embeddedPlacement(stored, meta);
            if (depth + 1 > kMaxMessageDepth) {
                m_sink.addError(stored.containerId, p.path, std::nullopt, "attached messages nested too deep: not expanded",
                                casestore::ErrorSeverity::Warning);
                continue;
            }
            if (libpff_attachment_get_item(att.p, &inner.p, &e) != 1 || !inner.p) {
                m_sink.addError(stored.containerId, p.path, std::nullopt, error(e, "libpff: attached message unreadable"));
                continue;
            }
            p.attributes.push_back(Attribute::ofText("outlook_source", m_format));
            storeItem(inner.p, std::move(p), false, depth + 1);
            continue;
        }
        std::vector<std::uint8_t> data;
        if (type == LIBPFF_ATTACHMENT_TYPE_DATA) {
            size64_t size = 0;
            if (libpff_attachment_get_data_size(att.p, &size, &e) != 1) {
                drop(e);
                size = 0;
            }
            const std::string where = stored.path + "/" + meta.filename;
            if (size > m_streamAbove) {
                // Chunks straight from libpff into the pipeline: memory stays
                // bounded whatever the attachment's size.
                PffAttachmentStream stream(att.p, size, where);
                m_emitter.attachmentStream(stored, meta, stream);
                continue;
            }
            data.resize(static_cast<std::size_t>(size));
            std::size_t got = 0;
            while (got < data.size()) {
                const ssize_t n = libpff_attachment_data_read_buffer(att.p, data.data() + got, data.size() - got, &e);
                if (n <= 0) {
                    if (n < 0)
                        m_sink.addError(stored.containerId, where, std::nullopt,
                                        error(e, "libpff: attachment data read failed after " + std::to_string(got) +
                                                     " bytes"));
                    break;
                }
                got += static_cast<std::size_t>(n);
            }
            data.resize(got);
        }
        m_emitter.attachment(stored, meta, data);
    }
}

bool PstReader::storeItem(libpff_item_t *item, Placement placement, bool recovered, int depth) {
    libpff_error_t *e = nullptr;
    OutlookItem out;
    PffProperties props(item, 0);
    ItemBuilder::fill(props, out);
    out.recovered = recovered;
    for (const auto &problem : props.problems)
        m_sink.addError(placement.containerId, placement.path, std::nullopt, problem, casestore::ErrorSeverity::Warning);
    std::uint32_t identifier = 0;
    if (libpff_item_get_identifier(item, &identifier, &e) == 1)
        placement.attributes.push_back(Attribute::ofInt("pst_identifier", identifier));
    drop(e);
    // Recipients: one record set per row of the recipient table.
    PffItem recipients;
    if (libpff_message_get_recipients(item, &recipients.p, &e) == 1 && recipients.p) {
        int rows = 0;
        if (libpff_item_get_number_of_record_sets(recipients.p, &rows, &e) == 1)
            for (int r = 0; r < rows && r < 100000; ++r) {
                PffProperties row(recipients.p, r);
                out.recipients.push_back(ItemBuilder::recipient(row));
            }
        drop(e);
    }
    drop(e);
    // The counts go into the message's record, which is written before its
    // attachments; each libpff_message_get_attachment makes a new item that
    // reads the attachment's table again (named properties and all), so the
    // attachments opened for counting are kept for storing, up to
    // m_keepOpenBytes of attachment data (an open attachment may hold its
    // data's values in libpff); past that they are opened again, as before.
    int attachments = 0;
    std::vector<PffItem> opened;
    if (libpff_message_get_number_of_attachments(item, &attachments, &e) == 1 && attachments > 0) {
        opened.reserve(static_cast<std::size_t>(attachments));
        std::uint64_t kept = 0;
        for (int i = 0; i < attachments; ++i) {
            PffItem att;
            int type = 0;
            if (libpff_message_get_attachment(item, i, &att.p, &e) == 1 && att.p &&
                libpff_attachment_get_type(att.p, &type, &e) == 1 && type == LIBPFF_ATTACHMENT_TYPE_ITEM)
                ++out.embeddedMessageCount;
            else
                ++out.attachmentCount;
            drop(e);
            size64_t size = 0;
            if (att.p && type == LIBPFF_ATTACHMENT_TYPE_DATA && libpff_attachment_get_data_size(att.p, &size, &e) != 1)
                drop(e);
            // Bounded by count too: embedded messages (and attachments whose
            // size libpff cannot tell) count 0 bytes but hold tables open.
            if (kept + size > m_keepOpenBytes || opened.size() >= kMaxKeptOpen)
                att.reset();
            else
                kept += size;
            opened.push_back(std::move(att));
        }
    }
    drop(e);
    OutlookEmitter::Stored stored = m_emitter.store(out, placement);
    ++m_stored;
    storeAttachments(item, opened, stored, depth);
    m_emitter.finish(stored);
    return true;
}

void PstReader::walkFolder(libpff_item_t *folder, const std::string &folderPath, ObjectId parentId, int depth) {
    libpff_error_t *e = nullptr;
    if (depth > kMaxFolderDepth) {
        m_sink.addError(m_input.objectId, folderPath, std::nullopt, "folder tree deeper than 256 levels: rest skipped");
        return;
    }
    int messages = 0, subfolders = 0, associated = 0;
    if (libpff_folder_get_number_of_sub_messages(folder, &messages, &e) != 1) {
        m_sink.addError(m_input.objectId, folderPath, std::nullopt, error(e, "libpff: sub-message count unreadable"));
        messages = 0;
    }
    if (libpff_folder_get_number_of_sub_folders(folder, &subfolders, &e) != 1) {
        m_sink.addError(m_input.objectId, folderPath, std::nullopt, error(e, "libpff: sub-folder count unreadable"));
        subfolders = 0;
    }
    if (libpff_folder_get_number_of_sub_associated_contents(folder, &associated, &e) != 1) {
        drop(e);
        associated = 0;
    }
    const std::string name = folderPath.substr(folderPath.rfind('/') + 1);
    const ObjectId folderId =
        folderObject(parentId, name, folderPath,
                     {Attribute::ofInt("item_count", messages), Attribute::ofInt("subfolder_count", subfolders),
                      Attribute::ofInt("associated_item_count", associated)});
    progress(folderPath.empty() ? "/" : folderPath);
    casestore::ContainerCounts counts;
    counts.containerId = folderId;
    counts.seen = static_cast<std::uint64_t>(std::max(messages, 0));
    for (int i = 0; i < messages; ++i) {
        if (m_ctx.stop.stop_requested()) {
            counts.seen = counts.stored + counts.failed;  // stop keeps what is done
            break;
        }
        const std::string path = m_input.path + "#" + folderPath + "/" + std::to_string(i + 1);
        PffItem item;
        if (libpff_folder_get_sub_message(folder, i, &item.p, &e) != 1 || !item.p) {
            m_sink.addError(folderId, path, std::nullopt, error(e, "libpff: item unreadable"));
            ++counts.failed;
            continue;
        }
        Placement placement;
        placement.parentId = folderId;
        placement.containerId = folderId;
        placement.path = path;
        placement.attributes = {Attribute::ofText("folder_path", folderPath.empty() ? "/" : folderPath),
                                Attribute::ofText("outlook_source", m_format)};
        try {
            if (storeItem(item.p, std::move(placement), false, 0))
                ++counts.stored;
            else
                ++counts.failed;
        } catch (const std::exception &ex) {
            m_sink.addError(folderId, path, std::nullopt, std::string("item failed: ") + ex.what());
            ++counts.failed;
        }
    }
    m_sink.setCounts(counts);
    for (int i = 0; i < subfolders && !m_ctx.stop.stop_requested(); ++i) {
        PffItem sub;
        if (libpff_folder_get_sub_folder(folder, i, &sub.p, &e) != 1 || !sub.p) {
            m_sink.addError(folderId, folderPath + "/#" + std::to_string(i + 1), std::nullopt,
                            error(e, "libpff: sub-folder unreadable"));
            continue;
        }
        std::string subName = folderName(sub.p);
        if (subName.empty()) {
            // pffexport's name for an unnamed folder, so paths line up with it.
            char buf[32];
            std::snprintf(buf, sizeof(buf), "Folder%05d", i + 1);
            subName = buf;
        }
        walkFolder(sub.p, folderPath + "/" + subName, folderId, depth + 1);
    }
}

void PstReader::storeLooseItems(libpff_file_t *file, bool recovered, ObjectId parentId, const PstRecoveryScan *skip) {
    libpff_error_t *e = nullptr;
    int count = 0;
    const int rc = recovered ? libpff_file_get_number_of_recovered_items(file, &count, &e)
                             : libpff_file_get_number_of_orphan_items(file, &count, &e);
    if (rc != 1 || count <= 0) {
        drop(e);
        return;
    }
    const std::string folderPath = recovered ? "/(recovered)" : "/(orphan)";
    progress(folderPath);
    casestore::ContainerCounts counts;
    ObjectId folderId = 0;
    for (int i = 0; i < count && !m_ctx.stop.stop_requested(); ++i) {
        if (folderId == 0)
            folderId = folderObject(parentId, folderPath.substr(1), folderPath,
                                    {Attribute::ofInt(recovered ? "recovered" : "orphan", 1)});
        if (skip && skip->skippable(i))
            continue;  // read on the scan's thread: a folder or table, as below
        PffItem item;
        const int got = recovered ? libpff_file_get_recovered_item_by_index(file, i, &item.p, &e)
                                  : libpff_file_get_orphan_item_by_index(file, i, &item.p, &e);
        const std::string path = m_input.path + "#" + folderPath + "/" + std::to_string(i + 1);
        std::uint8_t type = 0;
        if (got != 1 || !item.p) {
            m_sink.addError(folderId, path, std::nullopt, error(e, "libpff: recovered item unreadable"),
                            casestore::ErrorSeverity::Warning);
            ++counts.seen;
            ++counts.failed;
            continue;
        }
        if (libpff_item_get_type(item.p, &type, &e) != 1) {
            drop(e);
            type = LIBPFF_ITEM_TYPE_UNDEFINED;
        }
        if (!isMessageLike(type))
            continue;  // recovered folders and tables are structure, not items
        ++counts.seen;
        Placement placement;
        placement.parentId = folderId;
        placement.containerId = folderId;
        placement.path = path;
        placement.attributes = {Attribute::ofText("folder_path", folderPath), Attribute::ofText("outlook_source", m_format)};
        try {
            storeItem(item.p, std::move(placement), true, 0) ? ++counts.stored : ++counts.failed;
        } catch (const std::exception &ex) {
            m_sink.addError(folderId, path, std::nullopt, std::string("recovered item failed: ") + ex.what());
            ++counts.failed;
        }
    }
    if (folderId != 0) {
        counts.containerId = folderId;
        m_sink.setCounts(counts);
    }
}

Result<void> PstReader::run() {
    libpff_error_t *e = nullptr;
    // Both handles read a small PST from one copy in memory (pff_file.h).
    const PstBytes bytes = loadPstBytes(m_input.localPath, m_inMemoryUpTo);
    PffFile pff;
    if (const int rc = pff.open(m_input.localPath, bytes, &e); rc != 1) {
        if (rc == PffFile::kInitializeFailed)
            return Error{ErrorCode::Internal, error(e, "libpff_file_initialize")};
        return Error{ErrorCode::InvalidInput, error(e, "libpff: cannot open as PST/OST")};
    }
    libpff_file_t *file = pff.get();
    // The recovery scan starts now on its own handle and thread (see
    // PstRecoveryScan); its items are stored after the tree as before.
    PstRecoveryScan recovery(m_input.localPath, bytes, m_ctx.stop, isMessageLike);
    const ObjectId storeId = storeInfo(file);
    PffItem root;
    if (libpff_file_get_root_folder(file, &root.p, &e) == 1 && root.p) {
        walkFolder(root.p, "", storeId, 0);
    } else {
        m_sink.addError(m_input.objectId, m_input.path, std::nullopt, error(e, "libpff: no root folder"));
    }
    if (m_ctx.stop.stop_requested())
        return {};
    storeLooseItems(file, false, storeId);
    // Recovery scans the whole file for deleted item descriptors; its items
    // are stored after the tree so a stop during it still leaves every live
    // item stored. Without a second handle it runs here, on the first.
    libpff_file_t *recovered = recovery.file() ? recovery.file() : file;
    const int scanned = recovery.file() ? recovery.wait(e) : libpff_file_recover_items(file, 0, &e);
    if (m_ctx.stop.stop_requested())
        drop(e);
    else if (scanned == 1)
        storeLooseItems(recovered, true, storeId, recovery.file() ? &recovery : nullptr);
    else
        m_sink.addError(m_input.objectId, m_input.path, std::nullopt, error(e, "libpff: item recovery failed"),
                        casestore::ErrorSeverity::Warning);
    return {};
}

}  // namespace harrier::parsers::outlook
