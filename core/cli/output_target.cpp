#include "cli/output_target.h"

#include "cli/commands.h"

namespace harrier::cli {

bool OutputTarget::open(const Args &args, int &exitCode) {
    const auto path = args.value("--out");
    if (!path)
        return true;
    m_file.open(*path, std::ios::binary | std::ios::trunc);
    if (!m_file) {
        exitCode = reportError(m_ctx, makeError(ErrorCode::Io, "cannot write " + *path));
        return false;
    }
    m_path = *path;
    return true;
}

void OutputTarget::reportWritten(std::uint64_t count, std::string_view what) const {
    if (m_file.is_open())
        m_ctx.err << "wrote " << count << " " << what << " to " << m_path << "\n";
}

}  // namespace harrier::cli
