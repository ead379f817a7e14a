#include "mail_floor.h"

#include <fcntl.h>
#include <idn2.h>
#include <libpsl.h>
#include <magic.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/hashing.h"
#include "parsers/mail/gmime_util.h"

namespace {

constexpr const char *kLeanPragmas =
    "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;";
constexpr const char *kRequiredPragmas =
    "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;";
constexpr const char *kSchema = R"SQL(
CREATE TABLE messages(id INTEGER PRIMARY KEY, parent INTEGER, offset INTEGER, raw_sha256 BLOB, headers TEXT,
                      body_text TEXT, body_html TEXT);
CREATE TABLE attachments(message_id INTEGER, type TEXT, size INTEGER, md5 BLOB, sha1 BLOB, sha256 BLOB);
CREATE TABLE blobs(sha256 BLOB PRIMARY KEY, data BLOB);
CREATE TABLE events(message_id INTEGER, time INTEGER, kind TEXT);
CREATE TABLE observables(id INTEGER PRIMARY KEY, kind TEXT, value TEXT, UNIQUE(kind, value));
CREATE TABLE message_observables(message_id INTEGER, observable_id INTEGER,
                                 PRIMARY KEY(message_id, observable_id)) WITHOUT ROWID;
)SQL";

// zstd over a reused context; `level` 0 leaves the bytes as they are.
class Compressor {
public:
    explicit Compressor(int level) : m_level(level), m_ctx(level != 0 ? ZSTD_createCCtx() : nullptr) {}
    ~Compressor() { ZSTD_freeCCtx(m_ctx); }
    Compressor(const Compressor &) = delete;
    Compressor &operator=(const Compressor &) = delete;

    // The bytes to store: `data` itself, or its compressed frame.
    std::string_view operator()(const void *data, std::size_t size) {
        if (!m_ctx)
            return {static_cast<const char *>(data), size};
        m_out.resize(std::max(m_out.size(), ZSTD_compressBound(size)));
        const std::size_t n = ZSTD_compressCCtx(m_ctx, m_out.data(), m_out.size(), data, size, m_level);
        if (ZSTD_isError(n))
            return {static_cast<const char *>(data), size};
        return {m_out.data(), n};
    }

private:
    int m_level;
    ZSTD_CCtx *m_ctx;
    std::vector<char> m_out;
};

struct MappedFile {
    explicit MappedFile(const char *path) {
        if (!path)
            return;
        const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        struct stat st {};
        if (fd < 0 || ::fstat(fd, &st) != 0 || st.st_size == 0) {
            if (fd >= 0)
                ::close(fd);
            return;
        }
        void *p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);
        if (p == MAP_FAILED)
            return;
        data = static_cast<const char *>(p);
        size = static_cast<std::size_t>(st.st_size);
    }
    ~MappedFile() {
        if (data)
            ::munmap(const_cast<char *>(data), size);
    }
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    const char *data = nullptr;
    std::size_t size = 0;
};

class Floor {
public:
    Floor(sqlite3 *db, Compressor &compress)
        : m_db(db), m_magic(magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)), m_compress(compress) {
        magic_load(m_magic, nullptr);
        m_insMessage = prepare("INSERT INTO messages VALUES (?,?,?,?,?,?,?)");
        m_insAttachment = prepare("INSERT INTO attachments VALUES (?,?,?,?,?,?)");
        m_insBlob = prepare("INSERT INTO blobs VALUES (?,?)");
        m_insEvent = prepare("INSERT INTO events VALUES (?,?,?)");
        m_insObservable = prepare("INSERT INTO observables(kind, value) VALUES (?,?)");
        m_insLink = prepare("INSERT INTO message_observables VALUES (?,?)");
    }
    ~Floor() {
        for (sqlite3_stmt *st : {m_insMessage, m_insAttachment, m_insBlob, m_insEvent, m_insObservable, m_insLink})
            sqlite3_finalize(st);
        magic_close(m_magic);
    }
    Floor(const Floor &) = delete;
    Floor &operator=(const Floor &) = delete;

    std::int64_t messages() const { return m_nextId - 1; }

    /// `raw`: the message's bytes in the mbox, kept as a blob; empty with
    /// lean storage.
    void topMessage(GMimeMessage *msg, gint64 offset, std::string_view raw) {
        const std::int64_t id = m_nextId++;
        const std::string rawKey = raw.empty() ? std::string() : blob(raw.data(), raw.size());
        std::string headers, text, html;
        facts(msg, id, headers);
        GMimePartIter *iter = g_mime_part_iter_new(GMIME_OBJECT(msg));
        if (g_mime_part_iter_is_valid(iter))
            do
                part(g_mime_part_iter_get_current(iter), id, text, html);
            while (g_mime_part_iter_next(iter));
        g_mime_part_iter_free(iter);
        insertMessage(id, 0, offset, rawKey, headers, text, html);
    }

