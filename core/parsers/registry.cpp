// The explicit list of every parser Harrier ships. No static
// self-registration: adding a parser is one line here and one in CMake.
#include "ingest/parser_registry.h"
#include "parsers/mail/mail_parsers.h"

namespace harrier::ingest {

ParserRegistry defaultParsers() {
    ParserRegistry registry;
    // Parser families register here, one block per family.

    // mail: mbox before eml so an mbox (which also has mail headers) is never
    // taken for one message; both claim by content, extensions only as a hint.
    registry.add(std::make_unique<parsers::mail::MboxParser>());
    registry.add(std::make_unique<parsers::mail::EmlParser>());
    registry.add(std::make_unique<parsers::mail::TnefParser>());
    return registry;
}

}  // namespace harrier::ingest
