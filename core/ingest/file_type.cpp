#include "ingest/file_type.h"

#include <magic.h>

namespace harrier::ingest {

namespace {

class MagicHandle {
public:
    explicit MagicHandle(int flags) : m_cookie(magic_open(flags)) {
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

    std::string identify(ByteView head) const {
        if (!m_cookie)
            return {};
        const char *r = magic_buffer(m_cookie, head.data(), head.size());
        return r ? r : "";
    }

private:
    magic_t m_cookie;
};

// Never look inside compressed data or follow links: evidence is hostile and
// the head is all we pass anyway.
constexpr int kBaseFlags = MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR | MAGIC_RAW;

}  // namespace

FileType identifyFileType(ByteView head) {
    thread_local MagicHandle mime(kBaseFlags | MAGIC_MIME_TYPE);
    thread_local MagicHandle description(kBaseFlags);
    return {mime.identify(head), description.identify(head)};
}

}  // namespace harrier::ingest
