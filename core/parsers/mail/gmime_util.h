#pragma once
/// Small RAII and conversion helpers over GMime/GLib, shared by the mail
/// parsers. GMime is a C library; these keep ref-counting and g_free in one
/// place so no code path leaks on hostile input.

#include <gmime/gmime.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/utc_time.h"
#include "ingest/byte_stream.h"

namespace harrier::parsers::mail {

/// Initialises GMime once per process (thread-safe).
void ensureGmime();

/// Options every mail parser uses: lenient compliance and charset fallbacks
/// (UTF-8, then windows-1252, which maps every byte) so nothing is dropped
/// for a broken charset. Owned by the process; never freed.
GMimeParserOptions *parserOptions();

/// Owns one GObject reference.
template <typename T>
class GPtr {
public:
    GPtr() = default;
    explicit GPtr(T *p) : m_p(p) {}
    ~GPtr() { reset(); }
    GPtr(const GPtr &) = delete;
    GPtr &operator=(const GPtr &) = delete;
    GPtr(GPtr &&o) noexcept : m_p(o.m_p) { o.m_p = nullptr; }
    GPtr &operator=(GPtr &&o) noexcept {
        if (this != &o) {
            reset();
            m_p = o.m_p;
            o.m_p = nullptr;
        }
        return *this;
    }
    void reset(T *p = nullptr) {
        if (m_p)
            g_object_unref(m_p);
        m_p = p;
    }
    T *get() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

private:
    T *m_p = nullptr;
};

/// Takes ownership of a g_malloc'ed string and returns it as std::string.
std::string takeGString(char *s);
/// nullptr-safe std::string construction.
inline std::string str(const char *s) { return s ? std::string(s) : std::string(); }

/// Replaces invalid UTF-8 sequences so the text is safe for JSON and SQLite.
std::string sanitizeUtf8(std::string_view text);

/// RFC 5322 date (lenient, via GMime) to UTC.
std::optional<UtcTime> parseMailDate(std::string_view text);

/// Bytes in `charset` to UTF-8: the declared charset first, then the
/// parser options' fallbacks; never fails (undecodable bytes are replaced).
std::string toUtf8(std::string_view bytes, const char *charset);

/// Decoded (transfer encoding removed) content of a leaf part, at most
/// `maxBytes` of it (`truncated` says when there was more).
std::vector<std::uint8_t> decodedContent(GMimePart *part, std::uint64_t maxBytes = UINT64_MAX,
                                         bool *truncated = nullptr);
/// Size of a part's content as stored in the message (still encoded); -1 unknown.
std::int64_t encodedLength(GMimePart *part);

/// A part's decoded content as a pull stream, so an attachment of any size
/// goes to the pipeline without being held in memory.
class DecodedPartStream final : public ingest::ByteStream {
public:
    explicit DecodedPartStream(GMimePart *part);
    Result<std::size_t> read(std::span<std::uint8_t> buf) override;

private:
    GPtr<GMimeStream> m_stream;
};

/// Reads [start, end) of a GMime stream into memory.
std::vector<std::uint8_t> readRange(GMimeStream *stream, gint64 start, gint64 end);

/// Lowercase ASCII copy.
std::string lower(std::string_view s);
/// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view s);

}  // namespace harrier::parsers::mail