private:
    sqlite3_stmt *prepare(const char *sql) {
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(m_db, sql, -1, &st, nullptr);
        return st;
    }
    static void run(sqlite3_stmt *st) {
        sqlite3_step(st);
        sqlite3_reset(st);
    }

    void insertMessage(std::int64_t id, std::int64_t parent, gint64 offset, const std::string &rawKey,
                       const std::string &headers, const std::string &text, const std::string &html) {
        sqlite3_bind_int64(m_insMessage, 1, id);
        sqlite3_bind_int64(m_insMessage, 2, parent);
        sqlite3_bind_int64(m_insMessage, 3, offset);
        sqlite3_bind_blob(m_insMessage, 4, rawKey.data(), static_cast<int>(rawKey.size()), SQLITE_STATIC);
        sqlite3_bind_text(m_insMessage, 5, headers.data(), static_cast<int>(headers.size()), SQLITE_STATIC);
        sqlite3_bind_text(m_insMessage, 6, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
        sqlite3_bind_text(m_insMessage, 7, html.data(), static_cast<int>(html.size()), SQLITE_STATIC);
        run(m_insMessage);
    }

    // Headers raw and decoded, addresses, observables and events of one message.
    void facts(GMimeMessage *msg, std::int64_t id, std::string &headers) {
        m_linked.clear();
        GMimeHeaderList *list = g_mime_object_get_header_list(GMIME_OBJECT(msg));
        for (int i = 0, count = g_mime_header_list_get_count(list); i < count; ++i) {
            GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
            const char *name = g_mime_header_get_name(h);
            const char *raw = g_mime_header_get_raw_value(h), *value = g_mime_header_get_value(h);
            headers.append(g_mime_header_get_raw_name(h)).append(":").append(raw ? raw : "").append("\n");
            // The decoded value only where decoding changed more than the folding.
            char *unfolded = raw ? g_mime_utils_header_unfold(raw) : nullptr;
            if (value && (!unfolded || std::strcmp(unfolded, value) != 0))
                headers.append("=").append(value).append("\n");
            g_free(unfolded);
            if (!raw)
                continue;
            // GMime parsed From, Sender, Reply-To, To, Cc and Bcc with the message.
            if (g_ascii_strcasecmp(name, "Delivered-To") == 0 || g_ascii_strcasecmp(name, "Return-Path") == 0)
                addresses(internet_address_list_parse(nullptr, raw), id, true);
            if (value && g_ascii_strcasecmp(name, "Received") == 0)
                if (const char *semicolon = std::strrchr(value, ';'))
                    if (GDateTime *when = g_mime_utils_header_decode_date(semicolon + 1)) {
                        event(id, when, "received");
                        g_date_time_unref(when);
                    }
        }
        for (const GMimeAddressType type : {GMIME_ADDRESS_TYPE_SENDER, GMIME_ADDRESS_TYPE_FROM,
                                            GMIME_ADDRESS_TYPE_REPLY_TO, GMIME_ADDRESS_TYPE_TO, GMIME_ADDRESS_TYPE_CC,
                                            GMIME_ADDRESS_TYPE_BCC})
            addresses(g_mime_message_get_addresses(msg, type), id, false);
        if (GDateTime *sent = g_mime_message_get_date(msg))  // owned by the message
            event(id, sent, "sent");
    }

    // `owned`: the list is this call's to free (parsed here, not the message's).
    void addresses(InternetAddressList *list, std::int64_t id, bool owned) {
        if (!list)
            return;
        for (int i = 0, n = internet_address_list_length(list); i < n; ++i) {
            InternetAddress *ia = internet_address_list_get_address(list, i);
            if (INTERNET_ADDRESS_IS_GROUP(ia)) {
                addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), id, false);
                continue;
            }
            const char *mailbox = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
            std::string addr = mailbox ? mailbox : "";
            std::transform(addr.begin(), addr.end(), addr.begin(), g_ascii_tolower);
            link(id, observable("email", addr));
            if (const auto at = addr.rfind('@'); at != std::string::npos && at + 1 < addr.size())
                domain(addr.substr(at + 1), id);
        }
        if (owned)
            g_object_unref(list);
    }

    void domain(const std::string &name, std::int64_t id) {
        std::string unicode = name;
        if (name.find("xn--") != std::string::npos) {
            char *out = nullptr;
            if (idn2_to_unicode_8z8z(name.c_str(), &out, 0) == IDN2_OK && out)
                unicode = out;
            idn2_free(out);
        }
        link(id, observable("domain", unicode));
        if (const char *registrable = psl_registrable_domain(psl_builtin(), unicode.c_str()))
            link(id, observable("registrable_domain", registrable));
    }

    std::int64_t observable(const char *kind, const std::string &value) {
        std::string key = std::string(kind) + '\n' + value;
        if (auto it = m_observables.find(key); it != m_observables.end())
            return it->second;
        sqlite3_bind_text(m_insObservable, 1, kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(m_insObservable, 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
        run(m_insObservable);
        const std::int64_t obsId = sqlite3_last_insert_rowid(m_db);
        m_observables.emplace(std::move(key), obsId);
        return obsId;
    }

    void link(std::int64_t id, std::int64_t observableId) {
        if (!m_linked.insert(observableId).second)
            return;  // this message already links it
        sqlite3_bind_int64(m_insLink, 1, id);
        sqlite3_bind_int64(m_insLink, 2, observableId);
        run(m_insLink);
    }

    void event(std::int64_t id, GDateTime *when, const char *kind) {
        sqlite3_bind_int64(m_insEvent, 1, id);
        sqlite3_bind_int64(m_insEvent, 2, g_date_time_to_unix(when));
        sqlite3_bind_text(m_insEvent, 3, kind, -1, SQLITE_STATIC);
        run(m_insEvent);
    }

    void part(GMimeObject *cur, std::int64_t id, std::string &text, std::string &html) {
        if (GMIME_IS_MESSAGE_PART(cur)) {  // a child message: its own row and facts
            if (GMimeMessage *nested = g_mime_message_part_get_message(GMIME_MESSAGE_PART(cur))) {
                const std::int64_t childId = m_nextId++;
                std::string headers;
                facts(nested, childId, headers);
                insertMessage(childId, id, -1, {}, headers, {}, {});
            }
            return;
        }
        if (!GMIME_IS_PART(cur) || !g_mime_part_get_content(GMIME_PART(cur)))
            return;
        GMimeContentType *ct = g_mime_object_get_content_type(cur);
        GMimeStream *mem = g_mime_stream_mem_new();
        g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(cur)), mem);
        const GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
        if (GMIME_IS_TEXT_PART(cur) && !g_mime_part_is_attachment(GMIME_PART(cur))) {
            // A body: to UTF-8 as Harrier converts it (no iconv for text that
            // is already UTF-8, or 7-bit in an ASCII-superset charset).
            (g_mime_content_type_is_type(ct, "text", "html") ? html : text)
                .append(harrier::parsers::mail::toUtf8(
                    std::string_view(reinterpret_cast<const char *>(bytes->data), bytes->len),
                    g_mime_content_type_get_parameter(ct, "charset")));
        } else {
            attachment(id, bytes);
        }
        g_object_unref(mem);
    }

    // Its SHA-256, and the bytes stored (compressed as configured) the first
    // time that content is seen.
    std::string blob(const void *data, std::size_t size) {
        unsigned char sha256[EVP_MAX_MD_SIZE];
        unsigned int sha256Len = 0;
        EVP_Digest(data, size, sha256, &sha256Len, EVP_sha256(), nullptr);
        std::string key(reinterpret_cast<const char *>(sha256), sha256Len);
        if (m_blobs.insert(key).second) {
            const std::string_view stored = m_compress(data, size);
            sqlite3_bind_blob(m_insBlob, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
            sqlite3_bind_blob(m_insBlob, 2, stored.data(), static_cast<int>(stored.size()), SQLITE_STATIC);
            run(m_insBlob);
        }
        return key;
    }

    // Digests, type and blob once per distinct content (SHA-256 tells).
    void attachment(std::int64_t id, const GByteArray *bytes) {
        const std::string key = blob(bytes->data, bytes->len);
        auto known = m_known.find(key);
        if (known == m_known.end()) {
            Known k;
            const EVP_MD *types[2] = {EVP_md5(), EVP_sha1()};
            std::string *digests[2] = {&k.md5, &k.sha1};
            for (int i = 0; i < 2; ++i) {
                unsigned char md[EVP_MAX_MD_SIZE];
                unsigned int len = 0;
                EVP_Digest(bytes->data, bytes->len, md, &len, types[i], nullptr);
                digests[i]->assign(reinterpret_cast<const char *>(md), len);
            }
            const char *type = magic_buffer(m_magic, bytes->data, std::min<std::size_t>(bytes->len, 64 << 10));
            k.type = type ? type : "";
            known = m_known.emplace(key, std::move(k)).first;
        }
        const Known &k = known->second;
        sqlite3_bind_int64(m_insAttachment, 1, id);
        sqlite3_bind_text(m_insAttachment, 2, k.type.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_int64(m_insAttachment, 3, bytes->len);
        sqlite3_bind_blob(m_insAttachment, 4, k.md5.data(), static_cast<int>(k.md5.size()), SQLITE_STATIC);
        sqlite3_bind_blob(m_insAttachment, 5, k.sha1.data(), static_cast<int>(k.sha1.size()), SQLITE_STATIC);
        sqlite3_bind_blob(m_insAttachment, 6, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
        run(m_insAttachment);
    }

    sqlite3 *m_db;
    magic_t m_magic;
    Compressor &m_compress;
    sqlite3_stmt *m_insMessage = nullptr, *m_insAttachment = nullptr, *m_insBlob = nullptr, *m_insEvent = nullptr,
                 *m_insObservable = nullptr, *m_insLink = nullptr;
    std::unordered_map<std::string, std::int64_t> m_observables;  // kind '\n' value -> id
    struct Known {
        std::string md5, sha1, type;  ///< type: libmagic's
    };
    std::unordered_map<std::string, Known> m_known;               // by SHA-256
    std::unordered_set<std::string> m_blobs;                      // SHA-256s stored
    std::unordered_set<std::int64_t> m_linked;                    // observables the current message links
    std::int64_t m_nextId = 1;
};

}  // namespace

GMimeParser *openMboxParser(const char *mboxPath) {
    GMimeStream *stream = g_mime_stream_fs_open(mboxPath, O_RDONLY, 0, nullptr);
    if (!stream)
        return nullptr;
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);  // takes its own reference
    g_object_unref(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
    g_mime_parser_set_persist_stream(parser, TRUE);
    return parser;
}

int mailFloor(const char *mboxPath, const char *dbPath, FloorStorage storage) {
    // The evidence file's MD5, SHA-1 and SHA-256, as Harrier hashes every file.
    if (!harrier::hashFile(mboxPath))
        return 2;
    const bool required = storage == FloorStorage::Required;
    sqlite3 *db = nullptr;
    if (sqlite3_open(dbPath, &db) != SQLITE_OK ||
        sqlite3_exec(db, required ? kRequiredPragmas : kLeanPragmas, nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK)
        return 2;
    Compressor compress(required ? kFloorZstdLevel : 0);
    // The raw bytes of each message come from a map of the file.
    const MappedFile mapped(required ? mboxPath : nullptr);
    if (required && !mapped.data)
        return 2;
    // GMime set up as Harrier sets it up, common charset modules kept loaded:
    // the floor pays no more for charset conversion than Harrier does.
    harrier::parsers::mail::ensureGmime();
    GMimeParser *parser = openMboxParser(mboxPath);
    if (!parser)
        return 2;
    std::int64_t top = 0;
    {
        Floor floor(db, compress);
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        while (!g_mime_parser_eos(parser)) {
            const gint64 offset = g_mime_parser_tell(parser);
            GMimeMessage *msg = g_mime_parser_construct_message(parser, nullptr);
            if (!msg)
                break;
            const gint64 end = g_mime_parser_tell(parser);
            std::string_view raw;
            if (mapped.data && offset >= 0 && end >= offset && static_cast<std::size_t>(end) <= mapped.size)
                raw = std::string_view(mapped.data + offset, static_cast<std::size_t>(end - offset));
            floor.topMessage(msg, offset, raw);
            g_object_unref(msg);
            if (++top % 1000 == 0)
                sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr);
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        std::fprintf(stderr, "  floor loop: %lld messages, %lld with nested ones\n", static_cast<long long>(top),
                     static_cast<long long>(floor.messages()));
    }
    sqlite3_close(db);
    g_object_unref(parser);
    return 0;
}
