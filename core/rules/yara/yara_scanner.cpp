#include "rules/yara/yara_scanner.h"

#include <yara.h>

#include <algorithm>
#include <filesystem>

#include "rules/yara/loki_file_type.h"

namespace harrier::rules::yara {

namespace {

constexpr std::size_t kMaxStringsPerRule = 32;
constexpr std::size_t kMaxDataBytes = 64;
constexpr std::size_t kContextBytes = 24;

struct CallbackState {
    ByteView content;
    ScanOutcome *outcome = nullptr;
};

int scanCallback(YR_SCAN_CONTEXT *context, int message, void *messageData, void *user) {
    auto *state = static_cast<CallbackState *>(user);
    if (message == CALLBACK_MSG_TOO_MANY_MATCHES) {
        const auto *s = static_cast<const YR_STRING *>(messageData);
        state->outcome->message += std::string("too many matches for string ") + s->identifier + "; ";
        return CALLBACK_CONTINUE;
    }
    if (message != CALLBACK_MSG_RULE_MATCHING)
        return CALLBACK_CONTINUE;
    const auto *rule = static_cast<const YR_RULE *>(messageData);
    RuleMatch m;
    m.rule = rule->identifier;
    m.ns = rule->ns->name;
    const char *tag = nullptr;
    yr_rule_tags_foreach(rule, tag) { m.tags.emplace_back(tag); }
    const YR_META *meta = nullptr;
    yr_rule_metas_foreach(rule, meta) {
        std::string value;
        if (meta->type == META_TYPE_INTEGER)
            value = std::to_string(meta->integer);
        else if (meta->type == META_TYPE_BOOLEAN)
            value = meta->integer ? "true" : "false";
        else
            value = meta->string ? meta->string : "";
        m.meta.emplace_back(meta->identifier, std::move(value));
    }
    const YR_STRING *string = nullptr;
    yr_rule_strings_foreach(rule, string) {
        const YR_MATCH *match = nullptr;
        yr_string_matches_foreach(context, string, match) {
            if (m.strings.size() >= kMaxStringsPerRule) {
                m.stringsTruncated = true;
                break;
            }
            StringMatch sm;
            sm.identifier = string->identifier;
            sm.offset = static_cast<std::uint64_t>(match->base + match->offset);
            sm.length = static_cast<std::uint32_t>(match->match_length);
            sm.data = escapeBytes(ByteView(match->data, std::min<std::size_t>(match->data_length, kMaxDataBytes)));
            const auto &c = state->content;
            if (sm.offset <= c.size()) {
                const std::size_t from = sm.offset > kContextBytes ? sm.offset - kContextBytes : 0;
                const std::size_t to = std::min<std::size_t>(c.size(), sm.offset + std::min<std::size_t>(sm.length, kMaxDataBytes) + kContextBytes);
                sm.context = escapeBytes(c.subspan(from, to - from));
            }
            m.strings.push_back(std::move(sm));
        }
    }
    state->outcome->matches.push_back(std::move(m));
    return CALLBACK_CONTINUE;
}

}  // namespace

std::string escapeBytes(ByteView bytes) {
    static const char *hex = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size());
    for (const std::uint8_t b : bytes) {
        if (b >= 0x20 && b < 0x7f && b != '\\') {
            out.push_back(static_cast<char>(b));
        } else {
            out += "\\x";
            out.push_back(hex[b >> 4]);
            out.push_back(hex[b & 15]);
        }
    }
    return out;
}

ScanExternals makeExternals(const std::string &path, ByteView content, const std::string &owner,
                            const std::string &md5) {
    namespace fs = std::filesystem;
    ScanExternals e;
    // Evidence paths may use either separator (Windows collections).
    const auto cut = path.find_last_of("/\\");
    e.filename = cut == std::string::npos ? path : path.substr(cut + 1);
    e.filepath = cut == std::string::npos ? std::string() : path.substr(0, cut);
    e.extension = fs::path(e.filename).extension().string();
    std::transform(e.extension.begin(), e.extension.end(), e.extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    e.filetype = lokiFileType(content.first(std::min(content.size(), lokiFileTypeHeadSize())));
    e.owner = owner;
    e.md5 = md5;
    return e;
}

Result<YaraScanner> YaraScanner::create(const CompiledRules &rules, int timeoutSeconds) {
    YR_SCANNER *s = nullptr;
    if (!rules || yr_scanner_create(rules.get(), &s) != ERROR_SUCCESS)
        return makeError(ErrorCode::Internal, "cannot create a YARA scanner");
    yr_scanner_set_timeout(s, timeoutSeconds);
    yr_scanner_set_flags(s, 0);
    return YaraScanner(s);
}

YaraScanner::~YaraScanner() {
    if (m_scanner)
        yr_scanner_destroy(m_scanner);
}

ScanOutcome YaraScanner::scan(ByteView content, const ScanExternals &x) {
    ScanOutcome out;
    const std::pair<const char *, const std::string *> vars[] = {
        {"filename", &x.filename}, {"filepath", &x.filepath}, {"extension", &x.extension},
        {"filetype", &x.filetype}, {"owner", &x.owner},       {"md5", &x.md5}};
    for (const auto &[name, value] : vars) {
        if (yr_scanner_define_string_variable(m_scanner, name, value->c_str()) != ERROR_SUCCESS) {
            out.status = ScanStatus::Error;
            out.message = std::string("cannot set external ") + name;
            return out;
        }
    }
    CallbackState state{content, &out};
    yr_scanner_set_callback(m_scanner, scanCallback, &state);
    const int rc = yr_scanner_scan_mem(m_scanner, content.data(), content.size());
    if (rc == ERROR_SCAN_TIMEOUT) {
        out.status = ScanStatus::Timeout;
        out.message = "scan timed out";
    } else if (rc != ERROR_SUCCESS) {
        out.status = ScanStatus::Error;
        out.message = "yara error " + std::to_string(rc);
    }
    return out;
}

}  // namespace harrier::rules::yara
