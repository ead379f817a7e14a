#include "ingest/parser_registry.h"

#include <cctype>

namespace harrier::ingest {

std::string extensionOf(std::string_view name) {
    const auto slash = name.find_last_of('/');
    if (slash != std::string_view::npos)
        name.remove_prefix(slash + 1);
    const auto dot = name.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0)
        return {};
    std::string ext(name.substr(dot + 1));
    for (char &c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

Parser *ParserRegistry::best(ByteView head, std::string_view name) const {
    Parser *winner = nullptr;
    Confidence top = Confidence::None;
    for (const auto &p : m_parsers) {
        const Confidence c = p->sniff(head, name);
        if (c > top) {
            top = c;
            winner = p.get();
        }
    }
    return winner;
}

}  // namespace harrier::ingest
