// `emails` (the message list) and `show` (one artifact with everything
// known about it; emails get a readable layout).
#include <set>

#include "casestore/case_reader.h"
#include "casestore/object_query.h"
#include "cli/commands.h"

namespace harrier::cli {

namespace {

using nlohmann::json;

// Attributes whose text is JSON (docs/ARCHITECTURE.md, "Email data model").
const std::set<std::string> kJsonAttributes = {
    "headers", "from",         "sender",       "reply_to", "to",     "cc",          "bcc",
    "delivered_to", "return_path", "references", "received_hops", "auth_results", "urls", "images",
    "forms",   "mime_structure", "parse_issues"};

json attributeValue(const casestore::Attribute &a) {
    switch (a.type) {
    case casestore::AttributeType::Integer:
        return a.integer;
    case casestore::AttributeType::Time:
        return UtcTime{a.integer}.toIso8601();
    case casestore::AttributeType::Text:
        break;
    }
    if (kJsonAttributes.count(a.name)) {
        json j = json::parse(a.text, nullptr, false);
        if (!j.is_discarded())
            return j;
    }
    return a.text;
}

json objectJson(const casestore::ObjectRecord &o) {
    json j{{"id", o.id},         {"parent_id", o.parentId}, {"source_id", o.sourceId}, {"kind", o.kind},
           {"name", o.name},     {"path", o.path},          {"size", o.size ? json(*o.size) : json()},
           {"md5", o.md5},       {"sha1", o.sha1},          {"sha256", o.sha256},
           {"blob_sha256", o.blobSha256}, {"mime_type", o.mimeType}, {"file_type", o.fileType}};
    return j;
}

const casestore::Attribute *find(const casestore::ObjectRecord &o, const std::string &name) {
    for (const auto &a : o.attributes)
        if (a.name == name)
            return &a;
    return nullptr;
}

std::string addressLine(const json &list) {
    std::string out;
    if (!list.is_array())
        return out;
    for (const auto &a : list) {
        if (!out.empty())
            out += ", ";
        const std::string name = a.value("name", ""), addr = a.value("address", "");
        out += name.empty() ? addr : name + " <" + addr + ">";
    }
    return out;
}

void printEmail(std::ostream &out, const casestore::ObjectRecord &o, const std::vector<casestore::ObjectRecord> &kids) {
    auto text = [&](const char *n) {
        const auto *a = find(o, n);
        return a ? a->text : std::string();
    };
    auto js = [&](const char *n) {
        const auto *a = find(o, n);
        return a ? attributeValue(*a) : json();
    };
    out << "Email " << o.id << "  " << o.path << "\n";
    for (const char *h : {"from", "sender", "reply_to", "to", "cc", "bcc", "delivered_to", "return_path"})
        if (const std::string line = addressLine(js(h)); !line.empty())
            out << "  " << h << ": " << line << "\n";
    out << "  subject: " << text("subject") << "\n";
    if (const auto *d = find(o, "date"))
        out << "  date: " << UtcTime{d->integer}.toIso8601() << "  (" << text("date_original") << ")\n";
    else if (!text("date_original").empty())
        out << "  date: (unparsable) " << text("date_original") << "\n";
    for (const char *h : {"message_id", "in_reply_to", "x_mailer", "user_agent", "x_originating_ip", "maildir_flags"})
        if (const std::string v = text(h); !v.empty())
            out << "  " << h << ": " << v << "\n";
    if (const auto *a = find(o, "mbox_offset"))
        out << "  mbox: message " << find(o, "mbox_index")->integer << " at byte " << a->integer << ", "
            << find(o, "mbox_length")->integer << " bytes\n";
    if (const json hops = js("received_hops"); hops.is_array()) {
        out << "  Received chain (oldest first):\n";
        for (const auto &h : hops) {
            out << "    " << h.value("hop", 0) << ". from " << h.value("from_host", "") << " [" << h.value("ip", "")
                << "] by " << h.value("by_host", "") << " with " << h.value("protocol", "") << "  "
                << (h["time"].is_string() ? h["time"].get<std::string>() : std::string("(no time)"));
            if (h["delay_seconds"].is_number())
                out << "  +" << h["delay_seconds"].get<std::int64_t>() << "s";
            out << "\n";
        }
    }
    if (const json v = js("auth_results"); v.is_array()) {
        out << "  Authentication:\n";
        for (const auto &r : v)
            out << "    " << r.value("method", "") << "=" << r.value("result", "") << "  domain "
                << r.value("domain", "") << "  (" << r.value("header", "") << " by " << r.value("authserv_id", "")
                << ")\n";
    }
    if (!kids.empty()) {
        out << "  Attachments and nested messages:\n";
        for (const auto &k : kids) {
            out << "    [" << k.id << "] " << k.kind << "  " << k.name << "  " << (k.size ? *k.size : 0) << " bytes  "
                << k.mimeType << "  sha256 " << k.sha256;
            if (find(k, "vba_macros"))
                out << "  VBA MACROS";
            if (find(k, "encrypted_archive"))
                out << "  ENCRYPTED ARCHIVE";
            out << "\n";
        }
    }
    if (const json urls = js("urls"); urls.is_array()) {
        out << "  URLs:\n";
        for (const auto &u : urls) {
            out << "    " << u.value("origin", "") << ": " << u.value("url", "");
            if (u.contains("anchor_text") && !u["anchor_text"].get<std::string>().empty())
                out << "  [text: " << u["anchor_text"].get<std::string>().substr(0, 80) << "]";
            out << "\n";
        }
    }
    if (const json imgs = js("images"); imgs.is_array()) {
        out << "  Images:\n";
        for (const auto &i : imgs)
            out << "    " << i.value("src_kind", "") << " " << i.value("src", "").substr(0, 120)
                << (i.value("hidden", false) ? "  HIDDEN (" + i.value("hidden_reason", "") + ")" : "") << "\n";
    }
    if (const std::string body = text("body_text"); !body.empty())
        out << "  Text body (first 2000 characters):\n" << body.substr(0, 2000) << "\n";
}

}  // namespace

int cmdEmails(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args =
        parseCommandLine(ctx, tokens, {{"--source"}, {"--json", "--ignore-manifest"}}, {1, 1, "emails takes exactly one CASE path"}, rc);
    if (!args)
        return rc;
    const auto source = parseInteger(args->value("--source").value_or("0"));
    if (!source)
        return usageError(ctx, "--source takes a source id");
    auto db = openCaseToRead(ctx, *args, rc);
    if (!db)
        return rc;
    auto emails = casestore::ObjectQuery(*db).emails(*source);
    if (!emails)
        return reportError(ctx, emails.error());
    if (args->flag("--json")) {
        json arr = json::array();
        for (const auto &e : *emails)
            arr.push_back({{"id", e.id},
                           {"date", e.date ? json(e.date->toIso8601()) : json()},
                           {"date_original", e.dateOriginal},
                           {"from", e.from},
                           {"subject", e.subject},
                           {"attachments", e.attachmentCount},
                           {"nested", e.nested},
                           {"source_id", e.sourceId},
                           {"source", e.sourceName},
                           {"path", e.path}});
        ctx.out << dumpJson(arr) << "\n";
        return kExitOk;
    }
    ctx.out << "ID\tDATE\tFROM\tSUBJECT\tATTACHMENTS\tSOURCE\n";
    for (const auto &e : *emails)
        ctx.out << e.id << "\t" << (e.date ? e.date->toIso8601() : std::string("-")) << "\t" << e.from << "\t"
                << e.subject << "\t" << e.attachmentCount << "\t" << e.path << "\n";
    return kExitOk;
}

int cmdShow(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens, {{}, {"--json", "--ignore-manifest"}}, {2, 2, "show takes a CASE path and an object ID"}, rc);
    if (!args)
        return rc;
    const auto id = parseInteger(args->positional()[1]);
    if (!id)
        return usageError(ctx, "show takes a numeric object ID");
    auto db = openCaseToRead(ctx, *args, rc);
    if (!db)
        return rc;
    casestore::CaseReader reader(*db);
    casestore::ObjectQuery query(*db);
    auto object = reader.object(*id);
    if (!object) {
        ctx.err << "harrier-cli: " << object.error().message << "\n";
        return object.error().code == ErrorCode::NotFound ? kExitUsage : kExitError;
    }
    auto kids = reader.children(*id);
    auto events = query.events(*id);
    auto observables = query.observables(*id);
    if (!kids)
        return reportError(ctx, kids.error());
    if (!events)
        return reportError(ctx, events.error());
    if (!observables)
        return reportError(ctx, observables.error());
    // Children with their attributes (flags such as vba_macros live there).
    std::vector<casestore::ObjectRecord> children;
    for (const auto &k : *kids) {
        auto full = reader.object(k.id);
        children.push_back(full ? *full : k);
    }
    if (args->flag("--json")) {
        json j = objectJson(*object);
        json attrs = json::object();
        for (const auto &a : object->attributes)
            attrs[a.name] = attributeValue(a);
        j["attributes"] = std::move(attrs);
        j["children"] = json::array();
        for (const auto &k : children) {
            json c = objectJson(k);
            json ka = json::object();
            for (const auto &a : k.attributes)
                if (a.name != "body_text" && a.name != "body_html" && a.name != "headers")
                    ka[a.name] = attributeValue(a);
            c["attributes"] = std::move(ka);
            j["children"].push_back(std::move(c));
        }
        j["events"] = json::array();
        for (const auto &e : *events)
            j["events"].push_back({{"id", e.id}, {"time", e.time.toIso8601()}, {"timestamp_desc", e.timestampDesc},
                                   {"event_type", e.eventType}, {"message", e.message}});
        j["observables"] = json::array();
        for (const auto &o : *observables)
            j["observables"].push_back({{"kind", o.kind}, {"value", o.value}, {"context", o.context}});
        ctx.out << dumpJson(j) << "\n";
        return kExitOk;
    }
    if (object->kind == "email") {
        printEmail(ctx.out, *object, children);
    } else {
        ctx.out << object->kind << " " << object->id << "  " << object->path << "\n"
                << "  name: " << object->name << "\n  size: " << (object->size ? *object->size : 0)
                << "\n  type: " << object->mimeType << " (" << object->fileType << ")\n"
                << "  md5: " << object->md5 << "\n  sha1: " << object->sha1 << "\n  sha256: " << object->sha256
                << "\n  parent: " << object->parentId << "  source: " << object->sourceId << "\n";
        for (const auto &a : object->attributes)
            ctx.out << "  " << a.name << ": " << attributeValue(a).dump(-1, ' ', false, json::error_handler_t::replace)
                    << "\n";
        if (!children.empty())
            ctx.out << "  children:\n";
        for (const auto &k : children)
            ctx.out << "    [" << k.id << "] " << k.kind << "  " << k.name << "\n";
    }
    if (!events->empty()) {
        ctx.out << "  Events:\n";
        for (const auto &e : *events)
            ctx.out << "    " << e.time.toIso8601() << "  " << e.timestampDesc << "  " << e.message << "\n";
    }
    if (!observables->empty()) {
        ctx.out << "  Observables:\n";
        for (const auto &o : *observables)
            ctx.out << "    " << o.kind << "  " << o.value << "  (" << o.context << ")\n";
    }
    return kExitOk;
}

}  // namespace harrier::cli
