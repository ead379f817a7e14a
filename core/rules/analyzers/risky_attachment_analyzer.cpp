// harrier.email.risky-attachment: attachments that are the usual first stage
// of an intrusion: Office documents with VBA macros, executables and scripts
// (directly attached or inside an attached archive, where mail filters that
// look only at the top level miss them) and password-protected archives or
// documents (their content is hidden from every scanner; the password is
// usually in the message body).
#include <map>
#include <set>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

bool hasAttr(const casestore::ObjectRecord &o, std::string_view name) {
    for (const auto &a : o.attributes)
        if (a.name == name)
            return a.type == casestore::AttributeType::Integer ? a.integer != 0 : !a.text.empty();
    return false;
}

std::string textAttr(const casestore::ObjectRecord &o, std::string_view name) {
    for (const auto &a : o.attributes)
        if (a.name == name)
            return a.text;
    return {};
}

// Why the object counts as executable, or "" when it does not.
std::string executableReason(const casestore::ObjectRecord &o) {
    static const std::set<std::string> kExt = {".exe", ".scr", ".dll", ".com", ".pif", ".cpl", ".msi", ".bat",
                                               ".cmd", ".js",  ".jse", ".vbs", ".vbe", ".wsf", ".wsh", ".hta",
                                               ".ps1", ".lnk", ".jar", ".reg", ".sys", ".elf", ".sh",  ".xll"};
    const std::string t = o.fileType;
    if (t.rfind("PE32", 0) == 0 || t.find("MS-DOS executable") != std::string::npos)
        return "a Windows executable (" + t.substr(0, 60) + ")";
    if (t.rfind("ELF", 0) == 0)
        return "an ELF executable";
    if (o.mimeType == "application/x-dosexec" || o.mimeType == "application/x-msdownload")
        return "a Windows executable";
    const std::string n = toLower(o.name);
    if (const auto dot = n.rfind('.'); dot != std::string::npos && kExt.count(n.substr(dot)))
        return "an executable/script by its extension " + n.substr(dot);
    return {};
}

class RiskyAttachmentAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &, std::vector<casestore::HitRecord> &hits) const override {
        std::map<casestore::ObjectId, const EmailFacts *> emails;
        for (const auto &e : data.emails)
            emails[e.id] = &e;
        std::map<casestore::ObjectId, const casestore::AttachmentNode *> byId;
        for (const auto &n : data.attachments)
            byId[n.object.id] = &n;
        for (const auto &n : data.attachments) {
            const auto &o = n.object;
            const auto eit = emails.find(n.emailId);
            const std::string where = eit != emails.end() ? eit->second->label() : "message " + std::to_string(n.emailId);
            const auto ait = byId.find(n.attachmentId);
            const std::string attachmentName = ait != byId.end() ? ait->second->object.name : std::string();
            auto hit = [&](const char *kind, int severity, const std::string &explanation) {
                hits.push_back(makeHit(m_info, o.id, severity, explanation,
                                       {{"email_id", n.emailId}, {"attachment_id", n.attachmentId}, {"kind", kind},
                                        {"name", o.name}, {"path", o.path}, {"depth", n.depth},
                                        {"sha256", o.sha256}, {"file_type", o.fileType},
                                        {"vba_evidence", textAttr(o, "vba_evidence")}}));
            };
            if (hasAttr(o, "vba_macros"))
                hit("macro", 65,
                    "Attachment \"" + o.name + "\" of " + where + " is an Office document with VBA macros (" +
                        textAttr(o, "vba_evidence") + "): opening it and enabling content runs the sender's code.");
            if (hasAttr(o, "encrypted_archive"))
                hit("encrypted-archive", 60,
                    "Attachment \"" + o.name + "\" of " + where +
                        " is a password-protected archive: its content is hidden from mail filters and scanners.");
            if (hasAttr(o, "encrypted_document"))
                hit("encrypted-document", 50,
                    "Attachment \"" + o.name + "\" of " + where +
                        " is a password-protected Office document: its content is hidden from scanners.");
            const std::string exe = executableReason(o);
            if (exe.empty())
                continue;
            if (n.depth == 0)
                hit("executable", 70, "Attachment \"" + o.name + "\" of " + where + " is " + exe + ".");
            else
                hit("executable-in-archive", 80,
                    "\"" + o.name + "\" inside the attached archive \"" + attachmentName + "\" of " + where + " is " +
                        exe + ": packing it in an archive gets it past filters that look only at the attachment.");
        }
    }

private:
    AnalyzerInfo m_info{"harrier.email.risky-attachment", 1, 65,
                        "Attachments with macros, executables (also inside archives), encrypted archives"};
};

}  // namespace

std::unique_ptr<Analyzer> makeRiskyAttachmentAnalyzer() { return std::make_unique<RiskyAttachmentAnalyzer>(); }

}  // namespace harrier::rules::analyzers
