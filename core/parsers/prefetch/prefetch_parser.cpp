#include "prefetch_parser.h"

#include <libscca.h>

#include <memory>
#include <vector>

#include "ingest/artifact_sink.h"
#include "parsers/support/libyal_error.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::prefetch {

namespace {

using casestore::Attribute;

std::string takeError(libscca_error_t *&error, std::string_view what) {
    return support::takeLibyalError(error, what, libscca_error_backtrace_sprint, libscca_error_free);
}

struct FileCloser {
    void operator()(libscca_file_t *file) const {
        libscca_file_close(file, nullptr);
        libscca_file_free(&file, nullptr);
    }
};

// libyal string getters: size first (including NUL), then the bytes.
template <typename SizeFn, typename GetFn>
std::optional<std::string> utf8String(SizeFn sizeFn, GetFn getFn, libscca_error_t *&error) {
    size_t size = 0;
    if (sizeFn(&size, &error) != 1)
        return std::nullopt;
    if (size <= 1 || size > (1u << 16))
        return std::string();
    std::vector<std::uint8_t> buffer(size);
    if (getFn(buffer.data(), size, &error) != 1)
        return std::nullopt;
    return support::sanitizeUtf8(std::string_view(reinterpret_cast<const char *>(buffer.data()), size - 1));
}

constexpr std::string_view kMamSignature{"MAM\x04", 4};

}  // namespace

const ingest::ParserInfo &PrefetchParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"prefetch", "Windows Prefetch (.pf)", {"pf"}};
    return kInfo;
}

ingest::Confidence PrefetchParser::sniff(ByteView head, std::string_view) const {
    const std::string_view text = asText(head);
    if (text.size() >= 8 && (text.substr(4, 4) == "SCCA" || text.starts_with(kMamSignature)))
        return ingest::Confidence::Magic;
    return ingest::Confidence::None;
}

