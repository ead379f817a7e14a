#include "hive.h"

#include <libregf.h>

#include "parsers/support/libyal_error.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::registry {

namespace {

std::string takeError(libregf_error_t *&error, std::string_view what) {
    return support::takeLibyalError(error, what, libregf_error_backtrace_sprint, libregf_error_free);
}
void dropError(libregf_error_t *&error) {
    if (error)
        libregf_error_free(&error);
    error = nullptr;
}

constexpr std::size_t kMaxValueBytes = 64u << 20;  // larger "values" are corruption

std::optional<RegValue> readValue(libregf_value_t *raw, std::string &problem) {
    libregf_error_t *error = nullptr;
    RegValue v;
    size_t nameSize = 0;
    if (libregf_value_get_utf8_name_size(raw, &nameSize, &error) == 1 && nameSize > 1 && nameSize < 65536) {
        std::vector<std::uint8_t> name(nameSize);
        if (libregf_value_get_utf8_name(raw, name.data(), nameSize, &error) == 1)
            v.name = support::sanitizeUtf8(std::string_view(reinterpret_cast<const char *>(name.data()), nameSize - 1));
    }
    dropError(error);
    if (libregf_value_get_value_type(raw, &v.type, &error) != 1) {
        problem = takeError(error, "value type unreadable");
        libregf_value_free(&raw, nullptr);
        return std::nullopt;
    }
    size_t size = 0;
    if (libregf_value_get_value_data_size(raw, &size, &error) != 1 || size > kMaxValueBytes) {
        problem = error ? takeError(error, "value data unreadable") : "value data larger than 64 MiB";
        libregf_value_free(&raw, nullptr);
        return std::nullopt;
    }
    v.data.resize(size);
    if (size > 0 && libregf_value_get_value_data(raw, v.data.data(), size, &error) != 1) {
        problem = takeError(error, "value data unreadable");
        libregf_value_free(&raw, nullptr);
        return std::nullopt;
    }
    libregf_value_free(&raw, nullptr);
    return v;
}

}  // namespace

std::string RegValue::text() const {
    if (type != LIBREGF_VALUE_TYPE_STRING && type != LIBREGF_VALUE_TYPE_EXPANDABLE_STRING &&
        type != LIBREGF_VALUE_TYPE_MULTI_VALUE_STRING && type != LIBREGF_VALUE_TYPE_SYMBOLIC_LINK)
        return {};
    // Registry strings are UTF-16LE; MULTI_SZ separates with NUL, so decode piecewise.
    std::string out;
    std::size_t start = 0;
    for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
        if (data[i] == 0 && data[i + 1] == 0) {
            if (i > start) {
                if (!out.empty())
                    out += "; ";
                out += support::utf16leToUtf8(data.data() + start, i - start);
            }
            if (type != LIBREGF_VALUE_TYPE_MULTI_VALUE_STRING)
                return out;
            start = i + 2;
        }
    }
    if (start + 1 < data.size()) {
        if (!out.empty())
            out += "; ";
        out += support::utf16leToUtf8(data.data() + start, data.size() - start);
    }
    return out;
}

std::optional<std::uint64_t> RegValue::integer() const {
    if (type == LIBREGF_VALUE_TYPE_INTEGER_32BIT_LITTLE_ENDIAN && data.size() >= 4)
        return static_cast<std::uint64_t>(data[0] | (data[1] << 8) | (data[2] << 16)) |
               (static_cast<std::uint64_t>(data[3]) << 24);
    if (type == LIBREGF_VALUE_TYPE_INTEGER_64BIT_LITTLE_ENDIAN && data.size() >= 8) {
        std::uint64_t v = 0;
        for (int i = 7; i >= 0; --i)
            v = (v << 8) | data[static_cast<std::size_t>(i)];
        return v;
    }
    return std::nullopt;
}

Key::~Key() {
    if (m_key)
        libregf_key_free(&m_key, nullptr);
}

