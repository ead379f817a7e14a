#pragma once
/// Owner of a compiled YR_RULES (move-only, freed exactly once), shared
/// read-only by every scanner thread.

#include <cstdint>
#include <vector>

#include "base/result.h"

struct YR_RULES;

namespace harrier::rules::yara {

class CompiledRules {
public:
    CompiledRules() = default;
    explicit CompiledRules(YR_RULES *rules) : m_rules(rules) {}
    ~CompiledRules();
    CompiledRules(CompiledRules &&other) noexcept : m_rules(other.m_rules) { other.m_rules = nullptr; }
    CompiledRules &operator=(CompiledRules &&other) noexcept;
    CompiledRules(const CompiledRules &) = delete;
    CompiledRules &operator=(const CompiledRules &) = delete;

    YR_RULES *get() const { return m_rules; }
    explicit operator bool() const { return m_rules != nullptr; }
    std::size_t ruleCount() const;

    /// yr_rules_save_stream into memory (for the cache file).
    Result<std::vector<std::uint8_t>> serialize() const;
    /// yr_rules_load_stream from memory. Only ever called on bytes whose
    /// SHA-256 the cache has verified: compiled rules are code for libyara.
    static Result<CompiledRules> deserialize(const std::uint8_t *data, std::size_t size);

private:
    YR_RULES *m_rules = nullptr;
};

}  // namespace harrier::rules::yara
