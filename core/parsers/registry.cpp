// The explicit list of every parser Harrier ships. No static
// self-registration: adding a parser is one line here and one in CMake.
#include "ingest/parser_registry.h"

namespace harrier::ingest {

ParserRegistry defaultParsers() {
    ParserRegistry registry;
    // Parser families register here, one block per family.
    return registry;
}

}  // namespace harrier::ingest