std::string Key::name() const {
    libregf_error_t *error = nullptr;
    size_t size = 0;
    if (libregf_key_get_utf8_name_size(m_key, &size, &error) != 1 || size <= 1 || size > 65536) {
        dropError(error);
        return {};
    }
    std::vector<std::uint8_t> buffer(size);
    if (libregf_key_get_utf8_name(m_key, buffer.data(), size, &error) != 1) {
        dropError(error);
        return {};
    }
    return support::sanitizeUtf8(std::string_view(reinterpret_cast<const char *>(buffer.data()), size - 1));
}

std::optional<UtcTime> Key::lastWritten() const {
    libregf_error_t *error = nullptr;
    std::uint64_t ft = 0;
    if (libregf_key_get_last_written_time(m_key, &ft, &error) != 1) {
        dropError(error);
        return std::nullopt;
    }
    return support::filetime(ft);
}

int Key::subKeyCount() const {
    libregf_error_t *error = nullptr;
    int n = 0;
    if (libregf_key_get_number_of_sub_keys(m_key, &n, &error) != 1) {
        dropError(error);
        return 0;
    }
    return n;
}

std::optional<Key> Key::subKey(int index, std::string &problem) const {
    libregf_error_t *error = nullptr;
    libregf_key_t *sub = nullptr;
    if (libregf_key_get_sub_key(m_key, index, &sub, &error) != 1) {
        problem = takeError(error, "sub key " + std::to_string(index) + " unreadable");
        return std::nullopt;
    }
    return Key(sub);
}

std::optional<Key> Key::subKey(const std::string &name) const {
    libregf_error_t *error = nullptr;
    libregf_key_t *sub = nullptr;
    const int rc = libregf_key_get_sub_key_by_utf8_path(m_key, reinterpret_cast<const std::uint8_t *>(name.data()),
                                                        name.size(), &sub, &error);
    dropError(error);
    if (rc != 1)
        return std::nullopt;
    return Key(sub);
}

int Key::valueCount() const {
    libregf_error_t *error = nullptr;
    int n = 0;
    if (libregf_key_get_number_of_values(m_key, &n, &error) != 1) {
        dropError(error);
        return 0;
    }
    return n;
}

std::optional<RegValue> Key::value(int index, std::string &problem) const {
    libregf_error_t *error = nullptr;
    libregf_value_t *raw = nullptr;
    if (libregf_key_get_value(m_key, index, &raw, &error) != 1) {
        problem = takeError(error, "value " + std::to_string(index) + " unreadable");
        return std::nullopt;
    }
    return readValue(raw, problem);
}

std::optional<RegValue> Key::value(const std::string &name) const {
    libregf_error_t *error = nullptr;
    libregf_value_t *raw = nullptr;
    const int rc = libregf_key_get_value_by_utf8_name(m_key, reinterpret_cast<const std::uint8_t *>(name.data()),
                                                      name.size(), &raw, &error);
    dropError(error);
    if (rc != 1)
        return std::nullopt;
    std::string problem;
    return readValue(raw, problem);
}

Result<Hive> Hive::open(const std::string &path) {
    libregf_error_t *error = nullptr;
    libregf_file_t *file = nullptr;
    if (libregf_file_initialize(&file, &error) != 1)
        return makeError(ErrorCode::Internal, takeError(error, "libregf initialisation failed"));
    if (libregf_file_open(file, path.c_str(), LIBREGF_OPEN_READ, &error) != 1) {
        libregf_file_free(&file, nullptr);
        return makeError(ErrorCode::InvalidInput, takeError(error, "libregf cannot open the hive"));
    }
    return Hive(file);
}

Hive::~Hive() {
    if (m_file) {
        libregf_file_close(m_file, nullptr);
        libregf_file_free(&m_file, nullptr);
    }
}

std::optional<Key> Hive::root() const {
    libregf_error_t *error = nullptr;
    libregf_key_t *key = nullptr;
    if (libregf_file_get_root_key(m_file, &key, &error) != 1) {
        dropError(error);
        return std::nullopt;
    }
    return Key(key);
}

std::optional<Key> Hive::key(const std::string &path) const {
    auto r = root();
    if (!r)
        return std::nullopt;
    return r->subKey(path);
}

}  // namespace harrier::parsers::registry