Result<void> PrefetchParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                   const ingest::ParseContext &ctx) {
    libscca_error_t *error = nullptr;
    libscca_file_t *raw = nullptr;
    if (libscca_file_initialize(&raw, &error) != 1)
        return makeError(ErrorCode::Internal, takeError(error, "libscca initialisation failed"));
    if (libscca_file_open(raw, item.localPath.c_str(), LIBSCCA_OPEN_READ, &error) != 1) {
        libscca_file_free(&raw, nullptr);
        std::string message = takeError(error, "libscca cannot open the prefetch file");
        if (asText(item.head).starts_with(kMamSignature))
            message = "MAM-compressed (Windows 10+) prefetch: " + message;
        if (message.find("unsupported format version") != std::string::npos)
            // Debian 12's libscca (20200717) reads versions 17, 23, 26 and 30;
            // newer Windows 10/11 builds write a later version it refuses.
            message += " - this prefetch format version is newer than libscca " LIBSCCA_VERSION_STRING " supports";
        return makeError(ErrorCode::InvalidInput, message);
    }
    std::unique_ptr<libscca_file_t, FileCloser> file(raw);
    libscca_file_t *f = file.get();

    std::uint32_t version = 0, hash = 0, runCount = 0;
    if (libscca_file_get_format_version(f, &version, &error) != 1 ||
        libscca_file_get_prefetch_hash(f, &hash, &error) != 1 || libscca_file_get_run_count(f, &runCount, &error) != 1)
        return makeError(ErrorCode::InvalidInput, takeError(error, "prefetch header unreadable"));
    auto executable = utf8String([&](size_t *s, libscca_error_t **e) { return libscca_file_get_utf8_executable_filename_size(f, s, e); },
                                 [&](std::uint8_t *b, size_t s, libscca_error_t **e) { return libscca_file_get_utf8_executable_filename(f, b, s, e); },
                                 error);
    if (!executable) {
        out.addError(item.objectId, item.path, std::nullopt, takeError(error, "prefetch executable name unreadable"));
        executable = std::string();
    }

    const casestore::ObjectId pfId = out.newObjectId();
    casestore::ObjectRecord record;
    record.id = pfId;
    record.parentId = item.objectId;
    record.sourceId = item.sourceId;
    record.kind = "prefetch";
    record.name = *executable;
    record.path = item.path + "#prefetch";
    record.attributes.push_back(Attribute::ofText("executable", *executable));
    record.attributes.push_back(Attribute::ofText("prefetch_hash", support::hex32(hash)));
    record.attributes.push_back(Attribute::ofInt("format_version", version));
    record.attributes.push_back(Attribute::ofInt("run_count", runCount));
    if (asText(item.head).starts_with(kMamSignature))
        record.attributes.push_back(Attribute::ofText("compression", "MAM (LZXPRESS Huffman)"));

    // Events reference the prefetch object, so they are emitted after it.
    std::vector<casestore::EventRecord> events;
    auto event = [&](UtcTime time, std::string desc, std::string message) {
        casestore::EventRecord e;
        e.time = time;
        e.timestampDesc = std::move(desc);
        e.eventType = "windows:prefetch";
        e.sourceId = item.sourceId;
        e.objectId = pfId;
        e.message = std::move(message);
        events.push_back(std::move(e));
    };

    // Version 17/23 files hold one last-run time, 26 and later up to eight.
    const int maxRuns = version >= 26 ? 8 : 1;
    for (int i = 0; i < maxRuns; ++i) {
        std::uint64_t ft = 0;
        if (libscca_file_get_last_run_time(f, i, &ft, &error) != 1) {
            out.addError(item.objectId, item.path, std::nullopt,
                         takeError(error, "last run time " + std::to_string(i) + " unreadable"));
            continue;
        }
        const auto t = support::filetime(ft);
        if (!t)
            continue;  // 0 = slot not used yet
        record.attributes.push_back(Attribute::ofTime(i == 0 ? "last_run" : "previous_run_" + std::to_string(i), *t));
        event(*t, i == 0 ? "Prefetch Last Run" : "Prefetch Previous Run",
              *executable + " ran (run count " + std::to_string(runCount) + (i == 0 ? ", last run" : ", earlier run #" + std::to_string(i)) + ")");
    }

    int volumes = 0;
    if (libscca_file_get_number_of_volumes(f, &volumes, &error) != 1) {
        out.addError(item.objectId, item.path, std::nullopt, takeError(error, "prefetch volumes unreadable"));
        volumes = 0;
    }
    for (int v = 0; v < volumes; ++v) {
        libscca_volume_information_t *vol = nullptr;
        if (libscca_file_get_volume_information(f, v, &vol, &error) != 1) {
            out.addError(item.objectId, item.path, std::nullopt,
                         takeError(error, "prefetch volume " + std::to_string(v) + " unreadable"));
            continue;
        }
        std::uint32_t serial = 0;
        std::uint64_t created = 0;
        libscca_volume_information_get_serial_number(vol, &serial, &error);
        libscca_volume_information_get_creation_time(vol, &created, &error);
        auto device = utf8String([&](size_t *s, libscca_error_t **e) { return libscca_volume_information_get_utf8_device_path_size(vol, s, e); },
                                 [&](std::uint8_t *b, size_t s, libscca_error_t **e) { return libscca_volume_information_get_utf8_device_path(vol, b, s, e); },
                                 error);
        if (error)
            out.addError(item.objectId, item.path, std::nullopt, takeError(error, "prefetch volume field unreadable"),
                         casestore::ErrorSeverity::Warning);
        libscca_volume_information_free(&vol, nullptr);
        const std::string prefix = "volume_" + std::to_string(v) + "_";
        record.attributes.push_back(Attribute::ofText(prefix + "device", device.value_or("")));
        record.attributes.push_back(Attribute::ofText(prefix + "serial", support::hex32(serial)));
        if (auto t = support::filetime(created)) {
            record.attributes.push_back(Attribute::ofTime(prefix + "created", *t));
            event(*t, "Volume Created", *executable + " prefetch: volume " + device.value_or("") + " serial " +
                                            support::hex32(serial) + " created");
        }
    }
    record.attributes.push_back(Attribute::ofInt("volume_count", volumes));

    // Referenced files: the reconciled items of this container.
    int names = 0;
    if (libscca_file_get_number_of_filenames(f, &names, &error) != 1) {
        out.addError(item.objectId, item.path, std::nullopt, takeError(error, "prefetch file name list unreadable"));
        names = 0;
    }
    std::string referenced;
    std::uint64_t stored = 0, failed = 0;
    for (int n = 0; n < names; ++n) {
        if ((n & 0xFF) == 0 && ctx.stop.stop_requested())
            break;
        auto name = utf8String([&](size_t *s, libscca_error_t **e) { return libscca_file_get_utf8_filename_size(f, n, s, e); },
                               [&](std::uint8_t *b, size_t s, libscca_error_t **e) { return libscca_file_get_utf8_filename(f, n, b, s, e); },
                               error);
        if (!name) {
            ++failed;
            out.addError(item.objectId, item.path, std::nullopt,
                         takeError(error, "referenced file " + std::to_string(n) + " unreadable"));
            continue;
        }
        ++stored;
        referenced += *name;
        referenced += '\n';
    }
    record.attributes.push_back(Attribute::ofInt("referenced_file_count", static_cast<std::int64_t>(stored)));
    record.attributes.push_back(Attribute::ofText("referenced_files", std::move(referenced)));
    out.addObject(std::move(record));
    for (auto &e : events)
        out.addEvent(std::move(e));
    out.setCounts({item.objectId, static_cast<std::uint64_t>(names), stored, failed});
    return {};
}

}  // namespace harrier::parsers::prefetch
