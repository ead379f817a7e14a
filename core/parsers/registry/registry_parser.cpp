#include "registry_parser.h"

#include <cstdio>

#include "base/little_endian.h"
#include "ingest/artifact_sink.h"
#include "parsers/registry/hive.h"
#include "parsers/registry/shim_cache.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::registry {

namespace {

std::string rot13(std::string s) {
    for (char &c : s) {
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>('a' + (c - 'a' + 13) % 26);
        else if (c >= 'A' && c <= 'Z')
            c = static_cast<char>('A' + (c - 'A' + 13) % 26);
    }
    return s;
}

/// Emits events and keeps the hive's reconciliation counts.
class HiveWalker {
public:
    HiveWalker(const Hive &hive, const ingest::ItemInput &item, ingest::ArtifactSink &out)
        : m_hive(hive), m_item(item), m_out(out) {}

    void event(std::optional<UtcTime> time, const char *desc, const std::string &type, std::string message) {
        if (!time)
            return;
        casestore::EventRecord e;
        e.time = *time;
        e.timestampDesc = desc;
        e.eventType = "windows:registry:" + type;
        e.sourceId = m_item.sourceId;
        e.objectId = m_item.objectId;
        e.message = std::move(message);
        m_out.addEvent(std::move(e));
    }
    void stored() { ++m_seen, ++m_stored; }
    void failed(const std::string &where, const std::string &reason) {
        ++m_seen, ++m_failed;
        m_out.addError(m_item.objectId, m_item.path + "#" + where, std::nullopt, reason);
    }
    void finish() { m_out.setCounts({m_item.objectId, m_seen, m_stored, m_failed}); }

    /// Every value of a key: one event at the key's last-write time per value.
    void valuesAsEvents(const std::string &path, const std::string &type, const std::string &label) {
        auto key = m_hive.key(path);
        if (!key)
            return;
        const auto written = key->lastWritten();
        int n = key->valueCount();
        if (n == 0)
            event(written, "Key Last Written", type, label + " " + path + " (no values)");
        for (int i = 0; i < n; ++i) {
            std::string problem;
            auto v = key->value(i, problem);
            if (!v) {
                failed(path, problem);
                continue;
            }
            const std::string data = v->text().empty() && v->integer() ? std::to_string(*v->integer()) : v->text();
            event(written, "Key Last Written", type, label + ": " + (v->name.empty() ? "(default)" : v->name) + " = " + data);
            if (type == "typedurls")
                observeUrl(data);
            stored();
        }
    }

    void runKeys() {
        for (const char *prefix : {"Software\\", ""})  // NTUSER.DAT has Software\, SOFTWARE starts below it
            for (const char *wow : {"", "Wow6432Node\\"})
                for (const char *leaf : {"Run", "RunOnce", "RunOnceEx"})
                    valuesAsEvents(std::string(prefix) + wow + "Microsoft\\Windows\\CurrentVersion\\" + leaf, "run",
                                   std::string("Autostart ") + leaf);
    }

    void userAssist() {
        const std::string base = "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\UserAssist";
        auto root = m_hive.key(base);
        if (!root)
            return;
        for (int g = 0; g < root->subKeyCount(); ++g) {
            std::string problem;
            auto guid = root->subKey(g, problem);
            if (!guid) {
                failed(base, problem);
                continue;
            }
            auto count = guid->subKey("Count");
            if (!count)
                continue;
            for (int i = 0; i < count->valueCount(); ++i) {
                auto v = count->value(i, problem);
                if (!v) {
                    failed(base, problem);
                    continue;
                }
                const std::string program = rot13(v->name);
                // Windows 7+: 72-byte record, run count at 4, focus count at 8,
                // focus time (ms) at 12, last run FILETIME at 60. XP: 16 bytes,
                // count at 4 (starting at 5), FILETIME at 8.
                std::optional<std::uint32_t> runs;
                std::optional<UtcTime> last;
                if (v->data.size() >= 68) {
                    runs = le32(v->data, 4);
                    last = support::filetime(le64(v->data, 60));
                } else if (v->data.size() >= 16) {
                    const std::uint32_t raw = le32(v->data, 4);
                    runs = raw >= 5 ? raw - 5 : raw;
                    last = support::filetime(le64(v->data, 8));
                }
                std::string message = "UserAssist: " + program;
                if (runs)
                    message += " (run count " + std::to_string(*runs) + ")";
                event(last, "UserAssist Last Run", "userassist", message);
                stored();
            }
        }
    }

