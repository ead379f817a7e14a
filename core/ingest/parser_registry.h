#pragma once
#include <memory>
#include <vector>

#include "ingest/parser.h"

namespace harrier::ingest {

class ParserRegistry {
public:
    void add(std::unique_ptr<Parser> parser) { m_parsers.push_back(std::move(parser)); }
    /// The parser with the highest confidence above None; ties go to the
    /// one registered first.
    Parser *best(ByteView head, std::string_view name) const;
    const std::vector<std::unique_ptr<Parser>> &parsers() const { return m_parsers; }

private:
    std::vector<std::unique_ptr<Parser>> m_parsers;
};

/// Every parser Harrier ships, in one explicit list: core/parsers/registry.cpp
/// (library harrier_parsers, which links every parser family).
ParserRegistry defaultParsers();

}  // namespace harrier::ingest
