#pragma once
/// Windows registry hives (NTUSER.DAT, SOFTWARE, SYSTEM, Amcache.hve, ...)
/// through libregf. Only keys of interest reach the timeline (see
/// docs/ARCHITECTURE.md): autostarts, UserAssist, RecentDocs, typed paths and
/// URLs, mounted devices, USB storage, services, ShimCache and Amcache.

#include "ingest/parser.h"

namespace harrier::parsers::registry {

class RegistryParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::registry
