#pragma once
/// Reads one Windows Shell Link (.lnk, or a jump-list entry written to a
/// private file) with liblnk, and turns it into a `lnk` object plus its
/// target-time events. Shared by the LNK and Jump List parsers.

#include <cstdint>
#include <optional>
#include <string>

#include "base/byte_view.h"
#include "base/result.h"
#include "base/utc_time.h"
#include "ingest/artifact_sink.h"
#include "ingest/parser.h"

namespace harrier::parsers::lnk {

struct LnkInfo {
    std::optional<UtcTime> created, modified, accessed;  ///< of the link target
    std::uint64_t targetSize = 0;
    std::uint32_t attributes = 0;
    std::string localPath, networkPath, relativePath, workingDirectory, arguments, description, iconLocation,
        envLocation, volumeLabel, machineId;
    std::optional<std::uint32_t> driveSerial;
    std::optional<std::uint32_t> driveType;
    /// The best name for the target: local path, network path, else relative path.
    std::string target() const;
};

/// True for the 76-byte header size + LinkCLSID {00021401-0000-0000-C000-000000000046}.
bool isLnkHeader(ByteView head);

/// Reads the link at `path` (a read-only file or a private temp file).
Result<LnkInfo> readLnk(const std::string &path);

/// Emits the `lnk` object (child of `parent`) and its events; returns its id.
casestore::ObjectId emitLnk(const LnkInfo &info, const ingest::ItemInput &item, casestore::ObjectId parent,
                            const std::string &objectPath, const std::string &eventType,
                            ingest::ArtifactSink &out);

}  // namespace harrier::parsers::lnk
