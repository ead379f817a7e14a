#pragma once
/// Threading for the email viewer: the other emails of the case a message
/// answers (its In-Reply-To and References, by Message-ID) and the ones
/// that answer it.

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

struct ThreadEmail {
    ObjectId id = 0;
    std::string messageId;
    std::string subject;
    std::string from;  ///< from_display
    std::optional<UtcTime> date;
    bool reply = false;  ///< true: it answers the message asked about
};

class EmailThreadQuery {
public:
    explicit EmailThreadQuery(const CaseDb &db) : m_db(db) {}

    /// Emails whose message_id is one of ids (several copies of one message
    /// are all returned), in date order.
    Result<std::vector<ThreadEmail>> byMessageIds(const std::vector<std::string> &ids) const;
    /// Emails whose In-Reply-To or References name messageId.
    Result<std::vector<ThreadEmail>> replies(const std::string &messageId) const;

private:
    const CaseDb &m_db;
};

}  // namespace harrier::casestore