    void recentDocs() {
        const std::string base = "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs";
        auto key = m_hive.key(base);
        if (!key)
            return;
        // The key's last write is when the most recent document (MRUListEx[0]) was added.
        auto describe = [&](const Key &k, const std::string &label) {
            std::string first;
            if (auto mru = k.value("MRUListEx"); mru && mru->data.size() >= 4) {
                const std::uint32_t idx = le32(mru->data, 0);
                if (auto doc = k.value(std::to_string(idx)))
                    first = support::utf16leToUtf8(doc->data.data(), doc->data.size());
            }
            event(k.lastWritten(), "Key Last Written", "recentdocs",
                  "RecentDocs" + label + ": most recent " + (first.empty() ? std::string("(unknown)") : first) + " (" +
                      std::to_string(k.valueCount()) + " values)");
            stored();
        };
        describe(*key, "");
        for (int i = 0; i < key->subKeyCount(); ++i) {
            std::string problem;
            auto sub = key->subKey(i, problem);
            if (!sub) {
                failed(base, problem);
                continue;
            }
            describe(*sub, " " + sub->name());
        }
    }

    std::string currentControlSet() {
        if (auto select = m_hive.key("Select"))
            if (auto current = select->value("Current"); current && current->integer()) {
                char name[32];
                std::snprintf(name, sizeof(name), "ControlSet%03u", static_cast<unsigned>(*current->integer() % 1000));
                return name;
            }
        return "ControlSet001";
    }

    void system() {
        if (!m_hive.key("Select") && !m_hive.key("ControlSet001"))
            return;
        const std::string ccs = currentControlSet();
        // MountedDevices: which volume GUIDs / drive letters were seen.
        if (auto md = m_hive.key("MountedDevices")) {
            for (int i = 0; i < md->valueCount(); ++i) {
                std::string problem;
                auto v = md->value(i, problem);
                if (!v) {
                    failed("MountedDevices", problem);
                    continue;
                }
                std::string target;
                if (v->data.size() > 8 && v->data[0] == '_' && v->data[1] == 0)  // "_??_USBSTOR#..." as UTF-16
                    target = support::utf16leToUtf8(v->data.data(), v->data.size());
                else if (v->data.size() == 12)
                    target = "disk signature " + support::hex32(le32(v->data, 0)) + " offset " +
                             std::to_string(le64(v->data, 4));
                else
                    target = std::to_string(v->data.size()) + " bytes";
                event(md->lastWritten(), "Key Last Written", "mounteddevices", "MountedDevices: " + v->name + " -> " + target);
                stored();
            }
        }
        // USBSTOR: one event per device instance (serial) key.
        const std::string usbPath = ccs + "\\Enum\\USBSTOR";
        if (auto usb = m_hive.key(usbPath)) {
            for (int d = 0; d < usb->subKeyCount(); ++d) {
                std::string problem;
                auto device = usb->subKey(d, problem);
                if (!device) {
                    failed(usbPath, problem);
                    continue;
                }
                for (int s = 0; s < device->subKeyCount(); ++s) {
                    auto serial = device->subKey(s, problem);
                    if (!serial) {
                        failed(usbPath, problem);
                        continue;
                    }
                    std::string friendly;
                    if (auto fn = serial->value("FriendlyName"))
                        friendly = fn->text();
                    event(serial->lastWritten(), "Key Last Written", "usbstor",
                          "USB storage " + device->name() + " serial " + serial->name() +
                              (friendly.empty() ? "" : " (" + friendly + ")"));
                    stored();
                }
            }
        }
        // Services: one event per service key (a new service is a classic persistence trace).
        const std::string svcPath = ccs + "\\Services";
        if (auto services = m_hive.key(svcPath)) {
            for (int i = 0; i < services->subKeyCount(); ++i) {
                std::string problem;
                auto svc = services->subKey(i, problem);
                if (!svc) {
                    failed(svcPath, problem);
                    continue;
                }
                std::string message = "Service " + svc->name();
                if (auto image = svc->value("ImagePath"))
                    message += " ImagePath=" + image->text();
                if (auto start = svc->value("Start"); start && start->integer())
                    message += " Start=" + std::to_string(*start->integer());
                event(svc->lastWritten(), "Key Last Written", "services", message);
                stored();
            }
        }
        shimCache(ccs + "\\Control\\Session Manager\\AppCompatCache");
    }

