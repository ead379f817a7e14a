#pragma once
/// Where `timeline` and `findings` write their rows: the file --out names
/// (created or truncated as soon as it is opened), else standard output.

#include <cstdint>
#include <fstream>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/args.h"
#include "cli/cli.h"

namespace harrier::cli {

class OutputTarget {
public:
    explicit OutputTarget(Context &ctx) : m_ctx(ctx) {}

    /// Opens --out when given; false, reported and with `exitCode` set, when it cannot be written.
    bool open(const Args &args, int &exitCode);
    std::ostream &stream() { return m_file.is_open() ? m_file : m_ctx.out; }
    /// "wrote N WHAT to FILE" on stderr; nothing when the rows went to standard output.
    void reportWritten(std::uint64_t count, std::string_view what) const;

private:
    Context &m_ctx;
    std::ofstream m_file;
    std::string m_path;
};

}  // namespace harrier::cli
