#pragma once
/// Facts about an attachment's decoded bytes that an analyst triages on:
/// Office VBA macros (vbaProject.bin in an OOXML zip, _VBA_PROJECT/VBA
/// entries in an OLE compound file), encrypted archives and documents.

#include <string>

#include "base/byte_view.h"

namespace harrier::parsers::mail {

struct AttachmentFacts {
    bool vbaMacros = false;
    std::string macroEvidence;    ///< "word/vbaProject.bin", "OLE _VBA_PROJECT", ...
    bool encryptedArchive = false;
    bool encryptedDocument = false;  ///< OLE EncryptedPackage (password-protected OOXML)
    bool isArchive = false;
};

class AttachmentInspect {
public:
    static AttachmentFacts inspect(ByteView data);
    /// Names of the OLE compound file's directory entries (storages and streams).
    static bool oleHasEntry(ByteView data, std::u16string_view name);
};

}  // namespace harrier::parsers::mail
