// The explicit list of every parser Harrier ships. No static
// self-registration: adding a parser is one line here and one in CMake.
#include "ingest/parser_registry.h"
#include "parsers/browser/chrome_history_parser.h"
#include "parsers/browser/firefox_places_parser.h"
#include "parsers/browser/msiecf_parser.h"
#include "parsers/browser/safari_history_parser.h"
#include "parsers/lnk/jump_list_parser.h"
#include "parsers/lnk/lnk_parser.h"
#include "parsers/ntfs/mft_parser.h"
#include "parsers/prefetch/prefetch_parser.h"
#include "parsers/registry/registry_parser.h"

namespace harrier::ingest {

ParserRegistry defaultParsers() {
    ParserRegistry registry;
    // Parser families register here, one block per family.
    // Endpoint artifacts: browsers, prefetch.
    registry.add(std::make_unique<parsers::browser::ChromeHistoryParser>());
    registry.add(std::make_unique<parsers::browser::FirefoxPlacesParser>());
    registry.add(std::make_unique<parsers::browser::SafariHistoryParser>());
    registry.add(std::make_unique<parsers::browser::MsiecfParser>());
    registry.add(std::make_unique<parsers::prefetch::PrefetchParser>());
    registry.add(std::make_unique<parsers::lnk::LnkParser>());
    registry.add(std::make_unique<parsers::lnk::JumpListParser>());
    registry.add(std::make_unique<parsers::registry::RegistryParser>());
    registry.add(std::make_unique<parsers::ntfs::MftParser>());
    return registry;
}

}  // namespace harrier::ingest
