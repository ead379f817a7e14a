#include "parsers/mail/message_extractor.h"

#include <algorithm>

#include "base/hashing.h"
#include "ingest/byte_stream.h"
#include "parsers/mail/attachment_inspect.h"
#include "parsers/mail/auth_results.h"
#include "parsers/mail/gmime_util.h"
#include "parsers/mail/header_analysis.h"
#include "parsers/mail/html_scan.h"
#include "parsers/mail/inline_binaries.h"
#include "parsers/mail/observable_collector.h"
#include "parsers/mail/received_chain.h"

namespace harrier::parsers::mail {

using casestore::Attribute;
using casestore::ObjectId;
using nlohmann::json;

namespace {

constexpr int kMaxMimeLevels = 64;

std::string mimeTypeOf(GMimeObject *object) {
    GMimeContentType *ct = g_mime_object_get_content_type(object);
    return ct ? lower(takeGString(g_mime_content_type_get_mime_type(ct))) : std::string("text/plain");
}

std::string extensionFor(const std::string &mime) {
    if (mime == "text/plain")
        return ".txt";
    if (mime == "text/html")
        return ".html";
    if (mime == "message/rfc822")
        return ".eml";
    const auto slash = mime.find('/');
    return slash == std::string::npos ? ".bin" : "." + mime.substr(slash + 1, 16);
}

}  // namespace

void MessageExtractor::readBody(GMimePart *part, bool html, Walk &walk) {
    // Bodies are read into memory for text analysis: a multi-gigabyte "body"
    // is cut (the raw message and the mbox keep every byte).
    bool truncated = false;
    const auto bytes = decodedContent(part, kMaxBodyDecode, &truncated);
    if (truncated)
        m_sink.addError(m_container, "", std::nullopt,
                        "a body part larger than 64 MiB was analysed only in its first 64 MiB",
                        casestore::ErrorSeverity::Warning);
    const std::string_view raw(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    const char *charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
    std::string text = toUtf8(raw, charset);
    if (!html)
        for (auto &bin : InlineBinaries::find(raw))
            walk.inlineFiles.push_back({bin.name, bin.encoding, std::move(bin.data)});
    std::string &target = html ? walk.html : walk.text;
    if (!target.empty())
        target += "\n";
    target += text;
}

void MessageExtractor::collect(GMimeObject *object, const std::string &partPath, Walk &walk, int level) {
    if (!object)
        return;
    if (level > kMaxMimeLevels) {
        m_sink.addError(m_container, partPath, std::nullopt, "MIME nesting deeper than 64 levels: rest skipped",
                        casestore::ErrorSeverity::Warning);
        return;
    }
    const std::string mime = mimeTypeOf(object);
    json node{{"part", partPath.empty() ? "0" : partPath}, {"content_type", sanitizeUtf8(mime)}};
    if (const char *disp = g_mime_object_get_disposition(object))
        node["disposition"] = sanitizeUtf8(lower(disp));
    if (GMIME_IS_MULTIPART(object)) {
        walk.structure.push_back(std::move(node));
        GMimeMultipart *mp = GMIME_MULTIPART(object);
        const int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n; ++i)
            collect(g_mime_multipart_get_part(mp, i),
                    (partPath.empty() ? "" : partPath + ".") + std::to_string(i + 1), walk, level + 1);
        return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
        walk.structure.push_back(std::move(node));
        walk.leaves.push_back({object, partPath, true});
        return;
    }
    if (!GMIME_IS_PART(object)) {
        walk.structure.push_back(std::move(node));
        return;
    }
    GMimePart *part = GMIME_PART(object);
    const std::string filename = sanitizeUtf8(str(g_mime_part_get_filename(part)));
    const char *disp = g_mime_object_get_disposition(object);
    const bool attachmentDisposition = disp && g_ascii_strcasecmp(disp, "attachment") == 0;
    if (!filename.empty())
        node["filename"] = filename;
    node["encoding"] = str(g_mime_content_encoding_to_string(g_mime_part_get_content_encoding(part)));
    walk.structure.push_back(std::move(node));
    const bool textual = mime == "text/plain" || mime == "text/html";
    if (textual && !attachmentDisposition && filename.empty()) {
        readBody(part, mime == "text/html", walk);
        return;
    }
    walk.leaves.push_back({object, partPath.empty() ? "1" : partPath, false});
}

std::string MessageExtractor::safeName(std::string name) {
    // A file name from hostile mail: keep it readable but never a path.
    for (char &c : name)
        if (c == '/' || c == '\\' || c == '\0')
            c = '_';
    name = std::string(trim(name));
    if (name.size() > 255)
        name = name.substr(0, 255);
    return name;
}

ObjectId MessageExtractor::ingestAttachment(ingest::ArtifactSink &sink, ObjectId parent, const std::string &path,
                                            const std::string &name, std::vector<Attribute> attributes, ByteView data,
                                            ObservableCollector &obs) {
    const AttachmentFacts facts = AttachmentInspect::inspect(data);
    if (facts.vbaMacros) {
        attributes.push_back(Attribute::ofInt("vba_macros", 1));
        attributes.push_back(Attribute::ofText("vba_evidence", facts.macroEvidence));
    }
    if (facts.encryptedArchive)
        attributes.push_back(Attribute::ofInt("encrypted_archive", 1));
    if (facts.encryptedDocument)
        attributes.push_back(Attribute::ofInt("encrypted_document", 1));
    ingest::MemoryStream stream(data);
    ingest::NestedItem item{name, path, "attachment", std::move(attributes), {}};
    const ingest::NestedOutcome outcome = sink.ingestNested(parent, std::move(item), stream);
    if (!outcome.sha256.empty())
        obs.addHash("sha256", outcome.sha256, "attachment " + name);
    return outcome.id;
}

ObjectId MessageExtractor::ingestBytes(ObjectId parent, const std::string &path, const std::string &name,
                                       std::vector<Attribute> attributes, ByteView data, ObservableCollector &obs) {
    return ingestAttachment(m_sink, parent, path, name, std::move(attributes), data, obs);
}

void MessageExtractor::storeAttachment(ObjectId emailId, const std::string &emailPath, const Leaf &leaf,
                                       ObservableCollector &obs) {
    GMimePart *part = GMIME_PART(leaf.object);
    const std::string mime = mimeTypeOf(leaf.object);
    std::string filename = safeName(sanitizeUtf8(str(g_mime_part_get_filename(part))));
    const bool hadName = !filename.empty();
    if (!hadName)
        filename = "part-" + leaf.partPath + extensionFor(mime);
    std::vector<Attribute> attrs;
    attrs.push_back(Attribute::ofText("filename", filename));
    if (!hadName)
        attrs.push_back(Attribute::ofInt("filename_generated", 1));
    attrs.push_back(Attribute::ofText("declared_type", sanitizeUtf8(mime)));
    attrs.push_back(Attribute::ofText("mime_part", leaf.partPath));
    attrs.push_back(Attribute::ofText(
        "transfer_encoding", str(g_mime_content_encoding_to_string(g_mime_part_get_content_encoding(part)))));
    if (const char *disp = g_mime_object_get_disposition(leaf.object))
        attrs.push_back(Attribute::ofText("disposition", sanitizeUtf8(lower(disp))));
    if (const char *cid = g_mime_object_get_content_id(leaf.object))
        attrs.push_back(Attribute::ofText("content_id", sanitizeUtf8(cid)));
    const std::string path = emailPath + "/" + filename;
    const std::int64_t encoded = encodedLength(part);
    if (encoded < 0 || encoded > kMaxInMemoryAttachment) {
        // Too large to hold: streamed to the pipeline (hashes, blob within
        // its limit, archive expansion), but not inspected for macros/TNEF.
        attrs.push_back(Attribute::ofInt("not_inspected", 1));
        DecodedPartStream stream(part);
        ingest::NestedItem item{filename, path, "attachment", std::move(attrs), {}};
        const ingest::NestedOutcome outcome = m_sink.ingestNested(emailId, std::move(item), stream);
        if (!outcome.sha256.empty())
            obs.addHash("sha256", outcome.sha256, "attachment " + filename);
        return;
    }
    const std::vector<std::uint8_t> data = decodedContent(part);
    // A winmail.dat is expanded by the pipeline's TNEF parser, which claims
    // it by magic inside ingestNested (as for Outlook attachments): one path.
    ingestBytes(emailId, path, filename, std::move(attrs), data, obs);
}

void MessageExtractor::storeInline(ObjectId emailId, const std::string &emailPath, Inline &file,
                                   ObservableCollector &obs) {
    const std::string name = safeName(file.name.empty() ? "inline.bin" : file.name);
    std::vector<Attribute> attrs{Attribute::ofText("filename", name), Attribute::ofText("transfer_encoding", file.encoding),
                                 Attribute::ofText("mime_part", "inline in text body")};
    ingestBytes(emailId, emailPath + "/" + name, name, std::move(attrs), file.data, obs);
}

ObjectId MessageExtractor::extract(GMimeMessage *message, const MessageOrigin &origin) {
    m_container = origin.containerId;

    casestore::ObjectRecord email;
    email.id = m_sink.newObjectId();
    email.parentId = origin.parentId;
    email.kind = "email";
    email.path = origin.path;
    email.mimeType = "message/rfc822";
    email.attributes = origin.attributes;
    ObservableCollector obs(email.id);
    auto &attrs = email.attributes;
    auto jsonAttr = [&](const char *name, const json &j) {
        if (!j.empty())
            attrs.push_back(Attribute::ofText(name, j.dump(-1, ' ', false, json::error_handler_t::replace)));
    };

    // Headers: the same analysis Outlook items with transport headers get.
    HeaderAnalysis headerFacts = HeaderAnalyzer::analyze(message, obs);
    attrs.insert(attrs.end(), headerFacts.attributes.begin(), headerFacts.attributes.end());
    const std::string &subject = headerFacts.subject;

    // Bodies and the list of parts that become attachments or child emails.
    Walk walk;
    collect(g_mime_message_get_mime_part(message), "", walk, 0);
    jsonAttr("mime_structure", walk.structure);
    BodyAnalyzer::analyze(walk.text, walk.html, attrs, obs);
    std::size_t attachments = walk.inlineFiles.size();
    for (const auto &leaf : walk.leaves)
        attachments += leaf.message ? 0 : 1;
    attrs.push_back(Attribute::ofInt("attachment_count", static_cast<std::int64_t>(attachments)));
    attrs.push_back(Attribute::ofInt("nested_message_count",
                                     std::count_if(walk.leaves.begin(), walk.leaves.end(),
                                                   [](const Leaf &l) { return l.message; })));
    if (!origin.issues.empty()) {
        json issues = json::array();
        for (const auto &is : origin.issues)
            issues.push_back({{"offset", is.offset}, {"issue", is.what}, {"critical", is.critical}});
        jsonAttr("parse_issues", issues);
    }

    email.name = subject.empty() ? (origin.name.empty() ? "(no subject)" : origin.name) : subject.substr(0, 512);
    if (!origin.raw.empty()) {
        // SHA-256 only: it addresses the raw message's blob. MD5/SHA-1 are
        // kept for files and attachments, which is where analysts match them.
        const std::string sha256 = sha256Hex(origin.raw);
        email.size = static_cast<std::int64_t>(origin.raw.size());
        email.sha256 = sha256;
        email.blobSha256 = m_sink.storeBlobWithHash(origin.raw, sha256);
    }
    const ObjectId emailId = email.id;
    m_sink.addObject(std::move(email));

    // Events after the object exists: the timeline points at it.
    HeaderAnalyzer::emitEvents(m_sink, emailId, headerFacts);

    for (const auto &leaf : walk.leaves) {
        if (m_ctx.stop.stop_requested())
            break;
        if (!leaf.message) {
            storeAttachment(emailId, origin.path, leaf, obs);
            continue;
        }
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(leaf.object));
        const std::string innerPath = origin.path + "/" + leaf.partPath + ".eml";
        if (!inner)
            continue;
        if (origin.depth + 1 > kMaxMessageDepth) {
            m_sink.addError(m_container, innerPath, std::nullopt,
                            "message/rfc822 nesting deeper than " + std::to_string(kMaxMessageDepth) +
                                ": inner message not expanded",
                            casestore::ErrorSeverity::Warning);
            continue;
        }
        // The nested message's own bytes, re-serialised by GMime from what it parsed.
        GPtr<GMimeStream> mem(g_mime_stream_mem_new());
        g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, mem.get());
        GByteArray *array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
        MessageOrigin child;
        child.parentId = emailId;
        child.containerId = origin.containerId;
        child.path = innerPath;
        child.name = leaf.partPath + ".eml";
        child.depth = origin.depth + 1;
        child.attributes.push_back(Attribute::ofText("mime_part", leaf.partPath));
        if (array)
            child.raw = ByteView(array->data, array->len);
        extract(inner, child);
        m_container = origin.containerId;
    }
    for (auto &file : walk.inlineFiles)
        storeInline(emailId, origin.path, file, obs);
    obs.flush(m_sink);
    return emailId;
}

}  // namespace harrier::parsers::mail
