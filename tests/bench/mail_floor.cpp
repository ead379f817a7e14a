#include "mail_floor.h"

#include <arpa/inet.h>
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
#include "mail_floor_attachments.h"
#include "mail_floor_scans.h"
#include "parsers/mail/gmime_util.h"

namespace {

constexpr const char *kLeanPragmas =
    "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;";
constexpr const char *kRequiredPragmas =
    "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;";
constexpr const char *kSchema = R"SQL(
CREATE TABLE messages(id INTEGER PRIMARY KEY, parent INTEGER, offset INTEGER, length INTEGER, raw_sha256 BLOB,
                      date INTEGER, sender TEXT, subject TEXT, message_id TEXT, in_reply_to TEXT, refs TEXT,
                      headers TEXT, body_text TEXT, body_html TEXT);
CREATE TABLE attachments(message_id INTEGER, container BLOB, name TEXT, type TEXT, size INTEGER, md5 BLOB,
                         sha1 BLOB, sha256 BLOB, flags INTEGER);
CREATE TABLE blobs(sha256 BLOB PRIMARY KEY, data BLOB);
CREATE TABLE hops(message_id INTEGER, idx INTEGER, from_host TEXT, by_host TEXT, ip TEXT, protocol TEXT,
                  time INTEGER, delay INTEGER);
CREATE TABLE verdicts(message_id INTEGER, method TEXT, result TEXT, domain TEXT);
CREATE TABLE urls(message_id INTEGER, url TEXT, origin TEXT, anchor TEXT);
CREATE TABLE images(message_id INTEGER, src TEXT, width INTEGER, height INTEGER, hidden INTEGER);
CREATE TABLE events(id INTEGER PRIMARY KEY, message_id INTEGER, time INTEGER, kind TEXT, text_id INTEGER);
CREATE TABLE event_texts(id INTEGER PRIMARY KEY, text TEXT);
CREATE TABLE observables(id INTEGER PRIMARY KEY, kind TEXT, value TEXT, UNIQUE(kind, value));
CREATE TABLE message_observables(message_id INTEGER, observable_id INTEGER,
                                 PRIMARY KEY(message_id, observable_id)) WITHOUT ROWID;
)SQL";
// Built after the load, as the Foundation issue builds the timeline's: the
// events by time, by message and by kind, and the full-text index of their
// texts (one row per distinct text, as Harrier's event_messages).
constexpr const char *kTimelineIndexes = R"SQL(
CREATE INDEX events_time ON events(time, id);
CREATE INDEX events_message ON events(message_id);
CREATE INDEX events_kind ON events(kind, time);
CREATE VIRTUAL TABLE event_fts USING fts5(text, content='event_texts', content_rowid='id');
INSERT INTO event_fts(event_fts) VALUES ('rebuild');
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

std::string hex(const std::string &bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const unsigned char c : bytes)
        out.append({digits[c >> 4], digits[c & 15]});
    return out;
}

std::string lowered(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), g_ascii_tolower);
    return out;
}

