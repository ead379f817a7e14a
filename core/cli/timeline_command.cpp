#include "casestore/event_query.h"
#include "cli/commands.h"
#include "cli/output_target.h"
#include "timeline/timeline_export.h"

namespace harrier::cli {

namespace {

const OptionSpec kTimelineOptions{{"--from", "--to", "--source", "--type", "--desc", "--host", "--user", "--search",
                                   "--tag", "--min-severity", "--around", "--minutes", "--format", "--out", "--limit"},
                                  {"--has-hit", "--histogram", "--json", "--ignore-manifest"}};

/// Builds the filter; returns an error message for bad values.
std::optional<std::string> buildFilter(const Args &args, casestore::EventFilter &f) {
    for (const char *bound : {"--from", "--to"}) {
        if (auto v = args.value(bound)) {
            auto t = UtcTime::parseIso8601(*v);
            if (!t)
                return std::string(bound) + " takes an ISO 8601 time such as 2024-03-25T10:00:00Z";
            (std::string(bound) == "--from" ? f.from : f.to) = *t;
        }
    }
    for (const auto &s : args.values("--source")) {
        auto id = parseInteger(s);
        if (!id)
            return "--source takes a source id";
        f.sources.push_back(*id);
    }
    f.eventTypes = args.values("--type");
    f.timestampDescs = args.values("--desc");
    f.hosts = args.values("--host");
    f.users = args.values("--user");
    f.tags = args.values("--tag");
    f.text = args.value("--search").value_or("");
    f.hasHit = args.flag("--has-hit");
    if (auto v = args.value("--min-severity")) {
        auto n = parseInteger(*v);
        if (!n)
            return "--min-severity takes a number";
        f.minSeverity = static_cast<int>(*n);
    }
    return std::nullopt;
}

}  // namespace

int cmdTimeline(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens, kTimelineOptions, {1, 1, "timeline takes exactly one CASE path"}, rc);
    if (!args)
        return rc;
    casestore::EventFilter filter;
    if (auto bad = buildFilter(*args, filter))
        return usageError(ctx, *bad);
    auto format = timeline::parseExportFormat(args->value("--format").value_or(args->flag("--json") ? "jsonl" : "csv"));
    if (!format)
        return usageError(ctx, "--format is one of csv, jsonl, timesketch");

    auto db = openCaseToRead(ctx, *args, rc);
    if (!db)
        return rc;
    casestore::EventQuery query(*db);
    if (auto around = args->value("--around")) {
        const auto id = parseInteger(*around);
        const auto minutes = parseInteger(args->value("--minutes").value_or("5"));
        if (!id || !minutes)
            return usageError(ctx, "--around takes an event id and --minutes a number");
        auto narrowed = query.around(*id, static_cast<int>(*minutes), filter);
        if (!narrowed)
            return reportError(ctx, narrowed.error());
        filter = *narrowed;
    }

    if (args->flag("--histogram")) {
        auto h = query.histogram(filter);
        if (!h)
            return reportError(ctx, h.error());
        nlohmann::json j{{"bucket_seconds", h->bucketMicros / 1'000'000}, {"buckets", nlohmann::json::array()}};
        for (const auto &b : h->buckets)
            j["buckets"].push_back({{"start", b.start.toIso8601()}, {"count", b.count}});
        ctx.out << dumpJson(j) << "\n";
        return kExitOk;
    }

    OutputTarget out(ctx);
    if (!out.open(*args, rc))
        return rc;
    std::uint64_t limit = 0;
    if (auto v = args->value("--limit")) {
        const auto n = parseInteger(*v);
        if (!n || *n <= 0)
            return usageError(ctx, "--limit takes a positive number");
        limit = static_cast<std::uint64_t>(*n);
    }
    auto written = timeline::exportTimeline(query, filter, *format, out.stream(), limit);
    if (!written)
        return reportError(ctx, written.error());
    out.reportWritten(*written, "events");
    return kExitOk;
}

}  // namespace harrier::cli
