#include "ingest/file_type.h"

#include <magic.h>

namespace harrier::ingest {

namespace {

// Never look inside compressed data or follow links: evidence is hostile and
// the head is all we pass anyway.
constexpr int kBaseFlags = MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR | MAGIC_RAW;

// One cookie per thread answers both questions (flags switched between the
// two calls): loading the database and compiling its regexes is done once,
// not once per question.
class MagicHandle {
public:
    MagicHandle() : m_cookie(magic_open(kBaseFlags)) {
        if (m_cookie && magic_load(m_cookie, nullptr) != 0) {
            magic_close(m_cookie);
            m_cookie = nullptr;
        }
    }
    ~MagicHandle() {
        if (m_cookie)
            magic_close(m_cookie);
    }
    MagicHandle(const MagicHandle &) = delete;
    MagicHandle &operator=(const MagicHandle &) = delete;

    std::string identify(ByteView head, int extraFlags) const {
        if (!m_cookie || magic_setflags(m_cookie, kBaseFlags | extraFlags) != 0)
            return {};
        const char *r = magic_buffer(m_cookie, head.data(), head.size());
        return r ? r : "";
    }

private:
    magic_t m_cookie;
};

}  // namespace

FileType identifyFileType(ByteView head) {
    thread_local MagicHandle magic;
    return {magic.identify(head, MAGIC_MIME_TYPE), magic.identify(head, 0)};
}

}  // namespace harrier::ingest
