#pragma once
/// Read-side queries about individual artifacts: the email list (the
/// attributes documented in docs/ARCHITECTURE.md "Email data model"), and an
/// object's events and observables for detail views (`harrier-cli show`,
/// the GUI's viewers, the report).

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

struct EmailSummary {
    ObjectId id = 0;
    ObjectId parentId = 0;
    ObjectId sourceId = 0;
    std::string sourceName;
    std::string path;
    std::optional<UtcTime> date;
    std::string dateOriginal;
    std::string from;     ///< from_display
    std::string subject;
    std::int64_t attachmentCount = 0;
    bool nested = false;  ///< a message/rfc822 inside another email
};

struct ObjectEvent {
    EventId id = 0;
    UtcTime time;
    std::string timestampDesc;
    std::string eventType;
    std::string message;
};

struct ObjectObservable {
    std::string kind;
    std::string value;
    std::string context;
};

class ObjectQuery {
public:
    explicit ObjectQuery(const CaseDb &db) : m_db(db) {}

    /// Every `email` object, by date (undated last), then id.
    Result<std::vector<EmailSummary>> emails(ObjectId sourceId = 0) const;
    Result<std::vector<ObjectEvent>> events(ObjectId objectId) const;
    Result<std::vector<ObjectObservable>> observables(ObjectId objectId) const;

private:
    const CaseDb &m_db;
};

}  // namespace harrier::casestore
