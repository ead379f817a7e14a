#pragma once
/// What the built-in analyzers (core/rules/analyzers) read from a case:
/// objects of one kind with a chosen set of attributes, the object trees
/// under email attachments, and web-server request events. Read-only; the
/// SQL stays here so the analyzers never see the storage.

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

/// An object under an email attachment (the attachment itself at depth 0,
/// entries of an attached archive at depth 1, ...).
struct AttachmentNode {
    ObjectRecord object;  ///< with the attributes asked for
    ObjectId emailId = 0;       ///< the email the attachment belongs to
    ObjectId attachmentId = 0;  ///< the top-level attachment
    int depth = 0;
};

/// A "Web Request" event from an IIS or Apache/Nginx access log, as stored.
struct WebRequestEvent {
    EventId id = 0;
    ObjectId objectId = 0;  ///< the log file
    UtcTime time;
    std::string eventType;  ///< "log:iis" or "log:apache"
    std::string host;
    std::string message;
};

class AnalyzerInputs {
public:
    explicit AnalyzerInputs(const CaseDb &db) : m_db(db) {}

    /// Every object of `kind` in id order, carrying only the named attributes
    /// (the email bodies are large and most analyzers never need them).
    Result<void> forEachObjectOfKind(const std::string &kind, const std::vector<std::string> &attributeNames,
                                     const std::function<void(ObjectRecord &&)> &fn) const;
    /// Every object at or below an `attachment` whose parent is an email, with
    /// the named attributes. Nested emails inside attachments are not descended.
    Result<std::vector<AttachmentNode>> attachmentTrees(const std::vector<std::string> &attributeNames) const;
    /// Every web-server request event (log:iis, log:apache), in time order.
    Result<void> forEachWebRequest(const std::function<void(const WebRequestEvent &)> &fn) const;

private:
    const CaseDb &m_db;
};

}  // namespace harrier::casestore
