#include "cli/args.h"

namespace harrier::cli {

Result<Args> Args::parse(const std::vector<std::string> &tokens, const OptionSpec &spec) {
    Args a;
    bool onlyPositional = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string &t = tokens[i];
        if (onlyPositional || t.size() < 2 || t.rfind("--", 0) != 0) {
            a.m_positional.push_back(t);
            continue;
        }
        if (t == "--") {
            onlyPositional = true;
            continue;
        }
        std::string name = t;
        std::optional<std::string> inlineValue;
        if (const auto eq = t.find('='); eq != std::string::npos) {
            name = t.substr(0, eq);
            inlineValue = t.substr(eq + 1);
        }
        if (spec.flags.count(name)) {
            if (inlineValue)
                return makeError(ErrorCode::InvalidInput, name + " takes no value");
            a.m_flags.insert(name);
        } else if (spec.withValue.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= tokens.size())
                    return makeError(ErrorCode::InvalidInput, name + " needs a value");
                inlineValue = tokens[++i];
            }
            a.m_values[name].push_back(*inlineValue);
        } else {
            return makeError(ErrorCode::InvalidInput, "unknown option " + name);
        }
    }
    return a;
}

std::optional<std::string> Args::value(const std::string &name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::values(const std::string &name) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace harrier::cli
