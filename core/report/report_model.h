#pragma once
/// What goes into a case summary, as plain values gathered from the case by
/// ReportBuilder. Renderers (ui/report: PDF and HTML) only lay this out;
/// every judgement (grouping, defanging, what counts as key) is made here so
/// the PDF, the HTML and any future format say the same thing.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/utc_time.h"
#include "casestore/event_query.h"
#include "report/severity.h"

namespace harrier::report {

struct Indicator {
    std::string kind;      ///< url, domain, ipv4, email, sha256, ...
    std::string value;     ///< as matched (never rendered in a report)
    std::string defanged;  ///< what the report shows
    std::string context;   ///< where it was seen or why it matters
};

struct EvidenceRow {
    std::int64_t sourceId = 0;
    std::string name;
    std::string type;  ///< file, directory (and the file type of a single file)
    std::optional<std::int64_t> size;
    std::string sha256;  ///< of the original container, empty for folders
    std::string addedBy;
    UtcTime addedAt;
    std::string status;
    std::string originalPath;
};

/// One item a finding is about. Emails carry their header facts so the
/// reader sees "which message" without opening the case.
struct AffectedItem {
    std::int64_t objectId = 0;
    std::int64_t eventId = 0;
    std::string kind;
    std::string name;
    std::string path;
    std::string sha256;
    std::string source;       ///< evidence source name
    std::string explanation;  ///< this hit's own explanation
    bool email = false;       ///< the item is an email, or inside one (then these describe that email)
    std::optional<UtcTime> emailDate;
    std::string emailDateOriginal;
    std::string emailFrom;       ///< defanged
    std::string emailSubject;
    std::string flaggedUrl;      ///< defanged
    std::vector<std::string> verdicts;  ///< "malicious (alice)"
};

struct Finding {
    std::string ruleSet;      ///< yara, ioc, analyzer:<id>
    std::string ruleId;
    std::string ruleSetHash;
    std::string detector;     ///< readable "YARA rule x (pack 1a2b…)", "Analyzer tracking_pixel"
    std::string explanation;  ///< the first hit's; items list their own when they differ
    int severity = 0;         ///< highest over the hits
    SeverityBand band = SeverityBand::Info;
    std::vector<AffectedItem> items;
    std::vector<Indicator> indicators;
};

struct SeverityGroup {
    SeverityBand band = SeverityBand::Info;
    std::vector<Finding> findings;
};

struct TimelineEntry {
    std::optional<UtcTime> time;
    std::string kind;  ///< "hit", "bookmark", "tag"
    std::string label;  ///< severity band or tag name
    std::string what;   ///< event message, item name, hit explanation
    std::int64_t objectId = 0;
    std::int64_t eventId = 0;
    std::string analyst;
};

struct NoteEntry {
    std::string target;  ///< "email 12: Invoice overdue", "event 345"
    std::string text;
    std::string analyst;
    UtcTime at;
};

struct RulePackEntry {
    std::string name;     ///< rule set name, and the pack's folder when known
    std::string hash;     ///< SHA-256 identifying this version of the pack
    std::string version;  ///< version meta if the rules declare one
    std::optional<std::int64_t> rules;
    std::uint64_t hits = 0;
    UtcTime lastRun;
    bool latest = true;
    std::vector<std::string> sourcePaths;
    std::string license;      ///< e.g. "Detection Rule License (DRL) 1.1"
    std::string attribution;  ///< the notice the license requires, empty when none
};

struct ReportSummary {
    std::uint64_t evidence = 0;
    std::uint64_t items = 0;  ///< objects other than the sources themselves
    std::uint64_t events = 0;
    std::uint64_t emails = 0;
    std::uint64_t hits = 0;
    std::map<SeverityBand, std::uint64_t> hitsByBand;
    std::map<std::string, std::uint64_t> verdicts;  ///< malicious/suspicious/benign -> items
    std::optional<UtcTime> firstEvent, lastEvent;
    std::uint64_t ingestErrors = 0;
    std::uint64_t ingestWarnings = 0;
};

struct ReportData {
    std::string caseName;
    std::string caseUuid;
    std::string casePath;
    std::string caseSha256;  ///< of the case file at report time
    bool walPending = false; ///< uncheckpointed changes sit in CASE-wal (not in the hash)
    std::vector<std::string> analysts;
    std::string createdBy;
    UtcTime createdAt;
    std::optional<UtcTime> updatedAt;
    UtcTime generatedAt;
    std::string generatedBy;
    std::string marking;  ///< "TLP:AMBER"
    std::string harrierVersion;
    bool contentIncluded = true;
    bool partialExport = false;  ///< an --only-tagged export

    ReportSummary summary;
    std::vector<EvidenceRow> evidence;
    std::vector<SeverityGroup> findings;  ///< Critical first; empty bands left out
    std::vector<TimelineEntry> timeline;  ///< by time, UTC
    bool timelineTruncated = false;
    std::vector<NoteEntry> notes;
    casestore::Histogram activity;
    std::vector<RulePackEntry> rulePacks;
    std::vector<Indicator> iocs;  ///< every matched indicator, defanged, deduplicated
};

}  // namespace harrier::report
