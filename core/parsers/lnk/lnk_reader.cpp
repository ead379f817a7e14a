#include "lnk_reader.h"

#include <liblnk.h>

#include <array>
#include <cstring>
#include <memory>
#include <vector>

#include "parsers/support/libyal_string.h"
#include "parsers/support/libyal_error.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::lnk {

namespace {

using casestore::Attribute;

std::string takeError(liblnk_error_t *&error, std::string_view what) {
    return support::takeLibyalError(error, what, liblnk_error_backtrace_sprint, liblnk_error_free);
}

struct FileCloser {
    void operator()(liblnk_file_t *file) const {
        liblnk_file_close(file, nullptr);
        liblnk_file_free(&file, nullptr);
    }
};

std::optional<UtcTime> optionalTime(liblnk_file_t *file, int (*fn)(liblnk_file_t *, std::uint64_t *, liblnk_error_t **)) {
    liblnk_error_t *error = nullptr;
    std::uint64_t ft = 0;
    if (fn(file, &ft, &error) != 1) {
        if (error)
            liblnk_error_free(&error);
        return std::nullopt;
    }
    return support::filetime(ft);
}

}  // namespace

std::string LnkInfo::target() const {
    if (!localPath.empty())
        return localPath;
    if (!networkPath.empty())
        return networkPath;
    return relativePath;
}

bool isLnkHeader(ByteView head) {
    static constexpr std::array<std::uint8_t, 20> kHeader = {0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0,
                                                             0,    0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
    return head.size() >= kHeader.size() && std::memcmp(head.data(), kHeader.data(), kHeader.size()) == 0;
}

Result<LnkInfo> readLnk(const std::string &path) {
    liblnk_error_t *error = nullptr;
    liblnk_file_t *raw = nullptr;
    if (liblnk_file_initialize(&raw, &error) != 1)
        return makeError(ErrorCode::Internal, takeError(error, "liblnk initialisation failed"));
    if (liblnk_file_open(raw, path.c_str(), LIBLNK_OPEN_READ, &error) != 1) {
        liblnk_file_free(&raw, nullptr);
        return makeError(ErrorCode::InvalidInput, takeError(error, "liblnk cannot read the shell link"));
    }
    std::unique_ptr<liblnk_file_t, FileCloser> file(raw);
    liblnk_file_t *f = file.get();
    LnkInfo info;
    info.created = optionalTime(f, liblnk_file_get_file_creation_time);
    info.modified = optionalTime(f, liblnk_file_get_file_modification_time);
    info.accessed = optionalTime(f, liblnk_file_get_file_access_time);
    std::uint32_t u32 = 0;
    if (liblnk_file_get_file_size(f, &u32, &error) == 1)
        info.targetSize = u32;
    if (liblnk_file_get_file_attribute_flags(f, &u32, &error) == 1)
        info.attributes = u32;
    if (error)
        liblnk_error_free(&error);
    // Volume information exists only when the link has a LinkInfo structure (return 1).
    if (liblnk_file_get_drive_serial_number(f, &u32, &error) == 1)
        info.driveSerial = u32;
    if (error)
        liblnk_error_free(&error);
    if (liblnk_file_get_drive_type(f, &u32, &error) == 1)
        info.driveType = u32;
    if (error)
        liblnk_error_free(&error);
    info.localPath = support::libyalUtf8(f, liblnk_file_get_utf8_local_path_size, liblnk_file_get_utf8_local_path);
    info.networkPath = support::libyalUtf8(f, liblnk_file_get_utf8_network_path_size, liblnk_file_get_utf8_network_path);
    info.relativePath = support::libyalUtf8(f, liblnk_file_get_utf8_relative_path_size, liblnk_file_get_utf8_relative_path);
    info.workingDirectory =
        support::libyalUtf8(f, liblnk_file_get_utf8_working_directory_size, liblnk_file_get_utf8_working_directory);
    info.arguments = support::libyalUtf8(f, liblnk_file_get_utf8_command_line_arguments_size,
                                    liblnk_file_get_utf8_command_line_arguments);
    info.description = support::libyalUtf8(f, liblnk_file_get_utf8_description_size, liblnk_file_get_utf8_description);
    info.iconLocation = support::libyalUtf8(f, liblnk_file_get_utf8_icon_location_size, liblnk_file_get_utf8_icon_location);
    info.envLocation = support::libyalUtf8(f, liblnk_file_get_utf8_environment_variables_location_size,
                                      liblnk_file_get_utf8_environment_variables_location);
    info.volumeLabel = support::libyalUtf8(f, liblnk_file_get_utf8_volume_label_size, liblnk_file_get_utf8_volume_label);
    info.machineId =
        support::libyalUtf8(f, liblnk_file_get_utf8_machine_identifier_size, liblnk_file_get_utf8_machine_identifier);
    return info;
}

casestore::ObjectId emitLnk(const LnkInfo &info, const ingest::ItemInput &item, casestore::ObjectId parent,
                            const std::string &objectPath, const std::string &eventType,
                            ingest::ArtifactSink &out) {
    const std::string target = info.target();
    casestore::ObjectRecord record;
    record.id = out.newObjectId();
    record.parentId = parent;
    record.sourceId = item.sourceId;
    record.kind = "lnk";
    record.name = target.empty() ? item.name : target.substr(target.find_last_of("\\/") + 1);
    record.path = objectPath;
    auto text = [&](const char *name, const std::string &value) {
        if (!value.empty())
            record.attributes.push_back(Attribute::ofText(name, value));
    };
    text("target", target);
    text("local_path", info.localPath);
    text("network_path", info.networkPath);
    text("relative_path", info.relativePath);
    text("working_directory", info.workingDirectory);
    text("arguments", info.arguments);
    text("description", info.description);
    text("icon_location", info.iconLocation);
    text("env_location", info.envLocation);
    text("volume_label", info.volumeLabel);
    text("machine_id", info.machineId);
    if (info.driveSerial)
        record.attributes.push_back(Attribute::ofText("volume_serial", support::hex32(*info.driveSerial)));
    if (info.driveType)
        record.attributes.push_back(Attribute::ofInt("drive_type", *info.driveType));
    record.attributes.push_back(Attribute::ofInt("target_size", static_cast<std::int64_t>(info.targetSize)));
    record.attributes.push_back(Attribute::ofInt("target_attributes", info.attributes));
    const casestore::ObjectId id = record.id;
    out.addObject(std::move(record));

    std::string message = "Shortcut to " + (target.empty() ? std::string("(no target path)") : target);
    if (!info.arguments.empty())
        message += " " + info.arguments;
    if (!info.machineId.empty())
        message += " [machine " + info.machineId + "]";
    if (info.driveSerial)
        message += " [volume serial " + support::hex32(*info.driveSerial) + "]";
    const std::pair<const std::optional<UtcTime> *, const char *> times[] = {
        {&info.created, "Link Target Created"},
        {&info.modified, "Link Target Modified"},
        {&info.accessed, "Link Target Accessed"}};
    for (const auto &[time, desc] : times) {
        if (!*time)
            continue;
        casestore::EventRecord e;
        e.time = **time;
        e.timestampDesc = desc;
        e.eventType = eventType;
        e.sourceId = item.sourceId;
        e.objectId = id;
        e.message = message;
        out.addEvent(std::move(e));
    }
    return id;
}

}  // namespace harrier::parsers::lnk
