#pragma once
/// Turns one parsed GMime message into the case's email data model: an
/// `email` object (headers, addresses, Received hops, authentication
/// verdicts, bodies, URLs, images, forms), its attachments (through the
/// pipeline with ArtifactSink::ingestNested), nested message/rfc822 parts
/// as child `email` objects, observables and timeline events.
/// docs/ARCHITECTURE.md "Email data model" is the contract for readers.

#include <gmime/gmime.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/byte_view.h"
#include "casestore/records.h"
#include "ingest/artifact_sink.h"
#include "ingest/parser.h"

namespace harrier::parsers::mail {

/// Parser anomalies GMime reported while building one message.
struct ParseIssue {
    std::int64_t offset = -1;
    std::string what;
    bool critical = false;
};

struct MessageOrigin {
    casestore::ObjectId parentId = 0;     ///< the mailbox file, the .eml file or the enclosing email
    casestore::ObjectId containerId = 0;  ///< the item errors are recorded against
    std::string path;                     ///< the email object's path
    std::string name;                     ///< leaf name when there is no subject
    std::vector<casestore::Attribute> attributes;  ///< mbox offsets, Maildir flags, ...
    ByteView raw;                         ///< the message's bytes, for hashes and the raw blob
    std::vector<ParseIssue> issues;
    int depth = 0;                        ///< message/rfc822 nesting (0 = top)
};

class MessageExtractor {
public:
    MessageExtractor(ingest::ArtifactSink &sink, const ingest::ParseContext &ctx) : m_sink(sink), m_ctx(ctx) {}

    /// Stores the message; returns the email object's id.
    casestore::ObjectId extract(GMimeMessage *message, const MessageOrigin &origin);

    /// An attachment's bytes through the pipeline (hashes, blob, archives,
    /// parsers) with the triage facts (macros, encryption) as attributes and
    /// its SHA-256 as an observable. Shared with the Outlook parsers.
    static casestore::ObjectId ingestAttachment(ingest::ArtifactSink &sink, casestore::ObjectId parent,
                                                const std::string &path, const std::string &name,
                                                std::vector<casestore::Attribute> attributes, ByteView data,
                                                class ObservableCollector &obs);
    /// A file name from hostile mail made safe as one path component.
    static std::string safeName(std::string name);

    static constexpr int kMaxMessageDepth = 32;
    static constexpr std::size_t kMaxBodyChars = 2u << 20;
    static constexpr std::uint64_t kMaxBodyDecode = 64u << 20;
    static constexpr std::int64_t kMaxInMemoryAttachment = 96 << 20;  ///< encoded bytes

private:
    struct Leaf {
        GMimeObject *object = nullptr;  ///< borrowed from the message, which outlives the walk
        std::string partPath;           ///< "1.2"
        bool message = false;           ///< message/rfc822 (nested email)
    };
    struct Inline {
        std::string name;
        std::string encoding;  ///< "uuencode" or "yenc"
        std::vector<std::uint8_t> data;
    };
    struct Walk {
        std::vector<Leaf> leaves;
        std::vector<Inline> inlineFiles;
        std::string text, html;
        nlohmann::json structure = nlohmann::json::array();
        int depthGuard = 0;
    };

    void collect(GMimeObject *object, const std::string &partPath, Walk &walk, int level);
    void readBody(GMimePart *part, bool html, Walk &walk);
    void storeAttachment(casestore::ObjectId emailId, const std::string &emailPath, const Leaf &leaf,
                         class ObservableCollector &obs);
    void storeInline(casestore::ObjectId emailId, const std::string &emailPath, Inline &file,
                     class ObservableCollector &obs);
    casestore::ObjectId ingestBytes(casestore::ObjectId parent, const std::string &path, const std::string &name,
                                    std::vector<casestore::Attribute> attributes, ByteView data,
                                    class ObservableCollector &obs);

    ingest::ArtifactSink &m_sink;
    const ingest::ParseContext &m_ctx;
    int m_depth = 0;
    casestore::ObjectId m_container = 0;
};

}  // namespace harrier::parsers::mail