bool isIp(const std::string &text) {
    unsigned char address[16];
    return inet_pton(AF_INET, text.c_str(), address) == 1 || inet_pton(AF_INET6, text.c_str(), address) == 1;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// libmagic types the ingest pipeline expands as archives.
bool isArchiveType(std::string_view type) {
    for (const std::string_view t : {"application/zip", "application/x-7z-compressed", "application/x-rar",
                                     "application/vnd.rar", "application/x-tar", "application/gzip",
                                     "application/x-bzip2", "application/x-xz"})
        if (type == t)
            return true;
    return false;
}

constexpr int kMaxNesting = 4;  // attachments inside archives or TNEF inside attachments

class Floor {
public:
    Floor(sqlite3 *db, Compressor &compress)
        : m_db(db), m_magic(magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)), m_compress(compress) {
        magic_load(m_magic, nullptr);
        m_insMessage = prepare("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        m_insAttachment = prepare("INSERT INTO attachments VALUES (?,?,?,?,?,?,?,?,?)");
        m_insBlob = prepare("INSERT INTO blobs VALUES (?,?)");
        m_insHop = prepare("INSERT INTO hops VALUES (?,?,?,?,?,?,?,?)");
        m_insVerdict = prepare("INSERT INTO verdicts VALUES (?,?,?,?)");
        m_insUrl = prepare("INSERT INTO urls VALUES (?,?,?,?)");
        m_insImage = prepare("INSERT INTO images VALUES (?,?,?,?,?)");
        m_insEvent = prepare("INSERT INTO events(message_id, time, kind, text_id) VALUES (?,?,?,?)");
        m_insEventText = prepare("INSERT INTO event_texts(text) VALUES (?)");
        m_insObservable = prepare("INSERT INTO observables(kind, value) VALUES (?,?)");
        m_insLink = prepare("INSERT INTO message_observables VALUES (?,?)");
    }
    ~Floor() {
        for (sqlite3_stmt *st : {m_insMessage, m_insAttachment, m_insBlob, m_insHop, m_insVerdict, m_insUrl,
                                 m_insImage, m_insEvent, m_insEventText, m_insObservable, m_insLink})
            sqlite3_finalize(st);
        magic_close(m_magic);
    }
    Floor(const Floor &) = delete;
    Floor &operator=(const Floor &) = delete;

    std::int64_t messages() const { return m_nextId - 1; }
    std::int64_t inlineBinaries() const { return m_inlineBinaries; }

    /// `raw`: the message's bytes in the mbox, kept as a blob; empty with
    /// lean storage. `length`: their size.
    void topMessage(GMimeMessage *msg, gint64 offset, gint64 length, std::string_view raw) {
        const std::int64_t id = m_nextId++;
        const std::string rawKey = raw.empty() ? std::string() : blob(raw.data(), raw.size());
        Row row;
        facts(msg, id, row);
        GMimePartIter *iter = g_mime_part_iter_new(GMIME_OBJECT(msg));
        if (g_mime_part_iter_is_valid(iter))
            do
                part(g_mime_part_iter_get_current(iter), id, row);
            while (g_mime_part_iter_next(iter));
        g_mime_part_iter_free(iter);
        bodyFacts(id, row);
        insertMessage(id, 0, offset, length, rawKey, row);
    }

private:
    // What a message's row holds besides its keys.
    struct Row {
        std::int64_t date = 0;
        std::string sender, subject, messageId, inReplyTo, references, headers, text, html;
    };

    sqlite3_stmt *prepare(const char *sql) {
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(m_db, sql, -1, &st, nullptr);
        return st;
    }
    static void run(sqlite3_stmt *st) {
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    static void bindText(sqlite3_stmt *st, int i, std::string_view s) {
        sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    }
    static void bindBlob(sqlite3_stmt *st, int i, std::string_view s) {
        sqlite3_bind_blob(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    }

    void insertMessage(std::int64_t id, std::int64_t parent, gint64 offset, gint64 length, const std::string &rawKey,
                       const Row &row) {
        sqlite3_bind_int64(m_insMessage, 1, id);
        sqlite3_bind_int64(m_insMessage, 2, parent);
        sqlite3_bind_int64(m_insMessage, 3, offset);
        sqlite3_bind_int64(m_insMessage, 4, length);
        bindBlob(m_insMessage, 5, rawKey);
        sqlite3_bind_int64(m_insMessage, 6, row.date);
        int i = 7;
        for (const std::string *s : {&row.sender, &row.subject, &row.messageId, &row.inReplyTo, &row.references,
                                     &row.headers, &row.text, &row.html})
            bindText(m_insMessage, i++, *s);
        run(m_insMessage);
    }

    static std::string text(const char *s) { return s ? s : ""; }

    // Headers raw and decoded, addresses, threading, Received hops,
    // authentication verdicts, observables and events of one message.
    void facts(GMimeMessage *msg, std::int64_t id, Row &row) {
        m_linked.clear();
        struct TimedHop {
            mail_floor::Hop hop;
            std::int64_t time;
        };
        std::vector<TimedHop> hops;  // newest first, as the headers are
        std::vector<mail_floor::Verdict> verdicts;
        GMimeHeaderList *list = g_mime_object_get_header_list(GMIME_OBJECT(msg));
        for (int i = 0, count = g_mime_header_list_get_count(list); i < count; ++i) {
            GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
            const char *name = g_mime_header_get_name(h);
            const char *raw = g_mime_header_get_raw_value(h), *value = g_mime_header_get_value(h);
            row.headers.append(g_mime_header_get_raw_name(h)).append(":").append(raw ? raw : "").append("\n");
            // The decoded value only where decoding changed more than the folding.
            char *unfolded = raw ? g_mime_utils_header_unfold(raw) : nullptr;
            if (value && (!unfolded || std::strcmp(unfolded, value) != 0))
                row.headers.append("=").append(value).append("\n");
            g_free(unfolded);
            if (!raw || !value)
                continue;
            // GMime parsed From, Sender, Reply-To, To, Cc and Bcc with the message.
            if (g_ascii_strcasecmp(name, "Delivered-To") == 0 || g_ascii_strcasecmp(name, "Return-Path") == 0) {
                addresses(internet_address_list_parse(nullptr, raw), id, true);
            } else if (g_ascii_strcasecmp(name, "Received") == 0) {
                std::int64_t when = 0;
                if (const char *semicolon = std::strrchr(value, ';'))
                    if (GDateTime *t = g_mime_utils_header_decode_date(semicolon + 1)) {
                        when = g_date_time_to_unix(t);
                        g_date_time_unref(t);
                    }
                hops.push_back({mail_floor::scanReceived(value), when});
            } else if (g_ascii_strcasecmp(name, "Authentication-Results") == 0 ||
                       g_ascii_strcasecmp(name, "ARC-Authentication-Results") == 0) {
                mail_floor::scanAuthenticationResults(value, verdicts);
            } else if (g_ascii_strcasecmp(name, "Received-SPF") == 0) {
                verdicts.push_back(mail_floor::scanReceivedSpf(value));
            } else if (g_ascii_strcasecmp(name, "X-Originating-IP") == 0) {
                std::string ip(value);
                ip.erase(std::remove_if(ip.begin(), ip.end(), [](char c) { return c == '[' || c == ']' || c == ' '; }),
                         ip.end());
                if (isIp(ip))
                    link(id, observable("ip", ip));
            } else if (g_ascii_strcasecmp(name, "In-Reply-To") == 0 || g_ascii_strcasecmp(name, "References") == 0) {
                std::string &ids = name[0] == 'I' || name[0] == 'i' ? row.inReplyTo : row.references;
                if (GMimeReferences *refs = g_mime_references_parse(nullptr, value)) {
                    for (int r = 0, n = g_mime_references_length(refs); r < n; ++r)
                        ids.append(ids.empty() ? "" : " ").append(g_mime_references_get_message_id(refs, r));
                    g_mime_references_free(refs);
                }
            }
        }
        for (const GMimeAddressType type : {GMIME_ADDRESS_TYPE_SENDER, GMIME_ADDRESS_TYPE_FROM,
                                            GMIME_ADDRESS_TYPE_REPLY_TO, GMIME_ADDRESS_TYPE_TO, GMIME_ADDRESS_TYPE_CC,
                                            GMIME_ADDRESS_TYPE_BCC})
            addresses(g_mime_message_get_addresses(msg, type), id, false);
        row.sender = text(g_mime_object_get_header(GMIME_OBJECT(msg), "From"));
        row.subject = text(g_mime_message_get_subject(msg));
        row.messageId = text(g_mime_message_get_message_id(msg));
        if (GDateTime *sent = g_mime_message_get_date(msg)) {  // owned by the message
            row.date = g_date_time_to_unix(sent);
            event(id, row.date, "sent", row.subject);
        }
        // Hops oldest first, each with its delay after the one before.
        std::int64_t previous = 0;
        for (int index = 1; !hops.empty(); ++index, hops.pop_back()) {
            const auto &[hop, when] = hops.back();
            sqlite3_bind_int64(m_insHop, 1, id);
            sqlite3_bind_int(m_insHop, 2, index);
            bindText(m_insHop, 3, hop.from);
            bindText(m_insHop, 4, hop.by);
            bindText(m_insHop, 5, hop.ip);
            bindText(m_insHop, 6, hop.with);
            sqlite3_bind_int64(m_insHop, 7, when);
            if (when && previous)
                sqlite3_bind_int64(m_insHop, 8, when - previous);
            else
                sqlite3_bind_null(m_insHop, 8);
            run(m_insHop);
            if (when) {
                event(id, when, "received", std::string("from ").append(hop.from).append(" by ").append(hop.by));
                previous = when;
            }
            if (std::string ip(hop.ip); isIp(ip))
                link(id, observable("ip", ip));
        }
        for (const mail_floor::Verdict &v : verdicts) {
            sqlite3_bind_int64(m_insVerdict, 1, id);
            bindText(m_insVerdict, 2, v.method);
            bindText(m_insVerdict, 3, v.result);
            bindText(m_insVerdict, 4, v.domain);
            run(m_insVerdict);
        }
    }

    // URLs (links with anchor text, image and form URLs, URLs in the text),
    // images with size and hidden flag, and their observables.
    void bodyFacts(std::int64_t id, const Row &row) {
        m_links.clear();
        m_images.clear();
        m_textUrls.clear();
        mail_floor::scanHtml(row.html, m_links, m_images);
        mail_floor::scanTextUrls(row.text, m_textUrls);
        for (const std::string_view url : m_textUrls)
            m_links.push_back({url, "text", {}});
        for (const mail_floor::Link &l : m_links) {
            sqlite3_bind_int64(m_insUrl, 1, id);
            bindText(m_insUrl, 2, l.url);
            bindText(m_insUrl, 3, l.origin);
            bindText(m_insUrl, 4, l.anchor);
            run(m_insUrl);
            if (!startsWith(l.url, "cid:") && !startsWith(l.url, "data:")) {
                link(id, observable("url", std::string(l.url)));
                const std::string host = lowered(mail_floor::urlHost(l.url));
                if (isIp(host))
                    link(id, observable("ip", host));
                else if (!host.empty())
                    domain(host, id);
            }
        }
        for (const mail_floor::Image &image : m_images) {
            sqlite3_bind_int64(m_insImage, 1, id);
            bindText(m_insImage, 2, image.src);
            sqlite3_bind_int(m_insImage, 3, image.width);
            sqlite3_bind_int(m_insImage, 4, image.height);
            sqlite3_bind_int(m_insImage, 5, image.hidden);
            run(m_insImage);
        }
        if (mail_floor::hasInlineBinary(row.text))
            ++m_inlineBinaries;
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
            const std::string addr = lowered(text(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))));
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
        bindText(m_insObservable, 2, value);
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

    // An event, its text stored once per distinct text.
    void event(std::int64_t id, std::int64_t when, const char *kind, const std::string &eventText) {
        auto it = m_eventTexts.find(eventText);
        if (it == m_eventTexts.end()) {
            bindText(m_insEventText, 1, eventText);
            run(m_insEventText);
            it = m_eventTexts.emplace(eventText, sqlite3_last_insert_rowid(m_db)).first;
        }
        sqlite3_bind_int64(m_insEvent, 1, id);
        sqlite3_bind_int64(m_insEvent, 2, when);
        sqlite3_bind_text(m_insEvent, 3, kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(m_insEvent, 4, it->second);
        run(m_insEvent);
    }

    void part(GMimeObject *cur, std::int64_t id, Row &row) {
        if (GMIME_IS_MESSAGE_PART(cur)) {  // a child message: its own row and facts
            if (GMimeMessage *nested = g_mime_message_part_get_message(GMIME_MESSAGE_PART(cur))) {
                const std::int64_t childId = m_nextId++;
                Row child;
                facts(nested, childId, child);
                insertMessage(childId, id, -1, -1, {}, child);
            }
            return;
        }
        if (!GMIME_IS_PART(cur) || !g_mime_part_get_content(GMIME_PART(cur)))
            return;
        GMimeContentType *ct = g_mime_object_get_content_type(cur);
        GMimeStream *mem = g_mime_stream_mem_new();
        g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(cur)), mem);
        const GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
        const std::string_view data(reinterpret_cast<const char *>(bytes->data), bytes->len);
        if (GMIME_IS_TEXT_PART(cur) && !g_mime_part_is_attachment(GMIME_PART(cur))) {
            // A body: to UTF-8 as Harrier converts it (no iconv for text that
            // is already UTF-8, or 7-bit in an ASCII-superset charset).
            (g_mime_content_type_is_type(ct, "text", "html") ? row.html : row.text)
                .append(harrier::parsers::mail::toUtf8(data, g_mime_content_type_get_parameter(ct, "charset")));
        } else {
            attachment(id, {}, text(g_mime_part_get_filename(GMIME_PART(cur))), data, 0);
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
            bindBlob(m_insBlob, 1, key);
            bindBlob(m_insBlob, 2, stored);
            run(m_insBlob);
        }
        return key;
    }

    // Digests, type, macro and encryption flags, what is inside (archive
    // entries, TNEF attachments: attachments themselves, `container` naming
    // the SHA-256 they came out of) and blob, once per distinct content;
    // a row and its SHA-256 observable for every occurrence.
    void attachment(std::int64_t id, std::string_view container, const std::string &name, std::string_view data,
                    int depth) {
        const std::string key = blob(data.data(), data.size());
        auto known = m_known.find(key);
        if (known == m_known.end()) {
            Known k;
            const EVP_MD *types[2] = {EVP_md5(), EVP_sha1()};
            std::string *digests[2] = {&k.md5, &k.sha1};
            for (int i = 0; i < 2; ++i) {
                unsigned char md[EVP_MAX_MD_SIZE];
                unsigned int len = 0;
                EVP_Digest(data.data(), data.size(), md, &len, types[i], nullptr);
                digests[i]->assign(reinterpret_cast<const char *>(md), len);
            }
            const char *type = magic_buffer(m_magic, data.data(), std::min<std::size_t>(data.size(), 64 << 10));
            k.type = type ? type : "";
            k.flags = inside(id, key, k.type, data, depth);
            known = m_known.emplace(key, std::move(k)).first;
        }
        const Known &k = known->second;
        sqlite3_bind_int64(m_insAttachment, 1, id);
        bindBlob(m_insAttachment, 2, container);
        bindText(m_insAttachment, 3, name);
        bindText(m_insAttachment, 4, k.type);
        sqlite3_bind_int64(m_insAttachment, 5, static_cast<sqlite3_int64>(data.size()));
        bindBlob(m_insAttachment, 6, k.md5);
        bindBlob(m_insAttachment, 7, k.sha1);
        bindBlob(m_insAttachment, 8, key);
        sqlite3_bind_int(m_insAttachment, 9, k.flags);
        run(m_insAttachment);
        link(id, observable("sha256", hex(key)));  // as Harrier: SHA-256 only
    }

    // Expands archives and TNEF into attachments, checks Office documents for
    // macros; returns the flags (1 macros, 2 encrypted).
    int inside(std::int64_t id, const std::string &key, const std::string &type, std::string_view data, int depth) {
        const mail_floor::FoundFile found = [&](std::string_view name, long long mtime, std::string_view bytes) {
            if (mtime)
                event(id, mtime, "archive entry", std::string(name));
            if (depth + 1 < kMaxNesting)
                attachment(id, key, std::string(name), bytes, depth + 1);
        };
        if (type == "application/vnd.ms-tnef") {
            mail_floor::tnefAttachments(data, found);
            return 0;
        }
        if (type == "application/x-ole-storage" || type == "application/CDFV2" || type == "application/msword" ||
            type == "application/vnd.ms-excel" || type == "application/vnd.ms-powerpoint")
            return mail_floor::oleHasVbaProject(data) ? 1 : 0;
        const bool ooxml = startsWith(type, "application/vnd.openxmlformats");
        if (!ooxml && !isArchiveType(type))
            return 0;
        const mail_floor::ArchiveFacts facts = mail_floor::expandArchive(data, !ooxml, found);
        return (facts.vbaProject ? 1 : 0) | (facts.encrypted ? 2 : 0);
    }

    sqlite3 *m_db;
    magic_t m_magic;
    Compressor &m_compress;
    sqlite3_stmt *m_insMessage = nullptr, *m_insAttachment = nullptr, *m_insBlob = nullptr, *m_insHop = nullptr,
                 *m_insVerdict = nullptr, *m_insUrl = nullptr, *m_insImage = nullptr, *m_insEvent = nullptr,
                 *m_insEventText = nullptr, *m_insObservable = nullptr, *m_insLink = nullptr;
    std::unordered_map<std::string, std::int64_t> m_observables;  // kind '\n' value -> id
    std::unordered_map<std::string, std::int64_t> m_eventTexts;   // text -> event_texts id
    struct Known {
        std::string md5, sha1, type;  ///< type: libmagic's
        int flags = 0;
    };
    std::unordered_map<std::string, Known> m_known;               // by SHA-256
    std::unordered_set<std::string> m_blobs;                      // SHA-256s stored
    std::unordered_set<std::int64_t> m_linked;                    // observables the current message links
    std::vector<mail_floor::Link> m_links;                        // the current message's, reused
    std::vector<mail_floor::Image> m_images;
    std::vector<std::string_view> m_textUrls;
    std::int64_t m_nextId = 1;
    std::int64_t m_inlineBinaries = 0;  // text bodies with a uuencoded or yEnc file
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
            floor.topMessage(msg, offset, end - offset, raw);
            g_object_unref(msg);
            if (++top % 1000 == 0)
                sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr);
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        std::fprintf(stderr, "  floor loop: %lld messages, %lld with nested ones, %lld text bodies with inline files\n",
                     static_cast<long long>(top), static_cast<long long>(floor.messages()),
                     static_cast<long long>(floor.inlineBinaries()));
    }
    if (sqlite3_exec(db, kTimelineIndexes, nullptr, nullptr, nullptr) != SQLITE_OK)
        return 2;
    // What it found, to set beside Harrier's case.
    std::string found;
    for (const char *table : {"attachments", "hops", "verdicts", "urls", "images", "events", "observables",
                              "message_observables"}) {
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db, (std::string("SELECT count(*) FROM ") + table).c_str(), -1, &st, nullptr);
        if (sqlite3_step(st) == SQLITE_ROW)
            found += std::string(found.empty() ? "" : ", ") + std::to_string(sqlite3_column_int64(st, 0)) + ' ' + table;
        sqlite3_finalize(st);
    }
    std::fprintf(stderr, "  floor found: %s\n", found.c_str());
    sqlite3_close(db);
    g_object_unref(parser);
    return 0;
}
