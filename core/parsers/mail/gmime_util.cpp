#include "parsers/mail/gmime_util.h"

#include <iconv.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <vector>

namespace harrier::parsers::mail {

namespace {
const char *kFallbacks[] = {"UTF-8", "windows-1252", nullptr};

// glibc loads a charset's gconv module on iconv_open and unloads it again
// soon after the last iconv_close; GMime opens and closes a converter for
// every RFC 2047 word it decodes, so each encoded header cost a dlopen and a
// dlclose (and the TLB shootdowns of the unmapping, felt by every thread):
// about 5 % of an mbox ingest's CPU time (docs/BENCHMARKS.md). One
// converter per charset common in mail, held for the life of the process,
// keeps those modules loaded. Other charsets still work, at the old cost.
void pinCommonCharsetModules() {
    // Never closed, on purpose; allocated and never destroyed so the handles
    // stay reachable to the end (a static vector's destructor ran before
    // LeakSanitizer's exit check, which then reported every converter).
    static auto *pinned = new std::vector<iconv_t>();
    for (const char *charset :
         {"ISO-8859-1", "ISO-8859-2", "ISO-8859-5", "ISO-8859-7", "ISO-8859-9", "ISO-8859-15", "WINDOWS-1250",
          "WINDOWS-1251", "WINDOWS-1252", "WINDOWS-1253", "WINDOWS-1254", "WINDOWS-1256", "WINDOWS-1257",
          "KOI8-R", "KOI8-U", "GB2312", "GBK", "GB18030", "BIG5", "SHIFT_JIS", "EUC-JP", "ISO-2022-JP", "EUC-KR",
          "TIS-620", "UTF-7", "UTF-16"})
        if (iconv_t cd = iconv_open("UTF-8", charset); cd != reinterpret_cast<iconv_t>(-1))
            pinned->push_back(cd);
}
}  // namespace

void ensureGmime() {
    static std::once_flag once;
    std::call_once(once, [] {
        g_mime_init();
        pinCommonCharsetModules();
    });
}

GMimeParserOptions *parserOptions() {
    static GMimeParserOptions *options = [] {
        ensureGmime();
        GMimeParserOptions *o = g_mime_parser_options_new();
        g_mime_parser_options_set_address_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
        g_mime_parser_options_set_parameter_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
        g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
        g_mime_parser_options_set_allow_addresses_without_domain(o, TRUE);
        g_mime_parser_options_set_fallback_charsets(o, kFallbacks);
        return o;
    }();
    return options;
}

std::string takeGString(char *s) {
    if (!s)
        return {};
    std::string out(s);
    g_free(s);
    return out;
}

namespace {

// Length of the leading run of 7-bit bytes other than NUL, taken eight bytes
// at a time: nearly all of any mail is ASCII, and glib's validator goes byte
// by byte (it was 2.6 % of a mail ingest's instructions).
std::size_t asciiRunWithoutNul(std::string_view s) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if ((w & kHighs) != 0 || ((w - kOnes) & ~w & kHighs) != 0)  // a byte >= 0x80, or a NUL
            break;
    }
    while (i < s.size() && s[i] != 0 && static_cast<unsigned char>(s[i]) < 0x80)
        ++i;
    return i;
}

bool validUtf8WithoutNul(std::string_view s) {
    const std::size_t ascii = asciiRunWithoutNul(s);
    // Given a length, g_utf8_validate also fails on a NUL byte.
    return ascii == s.size() || g_utf8_validate(s.data() + ascii, static_cast<gssize>(s.size() - ascii), nullptr);
}

bool sevenBitWithoutNul(std::string_view s) { return asciiRunWithoutNul(s) == s.size(); }

}  // namespace

std::string sanitizeUtf8(std::string_view text) {
    if (validUtf8WithoutNul(text))
        return std::string(text);
    // g_utf8_make_valid replaces bad bytes with U+FFFD; NULs are dropped for SQLite/JSON.
    std::string out = takeGString(g_utf8_make_valid(text.data(), static_cast<gssize>(text.size())));
    out.erase(std::remove(out.begin(), out.end(), '\0'), out.end());
    return out;
}

std::optional<UtcTime> parseMailDate(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    const std::string s(text);
    GDateTime *dt = g_mime_utils_header_decode_date(s.c_str());
    if (!dt)
        return std::nullopt;
    const UtcTime t{g_date_time_to_unix(dt) * 1'000'000 + g_date_time_get_microsecond(dt)};
    g_date_time_unref(dt);
    return t;
}

namespace {

// Single-byte charsets whose lower half is ASCII: 7-bit text converts to itself.
bool asciiSuperset(const char *canon) {
    for (const char *prefix : {"us-ascii", "ascii", "ansi_x3.4-1968", "iso-8859-", "latin", "cp125", "windows-125"})
        if (g_ascii_strncasecmp(canon, prefix, std::strlen(prefix)) == 0)
            return true;
    return false;
}

}  // namespace

