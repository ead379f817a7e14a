#include "casestore/records.h"

namespace harrier::casestore {

const char *toString(SourceStatus status) {
    switch (status) {
    case SourceStatus::Running: return "running";
    case SourceStatus::Done: return "done";
    case SourceStatus::Partial: return "partial";
    case SourceStatus::Failed: return "failed";
    }
    return "failed";
}

SourceStatus sourceStatusFromString(std::string_view text) {
    if (text == "running") return SourceStatus::Running;
    if (text == "done") return SourceStatus::Done;
    if (text == "partial") return SourceStatus::Partial;
    return SourceStatus::Failed;
}

}  // namespace harrier::casestore
