#pragma once
/// Collection layouts: triage-tool output (Velociraptor offline collector,
/// KAPE targets) recognised inside an archive or folder. A layout is probed
/// from the entry names and a few small metadata files before the walk, then
/// tells the walk each file's original path and true times, checks the hashes
/// the tool recorded, and names the host every event belongs to.

#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "base/limits.h"
#include "ingest/artifact_sink.h"

namespace harrier::ingest {

struct ItemMeta;

/// What a probe found: every file's relative path and the contents of the
/// small metadata files a layout may need.
struct LayoutProbe {
    std::string containerName;  ///< archive or folder name ("Collection-HOST-2021-...zip")
    std::vector<std::string> names;
    std::map<std::string, std::string> files;  ///< relative path -> content
};

class CollectionLayout {
public:
    virtual ~CollectionLayout() = default;
    virtual std::string_view kind() const = 0;
    /// Host the collection came from ("" when the layout does not say).
    const std::string &host() const { return m_host; }
    /// Records the collection object under `container` and layout-level findings.
    virtual void begin(casestore::ObjectId container, const std::string &containerPath, ArtifactSink &sink) = 0;
    /// Adjusts one entry (relative path `rel`) before it is stored: decoded
    /// path, original path, true times.
    virtual void describe(const std::string &rel, ItemMeta &meta) = 0;
    /// After the entry was stored: cross-checks what the tool recorded.
    virtual void stored(const std::string &rel, const NestedOutcome &outcome, ArtifactSink &sink) = 0;
    /// After the walk: listed-but-missing files, result rows.
    virtual void finish(ArtifactSink &sink) = 0;

protected:
    std::string m_host;
};

/// True for entries a layout may need to read during the probe.
bool wantedByLayoutProbe(std::string_view rel);
/// The layout the probe shows, or null for a generic container.
std::unique_ptr<CollectionLayout> detectCollectionLayout(LayoutProbe probe);
/// Probes an archive (a second, cheap pass over it) or a folder.
std::unique_ptr<CollectionLayout> probeArchiveLayout(const std::string &localPath, const std::string &name,
                                                     const std::vector<std::string> &passwords, const Limits &limits,
                                                     std::stop_token stop);
std::unique_ptr<CollectionLayout> probeDirectoryLayout(const std::string &root);

// The concrete layouts (velociraptor_layout.cpp, kape_layout.cpp).
std::unique_ptr<CollectionLayout> makeVelociraptorLayout(LayoutProbe &probe);
std::unique_ptr<CollectionLayout> makeKapeLayout(LayoutProbe &probe);

}  // namespace harrier::ingest
