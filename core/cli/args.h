#pragma once
/// A small, strict command-line parser: every command declares the options
/// it takes, and anything else is a usage error (exit code 2).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"

namespace harrier::cli {

struct OptionSpec {
    std::set<std::string> withValue;  ///< "--name" (repeatable: all values kept)
    std::set<std::string> flags;      ///< "--json"
};

class Args {
public:
    static Result<Args> parse(const std::vector<std::string> &tokens, const OptionSpec &spec);

    const std::vector<std::string> &positional() const { return m_positional; }
    bool flag(const std::string &name) const { return m_flags.count(name) > 0; }
    std::optional<std::string> value(const std::string &name) const;
    std::vector<std::string> values(const std::string &name) const;

private:
    std::vector<std::string> m_positional;
    std::set<std::string> m_flags;
    std::map<std::string, std::vector<std::string>> m_values;
};

}  // namespace harrier::cli
