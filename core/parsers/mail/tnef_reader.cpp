#include "parsers/mail/tnef_reader.h"

// libytnef's headers define ULONG/DWORD/... as macros: keep them in this file.
extern "C" {
#include <ytnef.h>
}

#include <cstdlib>
#include <cstring>

#include "parsers/mail/gmime_util.h"

namespace harrier::parsers::mail {

namespace {

std::string propString(MAPIProps *props, unsigned int id) {
    for (const unsigned int type : {static_cast<unsigned int>(PT_UNICODE), static_cast<unsigned int>(PT_STRING8)}) {
        variableLength *v = MAPIFindProperty(props, PROP_TAG(type, id));
        if (v == MAPI_UNDEFINED || !v || !v->data || v->size <= 0)
            continue;
        if (type == PT_UNICODE) {
            // libytnef (TNEFFillMapi -> to_utf8) has already converted PT_UNICODE
            // values to NUL-terminated UTF-8 inside the original UTF-16-sized
            // buffer; the bytes after the NUL are uninitialised. Take the text up
            // to the NUL, never past `size`.
            const auto *bytes = reinterpret_cast<const char *>(v->data);
            const auto *nul = static_cast<const char *>(std::memchr(bytes, '\0', static_cast<std::size_t>(v->size)));
            const std::string s(bytes, nul ? static_cast<std::size_t>(nul - bytes) : static_cast<std::size_t>(v->size));
            if (!s.empty())
                return sanitizeUtf8(s);
            continue;
        }
        std::string s(reinterpret_cast<const char *>(v->data), static_cast<std::size_t>(v->size));
        s = s.c_str();
        if (!s.empty())
            return toUtf8(s, nullptr);
    }
    return {};
}

std::string titleOf(variableLength &v) {
    if (!v.data || v.size <= 0)
        return {};
    std::string s(reinterpret_cast<const char *>(v.data), static_cast<std::size_t>(v.size));
    return toUtf8(s.c_str(), nullptr);
}

}  // namespace

bool TnefReader::looksLikeTnef(ByteView head) {
    return head.size() >= 4 && head[0] == 0x78 && head[1] == 0x9F && head[2] == 0x3E && head[3] == 0x22;
}

Result<TnefContent> TnefReader::read(ByteView data) {
    if (!looksLikeTnef(data))
        return makeError(ErrorCode::InvalidInput, "not a TNEF stream (bad signature)");
    if (data.size() > (1ULL << 31))
        return makeError(ErrorCode::LimitExceeded, "TNEF stream larger than 2 GiB");
    TNEFStruct tnef;
    TNEFInitialize(&tnef);
    tnef.Debug = 0;
    // libytnef takes a non-const buffer but only reads it.
    std::vector<BYTE> copy(data.begin(), data.end());
    const int rc = TNEFParseMemory(copy.data(), static_cast<long>(copy.size()), &tnef);
    std::vector<TnefItem> items;
    for (Attachment *a = tnef.starting_attach.next; a; a = a->next) {
        TnefItem item;
        item.name = propString(&a->MAPI, PR_ATTACH_LONG_FILENAME);
        if (item.name.empty())
            item.name = titleOf(a->Title);
        if (item.name.empty())
            item.name = propString(&a->MAPI, PR_ATTACH_FILENAME);
        item.mimeTag = propString(&a->MAPI, PR_ATTACH_MIME_TAG);
        if (a->FileData.data && a->FileData.size > 0) {
            item.data.assign(a->FileData.data, a->FileData.data + a->FileData.size);
        } else {
            variableLength *obj = MAPIFindProperty(&a->MAPI, PROP_TAG(PT_OBJECT, PR_ATTACH_DATA_OBJ));
            if (obj == MAPI_UNDEFINED || !obj)
                obj = MAPIFindProperty(&a->MAPI, PROP_TAG(PT_BINARY, PR_ATTACH_DATA_OBJ));
            if (obj != MAPI_UNDEFINED && obj && obj->data && obj->size > 0) {
                // Kept whole: a PT_OBJECT value starts with the 16-byte interface
                // GUID, and other tools (MimeKit) extract it with the GUID too.
                item.data.assign(obj->data, obj->data + obj->size);
            }
        }
        if (item.name.empty() && item.data.empty())
            continue;  // an attachment record with nothing in it (e.g. only rendering info)
        if (item.name.empty())
            item.name = "Untitled Attachment";
        items.push_back(std::move(item));
    }
    variableLength *rtf = MAPIFindProperty(&tnef.MapiProperties, PROP_TAG(PT_BINARY, PR_RTF_COMPRESSED));
    if (rtf != MAPI_UNDEFINED && rtf && rtf->data && rtf->size > 0) {
        int size = 0;
        if (BYTE *plain = DecompressRTF(rtf, &size)) {
            items.push_back({"body.rtf", std::vector<std::uint8_t>(plain, plain + std::max(size, 0)), "text/rtf", true});
            std::free(plain);
        }
    }
    variableLength *html = MAPIFindProperty(&tnef.MapiProperties, PROP_TAG(PT_BINARY, PR_BODY_HTML));
    if (html == MAPI_UNDEFINED || !html)
        html = MAPIFindProperty(&tnef.MapiProperties, PROP_TAG(PT_STRING8, PR_BODY_HTML));
    if (html != MAPI_UNDEFINED && html && html->data && html->size > 0)
        items.push_back({"body.html", std::vector<std::uint8_t>(html->data, html->data + html->size), "text/html", true});
    TNEFFree(&tnef);
    if (rc < 0 && items.empty())
        return makeError(ErrorCode::InvalidInput, "libytnef could not parse the TNEF stream (code " +
                                                      std::to_string(rc) + ")");
    TnefContent content{std::move(items), {}};
    if (rc < 0)
        content.problem = "libytnef stopped early (code " + std::to_string(rc) +
                          "): attachments after that point are missing";
    return content;
}

}  // namespace harrier::parsers::mail