std::string toUtf8(std::string_view bytes, const char *charset) {
    if (bytes.empty())
        return {};
    // Fast paths, same bytes as the conversions below would give: text that
    // is already valid UTF-8 (without NULs) comes out of iconv UTF-8 -> UTF-8
    // (and of GMime's fallback list, which starts with UTF-8) unchanged, as
    // does 7-bit text from an ASCII-superset charset. iconv cost more than
    // the rest of the header analysis.
    if (charset && *charset) {
        const char *canon = g_mime_charset_iconv_name(charset);
        if (g_ascii_strcasecmp(canon, "UTF-8") == 0 ? validUtf8WithoutNul(bytes)
                                                    : asciiSuperset(canon) && sevenBitWithoutNul(bytes))
            return std::string(bytes);
    } else if (validUtf8WithoutNul(bytes)) {
        return std::string(bytes);
    }
    if (charset && *charset) {
        const char *canon = g_mime_charset_iconv_name(charset);
        gsize written = 0;
        GError *err = nullptr;
        char *out = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", canon, nullptr, &written, &err);
        if (out) {
            std::string s(out, written);
            g_free(out);
            return sanitizeUtf8(s);
        }
        g_clear_error(&err);
    }
    // Unknown or lying charset: GMime tries the fallbacks (UTF-8, then windows-1252).
    return sanitizeUtf8(takeGString(g_mime_utils_decode_8bit(parserOptions(), bytes.data(), bytes.size())));
}

namespace {

// A fresh window on the part's stored bytes with the transfer decoding
// filter on top; the part's own stream position is left alone.
GMimeStream *openDecoded(GMimePart *part) {
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    if (!content)
        return nullptr;
    GMimeStream *raw = g_mime_data_wrapper_get_stream(content);
    if (!raw)
        return nullptr;
    GMimeStream *window = g_mime_stream_substream(raw, raw->bound_start, raw->bound_end);
    const GMimeContentEncoding enc = g_mime_data_wrapper_get_encoding(content);
    if (enc != GMIME_CONTENT_ENCODING_BASE64 && enc != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE &&
        enc != GMIME_CONTENT_ENCODING_UUENCODE)
        return window;
    GMimeStream *filtered = g_mime_stream_filter_new(window);
    g_object_unref(window);
    GMimeFilter *decoder = g_mime_filter_basic_new(enc, FALSE);
    g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), decoder);
    g_object_unref(decoder);
    return filtered;
}

}  // namespace

DecodedPartStream::DecodedPartStream(GMimePart *part) : m_stream(openDecoded(part)) {}

Result<std::size_t> DecodedPartStream::read(std::span<std::uint8_t> buf) {
    if (!m_stream || buf.empty())
        return std::size_t{0};
    const ssize_t n = g_mime_stream_read(m_stream.get(), reinterpret_cast<char *>(buf.data()), buf.size());
    if (n < 0) {
        // GMime streams report EOF on a bounded window as -1 too.
        if (g_mime_stream_eos(m_stream.get()))
            return std::size_t{0};
        return makeError(ErrorCode::Io, "cannot read the attachment's content from the message");
    }
    return static_cast<std::size_t>(n);
}

std::int64_t encodedLength(GMimePart *part) {
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    GMimeStream *raw = content ? g_mime_data_wrapper_get_stream(content) : nullptr;
    return raw ? g_mime_stream_length(raw) : -1;
}

std::vector<std::uint8_t> decodedContent(GMimePart *part, std::uint64_t maxBytes, bool *truncated) {
    std::vector<std::uint8_t> out;
    if (truncated)
        *truncated = false;
    DecodedPartStream stream(part);
    std::uint8_t buf[64 * 1024];
    for (;;) {
        auto n = stream.read(buf);
        if (!n || *n == 0)
            break;
        if (out.size() + *n > maxBytes) {
            out.insert(out.end(), buf, buf + (maxBytes - out.size()));
            if (truncated)
                *truncated = true;
            break;
        }
        out.insert(out.end(), buf, buf + *n);
    }
    return out;
}

std::vector<std::uint8_t> readRange(GMimeStream *stream, gint64 start, gint64 end) {
    std::vector<std::uint8_t> out;
    if (end <= start || g_mime_stream_seek(stream, start, GMIME_STREAM_SEEK_SET) < 0)
        return out;
    out.resize(static_cast<std::size_t>(end - start));
    std::size_t got = 0;
    while (got < out.size()) {
        const ssize_t n = g_mime_stream_read(stream, reinterpret_cast<char *>(out.data() + got), out.size() - got);
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    out.resize(got);
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

}  // namespace harrier::parsers::mail
