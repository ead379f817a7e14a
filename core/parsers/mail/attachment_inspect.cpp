#include "parsers/mail/attachment_inspect.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstring>

#include "parsers/mail/gmime_util.h"

namespace harrier::parsers::mail {

namespace {

constexpr std::uint8_t kOleMagic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

std::uint16_t le16(const std::uint8_t *p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }

bool startsWith(ByteView d, std::initializer_list<std::uint8_t> magic) {
    if (d.size() < magic.size())
        return false;
    return std::equal(magic.begin(), magic.end(), d.begin());
}

// Lists an archive held in memory with libarchive: encrypted entries and
// (for OOXML) a vbaProject.bin part. Bounded: headers only, no data read.
void inspectArchive(ByteView data, AttachmentFacts &facts) {
    archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    archive_read_support_format_7zip(a);
    archive_read_support_format_rar(a);
    archive_read_support_format_rar5(a);
    if (archive_read_open_memory(a, data.data(), data.size()) != ARCHIVE_OK) {
        archive_read_free(a);
        return;
    }
    archive_entry *entry = nullptr;
    int entries = 0;
    int r = ARCHIVE_OK;
    while (entries < 100000 && (r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
        ++entries;
        if (archive_entry_is_encrypted(entry))
            facts.encryptedArchive = true;
        const char *name = archive_entry_pathname(entry);
        if (name) {
            const std::string l = lower(name);
            if (l.size() >= 14 && l.compare(l.size() - 14, 14, "vbaproject.bin") == 0) {
                facts.vbaMacros = true;
                facts.macroEvidence = sanitizeUtf8(name);
            }
        }
        archive_read_data_skip(a);
    }
    if (archive_read_has_encrypted_entries(a) > 0)
        facts.encryptedArchive = true;
    // 7z with encrypted headers fails to list at all, and says so.
    if (r == ARCHIVE_FATAL || r == ARCHIVE_FAILED) {
        const char *msg = archive_error_string(a);
        if (msg && lower(msg).find("encrypt") != std::string::npos)
            facts.encryptedArchive = true;
    }
    archive_read_free(a);
}

}  // namespace

bool AttachmentInspect::oleHasEntry(ByteView data, std::u16string_view name) {
    if (data.size() < 1024 || !std::equal(std::begin(kOleMagic), std::end(kOleMagic), data.begin()))
        return false;
    // Directory entries are 128-byte records in sectors after the 512-byte
    // header: a UTF-16LE name (64 bytes), its byte length with the NUL at 0x40,
    // the object type at 0x42 (1 storage, 2 stream, 5 root). Checking the
    // record's shape, not just the string, avoids matching text in a stream.
    const std::size_t want = (name.size() + 1) * 2;
    for (std::size_t off = 512; off + 128 <= data.size(); off += 128) {
        const std::uint8_t *e = data.data() + off;
        if (le16(e + 0x40) != want || (e[0x42] != 1 && e[0x42] != 2))
            continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i) {
            char16_t c = static_cast<char16_t>(le16(e + i * 2));
            char16_t w = name[i];
            if (c >= u'a' && c <= u'z')
                c = static_cast<char16_t>(c - u'a' + u'A');
            if (w >= u'a' && w <= u'z')
                w = static_cast<char16_t>(w - u'a' + u'A');
            same = c == w;
        }
        if (same)
            return true;
    }
    return false;
}

AttachmentFacts AttachmentInspect::inspect(ByteView data) {
    AttachmentFacts facts;
    if (data.size() >= 8 && std::equal(std::begin(kOleMagic), std::end(kOleMagic), data.begin())) {
        if (oleHasEntry(data, u"_VBA_PROJECT")) {
            facts.vbaMacros = true;
            facts.macroEvidence = "OLE _VBA_PROJECT stream";
        } else if (oleHasEntry(data, u"VBA") || oleHasEntry(data, u"Macros")) {
            facts.vbaMacros = true;
            facts.macroEvidence = "OLE VBA storage";
        }
        facts.encryptedDocument = oleHasEntry(data, u"EncryptedPackage");
        return facts;
    }
    const bool zip = startsWith(data, {'P', 'K', 3, 4});
    const bool sevenZip = startsWith(data, {'7', 'z', 0xBC, 0xAF, 0x27, 0x1C});
    const bool rar = startsWith(data, {'R', 'a', 'r', '!', 0x1A, 0x07});
    if (zip || sevenZip || rar) {
        facts.isArchive = true;
        inspectArchive(data, facts);
    }
    return facts;
}

}  // namespace harrier::parsers::mail