    void shimCache(const std::string &path) {
        auto key = m_hive.key(path);
        if (!key)
            return;
        auto value = key->value("AppCompatCache");
        if (!value)
            return;
        const auto decoded = decodeShimCache(value->data);
        for (const auto &[offset, reason] : decoded.errors)
            failed(path + "\\AppCompatCache@" + std::to_string(offset), reason);
        for (const auto &entry : decoded.entries) {
            std::string message = "ShimCache (" + decoded.format + "): " + entry.path;
            if (entry.fileSize)
                message += " size=" + std::to_string(*entry.fileSize);
            if (entry.insertFlags)
                message += " insert_flags=0x" + support::hex32(*entry.insertFlags) +
                           ((*entry.insertFlags & 0x2) ? " (executed)" : "");
            if (entry.shimFlags)
                message += " shim_flags=0x" + support::hex32(*entry.shimFlags);
            event(entry.modified, "ShimCache File Modified", "shimcache", message);
            if (entry.lastUpdate)
                event(entry.lastUpdate, "ShimCache Last Update", "shimcache", message);
            stored();
        }
    }

    void amcache() {
        // Windows 10 layout: Root\InventoryApplicationFile\<id> with LowerCaseLongPath and FileId.
        const std::string inv = "Root\\InventoryApplicationFile";
        if (auto files = m_hive.key(inv)) {
            for (int i = 0; i < files->subKeyCount(); ++i) {
                std::string problem;
                auto entry = files->subKey(i, problem);
                if (!entry) {
                    failed(inv, problem);
                    continue;
                }
                const auto path = entry->value("LowerCaseLongPath");
                const auto fileId = entry->value("FileId");
                amcacheEntry(entry->lastWritten(), path ? path->text() : "", fileId ? fileId->text() : "");
            }
        }
        // Windows 8 / early 10 layout: Root\File\<volume>\<entry>, value 15 = path, 101 = SHA-1.
        const std::string old = "Root\\File";
        if (auto volumes = m_hive.key(old)) {
            for (int v = 0; v < volumes->subKeyCount(); ++v) {
                std::string problem;
                auto volume = volumes->subKey(v, problem);
                if (!volume) {
                    failed(old, problem);
                    continue;
                }
                for (int i = 0; i < volume->subKeyCount(); ++i) {
                    auto entry = volume->subKey(i, problem);
                    if (!entry) {
                        failed(old, problem);
                        continue;
                    }
                    const auto path = entry->value("15");
                    const auto sha1 = entry->value("101");
                    amcacheEntry(entry->lastWritten(), path ? path->text() : "", sha1 ? sha1->text() : "");
                }
            }
        }
    }

    void amcacheEntry(std::optional<UtcTime> written, const std::string &path, std::string fileId) {
        // FileId is "0000" + the SHA-1 in hex.
        if (fileId.size() == 44 && fileId.starts_with("0000"))
            fileId = fileId.substr(4);
        const bool sha1 = fileId.size() == 40;
        event(written, "Key Last Written", "amcache",
              "Amcache file " + path + (sha1 ? " SHA-1 " + fileId : std::string()));
        if (sha1)
            m_out.addObservable({m_item.objectId, "sha1", fileId, "amcache " + path});
        stored();
    }

    void observeUrl(const std::string &url) {
        if (url.find("://") == std::string::npos)
            return;
        m_out.addObservable({m_item.objectId, "url", url, "typed URL"});
        if (auto host = support::urlHost(url); !host.empty())
            m_out.addObservable({m_item.objectId, "domain", host, "typed URL"});
    }

private:
    const Hive &m_hive;
    const ingest::ItemInput &m_item;
    ingest::ArtifactSink &m_out;
    std::uint64_t m_seen = 0, m_stored = 0, m_failed = 0;
};

}  // namespace

const ingest::ParserInfo &RegistryParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"registry", "Windows registry hive (keys of interest)", {"dat", "hve"}};
    return kInfo;
}

ingest::Confidence RegistryParser::sniff(ByteView head, std::string_view) const {
    return asText(head).starts_with("regf") ? ingest::Confidence::Magic : ingest::Confidence::None;
}

Result<void> RegistryParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                   const ingest::ParseContext &) {
    auto hive = Hive::open(item.localPath);
    if (!hive)
        return hive.error();
    HiveWalker walker(*hive, item, out);
    walker.runKeys();
    walker.userAssist();
    walker.recentDocs();
    walker.valuesAsEvents("Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\TypedPaths", "typedpaths",
                          "TypedPaths");
    walker.valuesAsEvents("Software\\Microsoft\\Internet Explorer\\TypedURLs", "typedurls", "TypedURLs");
    walker.system();
    walker.amcache();
    walker.finish();
    return {};
}

}  // namespace harrier::parsers::registry
