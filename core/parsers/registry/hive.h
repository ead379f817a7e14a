#pragma once
/// RAII over libregf: a hive, its keys and values, read defensively (every
/// call can fail on a corrupted hive; failures become messages, never throws).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/utc_time.h"

#include <libregf/types.h>

namespace harrier::parsers::registry {

struct RegValue {
    std::string name;  ///< "" for the default value
    std::uint32_t type = 0;
    std::vector<std::uint8_t> data;
    std::string text() const;          ///< REG_SZ / EXPAND_SZ / MULTI_SZ (joined by "; ") as UTF-8
    std::optional<std::uint64_t> integer() const;  ///< REG_DWORD / REG_QWORD
};

class Key {
public:
    explicit Key(libregf_key_t *key) : m_key(key) {}
    Key(Key &&other) noexcept : m_key(other.m_key) { other.m_key = nullptr; }
    Key &operator=(Key &&) = delete;
    Key(const Key &) = delete;
    Key &operator=(const Key &) = delete;
    ~Key();

    std::string name() const;
    std::optional<UtcTime> lastWritten() const;
    int subKeyCount() const;
    /// nullopt on error (error text in `problem`).
    std::optional<Key> subKey(int index, std::string &problem) const;
    std::optional<Key> subKey(const std::string &name) const;
    int valueCount() const;
    std::optional<RegValue> value(int index, std::string &problem) const;
    std::optional<RegValue> value(const std::string &name) const;

private:
    libregf_key_t *m_key;
};

class Hive {
public:
    static Result<Hive> open(const std::string &path);
    Hive(Hive &&other) noexcept : m_file(other.m_file) { other.m_file = nullptr; }
    Hive &operator=(Hive &&) = delete;
    Hive(const Hive &) = delete;
    Hive &operator=(const Hive &) = delete;
    ~Hive();

    std::optional<Key> root() const;
    /// Path relative to the root, components separated by '\\'.
    std::optional<Key> key(const std::string &path) const;

private:
    explicit Hive(libregf_file_t *file) : m_file(file) {}
    libregf_file_t *m_file;
};

}  // namespace harrier::parsers::registry
