#include "rules/yara/compiled_rules.h"

#include <yara.h>

#include <cstring>
#include <string>

namespace harrier::rules::yara {

CompiledRules::~CompiledRules() {
    if (m_rules)
        yr_rules_destroy(m_rules);
}

CompiledRules &CompiledRules::operator=(CompiledRules &&other) noexcept {
    if (this != &other) {
        if (m_rules)
            yr_rules_destroy(m_rules);
        m_rules = other.m_rules;
        other.m_rules = nullptr;
    }
    return *this;
}

std::size_t CompiledRules::ruleCount() const {
    if (!m_rules)
        return 0;
    std::size_t n = 0;
    const YR_RULE *rule = nullptr;
    yr_rules_foreach(m_rules, rule) { ++n; }
    return n;
}

namespace {

struct MemoryStream {
    std::vector<std::uint8_t> *out = nullptr;
    const std::uint8_t *in = nullptr;
    std::size_t inSize = 0;
    std::size_t pos = 0;
};

std::size_t writeToMemory(const void *ptr, std::size_t size, std::size_t count, void *user) {
    auto *s = static_cast<MemoryStream *>(user);
    const auto *p = static_cast<const std::uint8_t *>(ptr);
    s->out->insert(s->out->end(), p, p + size * count);
    return count;
}

std::size_t readFromMemory(void *ptr, std::size_t size, std::size_t count, void *user) {
    auto *s = static_cast<MemoryStream *>(user);
    if (size == 0)
        return 0;
    const std::size_t items = std::min(count, (s->inSize - s->pos) / size);
    std::memcpy(ptr, s->in + s->pos, items * size);
    s->pos += items * size;
    return items;
}

}  // namespace

Result<std::vector<std::uint8_t>> CompiledRules::serialize() const {
    std::vector<std::uint8_t> out;
    MemoryStream ms{&out, nullptr, 0, 0};
    YR_STREAM stream{&ms, nullptr, writeToMemory};
    if (const int rc = yr_rules_save_stream(m_rules, &stream); rc != ERROR_SUCCESS)
        return makeError(ErrorCode::Internal, "cannot serialise compiled rules (yara error " + std::to_string(rc) + ")");
    return out;
}

Result<CompiledRules> CompiledRules::deserialize(const std::uint8_t *data, std::size_t size) {
    MemoryStream ms{nullptr, data, size, 0};
    YR_STREAM stream{&ms, readFromMemory, nullptr};
    YR_RULES *rules = nullptr;
    if (const int rc = yr_rules_load_stream(&stream, &rules); rc != ERROR_SUCCESS)
        return makeError(ErrorCode::InvalidInput, "cannot load compiled rules (yara error " + std::to_string(rc) + ")");
    return CompiledRules(rules);
}

}  // namespace harrier::rules::yara
