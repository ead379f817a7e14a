#pragma once
/// Reads an Outlook .msg file (MS-OXMSG: an OLE compound file read with
/// libolecf): properties from the __substg1.0_ streams and the fixed-size
/// __properties_version1.0 stream, recipients, attachments, attached
/// messages at any depth (limit 32), and the named-property map for the
/// calendar/task/contact fields.

#include <libolecf.h>

#include <map>
#include <string>

#include "ingest/artifact_sink.h"
#include "ingest/parser.h"
#include "parsers/outlook/outlook_emitter.h"

namespace harrier::parsers::outlook {

class MsgReader {
public:
    MsgReader(const ingest::ItemInput &input, ingest::ArtifactSink &sink, const ingest::ParseContext &ctx)
        : m_input(input), m_sink(sink), m_ctx(ctx), m_emitter(sink, ctx) {}
    /// Fails only when the file is not a readable compound file; problems
    /// inside it are recorded and reading goes on.
    Result<void> run();

    static constexpr int kMaxMessageDepth = 32;
    static constexpr std::size_t kMaxStreamBytes = 256u << 20;

private:
    void readNameMap(libolecf_item_t *root);
    void storeMessage(libolecf_item_t *storage, Placement placement, int depth, bool top);
    std::string error(libolecf_error_t *&e, std::string_view what);

    const ingest::ItemInput &m_input;
    ingest::ArtifactSink &m_sink;
    const ingest::ParseContext &m_ctx;
    OutlookEmitter m_emitter;
    /// Canonical (property set Data1 << 16 | LID) -> property id in this file.
    std::map<std::uint64_t, std::uint16_t> m_named;
};

}  // namespace harrier::parsers::outlook
