#include "parsers/windows/scheduled_task_parser.h"

#include <expat.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "ingest/artifact_sink.h"

namespace harrier::parsers::windows {

using casestore::Attribute;
using casestore::ErrorSeverity;

namespace {

constexpr std::uint64_t kMaxTaskBytes = 4 << 20;  // real task files are a few KiB

struct Task {
    std::string uri, author, description, date, userId, runLevel, hidden, enabled;
    std::vector<std::string> commands;          ///< Exec: command + arguments
    std::vector<std::pair<std::string, std::string>> triggers;  ///< kind, StartBoundary
};

struct State {
    Task *task = nullptr;
    std::vector<std::string> stack;
    std::string text;
    std::string trigger;  ///< kind of the open trigger element
    std::string command, arguments;
};

std::string_view local(const XML_Char *name) {
    const char *bar = std::strrchr(name, '|');
    return bar ? std::string_view(bar + 1) : std::string_view(name);
}

bool under(const State &s, std::string_view parent) {
    return s.stack.size() >= 2 && s.stack[s.stack.size() - 2] == parent;
}

void XMLCALL onStart(void *user, const XML_Char *name, const XML_Char **) {
    auto &s = *static_cast<State *>(user);
    s.stack.emplace_back(local(name));
    s.text.clear();
    if (under(s, "Triggers"))
        s.trigger = s.stack.back();
}

void XMLCALL onEnd(void *user, const XML_Char *) {
    auto &s = *static_cast<State *>(user);
    if (s.stack.empty())
        return;
    const std::string name = s.stack.back();
    Task &t = *s.task;
    if (under(s, "RegistrationInfo")) {
        if (name == "URI") t.uri = s.text;
        else if (name == "Author") t.author = s.text;
        else if (name == "Description") t.description = s.text;
        else if (name == "Date") t.date = s.text;
    } else if (under(s, "Principal")) {
        if (name == "UserId") t.userId = s.text;
        else if (name == "RunLevel") t.runLevel = s.text;
    } else if (under(s, "Settings")) {
        if (name == "Hidden") t.hidden = s.text;
        else if (name == "Enabled") t.enabled = s.text;
    } else if (under(s, "Exec")) {
        if (name == "Command") s.command = s.text;
        else if (name == "Arguments") s.arguments = s.text;
    } else if (name == "Exec") {
        t.commands.push_back(s.arguments.empty() ? s.command : s.command + " " + s.arguments);
        s.command.clear();
        s.arguments.clear();
    } else if (name == "StartBoundary" && !s.trigger.empty()) {
        t.triggers.emplace_back(s.trigger, s.text);
    }
    s.stack.pop_back();
    s.text.clear();
}

void XMLCALL onText(void *user, const XML_Char *text, int len) {
    static_cast<State *>(user)->text.append(text, static_cast<std::size_t>(len));
}

}  // namespace

const ingest::ParserInfo &ScheduledTaskParser::info() const noexcept {
    static const ingest::ParserInfo i{"scheduled-task", "Windows scheduled task XML", {"xml", "job"}};
    return i;
}

ingest::Confidence ScheduledTaskParser::sniff(ByteView head, std::string_view) const {
    // Task files are UTF-16LE with a BOM; look for the task namespace in either width.
    std::string ascii;
    const bool wide = head.size() >= 2 && head[0] == 0xff && head[1] == 0xfe;
    for (std::size_t i = wide ? 2 : 0; i < head.size() && ascii.size() < 2048; i += wide ? 2 : 1)
        ascii += static_cast<char>(head[i]);
    if (ascii.find("<Task") != std::string::npos &&
        ascii.find("schemas.microsoft.com/windows/2004/02/mit/task") != std::string::npos)
        return ingest::Confidence::Magic;
    return ingest::Confidence::None;
}

Result<void> ScheduledTaskParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                        const ingest::ParseContext &ctx) {
    if (item.size > kMaxTaskBytes)
        return makeError(ErrorCode::LimitExceeded, "task file larger than 4 MiB: not a real task definition");
    std::FILE *f = std::fopen(item.localPath.c_str(), "rb");
    if (!f)
        return makeError(ErrorCode::Io, "cannot open " + item.localPath);
    std::string data(item.size, '\0');
    const std::size_t got = std::fread(data.data(), 1, data.size(), f);
    std::fclose(f);
    data.resize(got);

    Task task;
    State state;
    state.task = &task;
    // Expat honours the BOM / XML declaration (UTF-16 task files) and has
    // billion-laughs protection; the file is hostile.
    XML_Parser parser = XML_ParserCreateNS(nullptr, '|');
    if (!parser)
        return makeError(ErrorCode::Internal, "cannot create XML parser");
    XML_SetUserData(parser, &state);
    XML_SetElementHandler(parser, onStart, onEnd);
    XML_SetCharacterDataHandler(parser, onText);
    const bool ok = XML_Parse(parser, data.data(), static_cast<int>(data.size()), XML_TRUE) == XML_STATUS_OK;
    const std::string xmlError = ok ? "" : XML_ErrorString(XML_GetErrorCode(parser));
    const auto errorOffset = ok ? 0 : XML_GetCurrentByteIndex(parser);
    XML_ParserFree(parser);
    if (!ok)
        out.addError(item.objectId, item.path, errorOffset, "task XML is malformed (" + xmlError + "); kept what was read",
                     ErrorSeverity::Warning);

    casestore::ObjectRecord o;
    o.id = out.newObjectId();
    o.parentId = item.objectId;
    o.kind = "scheduled_task";
    o.name = task.uri.empty() ? item.name : task.uri;
    o.path = item.path + "#task";
    auto text = [&](const char *n, const std::string &v) {
        if (!v.empty())
            o.attributes.push_back(Attribute::ofText(n, v));
    };
    text("uri", task.uri);
    text("author", task.author);
    text("description", task.description);
    text("user_id", task.userId);
    text("run_level", task.runLevel);
    text("hidden", task.hidden);
    text("enabled", task.enabled);
    for (const auto &c : task.commands)
        text("command", c);
    out.addObject(std::move(o));

    std::string summary = (task.uri.empty() ? item.name : task.uri);
    for (const auto &c : task.commands)
        summary += " runs \"" + c + "\"";
    if (!task.userId.empty())
        summary += " as " + task.userId;
    if (!task.author.empty())
        summary += " (author " + task.author + ")";
    if (task.hidden == "true")
        summary += " [hidden]";
    auto emit = [&](const std::string &when, const std::string &desc) {
        // Task times are written without a zone (local time of the host): read as UTC.
        const auto t = UtcTime::parseIso8601(when);
        if (!t) {
            if (!when.empty())
                out.addError(item.objectId, item.path, std::nullopt, "unreadable task time '" + when + "'",
                             ErrorSeverity::Warning);
            return;
        }
        casestore::EventRecord e;
        e.time = *t;
        e.timestampDesc = desc;
        e.eventType = "windows:scheduled_task";
        e.objectId = o.id;
        e.host = ctx.host;
        e.user = task.userId;
        e.message = summary;
        out.addEvent(std::move(e));
    };
    emit(task.date, "Task Registered");
    for (const auto &[kind, start] : task.triggers)
        emit(start, "Task Trigger Start (" + kind + ")");
    return {};
}

}  // namespace harrier::parsers::windows
