#include "parsers/mail/inline_binaries.h"

#include <gmime/gmime.h>

#include "parsers/mail/gmime_util.h"

namespace harrier::parsers::mail {

namespace {

std::string_view lineAt(std::string_view text, std::size_t pos, std::size_t &next) {
    const std::size_t nl = text.find('\n', pos);
    next = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, next - pos);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.remove_suffix(1);
    return line;
}

std::string yencParam(std::string_view line, std::string_view key) {
    const std::size_t p = line.find(key);
    if (p == std::string_view::npos)
        return {};
    std::string_view v = line.substr(p + key.size());
    if (key == "name=")  // the name runs to the end of the line and may hold spaces
        return std::string(trim(v));
    return std::string(v.substr(0, v.find(' ')));
}

}  // namespace

std::vector<InlineBinary> InlineBinaries::find(std::string_view text) {
    std::vector<InlineBinary> out;
    std::size_t pos = 0;
    while (pos < text.size() && out.size() < 1000) {
        std::size_t next = 0;
        const std::string_view line = lineAt(text, pos, next);
        if (line.rfind("begin ", 0) == 0 && line.size() > 10 && line[6] >= '0' && line[6] <= '7') {
            const std::size_t sp = line.find(' ', 6);
            if (sp != std::string_view::npos) {
                InlineBinary bin{std::string(trim(line.substr(sp + 1))), "uuencode", {}};
                int state = 0;
                guint32 save = 0;
                std::size_t p = next;
                bool ended = false;
                while (p < text.size()) {
                    std::size_t n2 = 0;
                    const std::string_view l = lineAt(text, p, n2);
                    if (l == "end" || l.rfind("end ", 0) == 0) {
                        ended = true;
                        p = n2;
                        break;
                    }
                    // uudecode_step expects the text after the begin line, including newlines.
                    std::string chunk(l);
                    chunk += '\n';
                    std::vector<unsigned char> buf(chunk.size() + 3);
                    state |= GMIME_UUDECODE_STATE_BEGIN;
                    const std::size_t got = g_mime_encoding_uudecode_step(
                        reinterpret_cast<const unsigned char *>(chunk.data()), chunk.size(), buf.data(), &state, &save);
                    bin.data.insert(bin.data.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(got));
                    p = n2;
                }
                if (ended || !bin.data.empty()) {
                    out.push_back(std::move(bin));
                    pos = p;
                    continue;
                }
            }
        } else if (line.rfind("=ybegin ", 0) == 0) {
            InlineBinary bin{yencParam(line, "name="), "yenc", {}};
            int state = GMIME_YDECODE_STATE_INIT;
            guint32 pcrc = GMIME_YENCODE_CRC_INIT, crc = GMIME_YENCODE_CRC_INIT;
            std::size_t p = next;
            while (p < text.size()) {
                std::size_t n2 = 0;
                const std::string_view l = lineAt(text, p, n2);
                if (l.rfind("=yend", 0) == 0) {
                    p = n2;
                    break;
                }
                if (l.rfind("=ypart ", 0) == 0) {
                    p = n2;
                    continue;
                }
                // Line ends are never data in yEnc (CR and LF are escaped), and
                // GMime's step decoder only skips LF: feed it the bare line.
                const std::string_view raw = l;
                std::vector<unsigned char> buf(raw.size() + 3);
                const std::size_t got =
                    g_mime_ydecode_step(reinterpret_cast<const unsigned char *>(raw.data()), raw.size(), buf.data(),
                                        &state, &pcrc, &crc);
                bin.data.insert(bin.data.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(got));
                p = n2;
            }
            if (bin.name.empty())
                bin.name = "yenc-part.bin";
            out.push_back(std::move(bin));
            pos = p;
            continue;
        }
        pos = next;
    }
    return out;
}

}  // namespace harrier::parsers::mail
