#include "rules/analyzers/analysis_data.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "casestore/case_db.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

using nlohmann::json;

namespace {

const std::vector<std::string> kEmailAttributes = {
    "subject", "message_id", "from", "sender", "reply_to", "return_path", "to", "cc", "bcc", "delivered_to",
    "received_hops", "urls", "images", "auth_results", "headers"};

json parseJson(const casestore::ObjectRecord &o, std::string_view name) {
    for (const auto &a : o.attributes)
        if (a.name == name)
            return json::parse(a.text, nullptr, false);
    return json();
}

std::string textAttr(const casestore::ObjectRecord &o, std::string_view name) {
    for (const auto &a : o.attributes)
        if (a.name == name)
            return a.text;
    return {};
}

std::string str(const json &j, const char *key) {
    if (!j.is_object())
        return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int> optInt(const json &j, const char *key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<int>();
}

std::vector<MailAddress> addresses(const casestore::ObjectRecord &o, std::string_view name) {
    std::vector<MailAddress> out;
    const json j = parseJson(o, name);
    if (!j.is_array())
        return out;
    for (const auto &a : j)
        out.push_back({str(a, "name"), toLower(str(a, "address"))});
    return out;
}

EmailFacts toFacts(const casestore::ObjectRecord &o) {
    EmailFacts e;
    e.id = o.id;
    e.path = o.path;
    e.subject = textAttr(o, "subject");
    e.messageId = textAttr(o, "message_id");
    e.from = addresses(o, "from");
    e.sender = addresses(o, "sender");
    e.replyTo = addresses(o, "reply_to");
    e.returnPath = addresses(o, "return_path");
    e.to = addresses(o, "to");
    e.cc = addresses(o, "cc");
    e.bcc = addresses(o, "bcc");
    e.deliveredTo = addresses(o, "delivered_to");
    std::set<std::string> rcpt;
    for (const auto *list : {&e.to, &e.cc, &e.bcc, &e.deliveredTo})
        for (const auto &a : *list)
            if (a.address.find('@') != std::string::npos)
                rcpt.insert(a.address);
    if (const json hops = parseJson(o, "received_hops"); hops.is_array())
        for (const auto &h : hops) {
            std::string f = toLower(str(h, "for"));
            if (!f.empty() && f.front() == '<')
                f.erase(f.begin());
            if (!f.empty() && f.back() == '>')
                f.pop_back();
            if (f.find('@') != std::string::npos && f.find(' ') == std::string::npos)
                rcpt.insert(f);
        }
    e.recipients.assign(rcpt.begin(), rcpt.end());
    if (const json urls = parseJson(o, "urls"); urls.is_array())
        for (const auto &u : urls)
            e.urls.push_back({str(u, "url"), str(u, "origin"), str(u, "anchor_text")});
    if (const json images = parseJson(o, "images"); images.is_array())
        for (const auto &im : images) {
            MailImage m;
            m.src = str(im, "src");
            m.srcKind = str(im, "src_kind");
            m.width = optInt(im, "width");
            m.height = optInt(im, "height");
            m.hidden = im.value("hidden", false);
            m.hiddenReason = str(im, "hidden_reason");
            e.images.push_back(std::move(m));
        }
    if (const json auth = parseJson(o, "auth_results"); auth.is_array())
        for (const auto &v : auth)
            e.auth.push_back({str(v, "header"), toLower(str(v, "method")), toLower(str(v, "result")),
                              toLower(str(v, "domain")), str(v, "reason")});
    if (const json headers = parseJson(o, "headers"); headers.is_array())
        for (const auto &h : headers)
            e.headers.emplace_back(toLower(str(h, "name")), str(h, "value"));
    const std::string precedence = toLower(e.header("precedence"));
    e.bulk = !e.header("list-id").empty() || !e.header("list-unsubscribe").empty() ||
             !e.header("list-post").empty() || !e.header("x-beenthere").empty() ||
             !e.header("x-mailing-list").empty() || !e.header("mailing-list").empty() ||
             !e.header("x-ml-name").empty() || precedence == "bulk" || precedence == "list" || precedence == "junk";
    std::set<std::string> lists;
    for (const char *h : {"sender", "errors-to", "x-beenthere", "list-id", "list-post", "x-mailing-list", "mailing-list"}) {
        const std::string v = toLower(e.header(h));
        if (v.empty())
            continue;
        // An address (a@b), a mailto: URL or a List-Id "<name.host>": take the host part.
        std::string host;
        if (const auto at = v.find('@'); at != std::string::npos) {
            const auto end = v.find_first_of("> ,;\t", at);
            host = v.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
        } else if (const auto lt = v.find('<'); lt != std::string::npos) {
            const auto gt = v.find('>', lt);
            host = v.substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1);
        }
        if (host.find('.') != std::string::npos)
            lists.insert(registrableDomain(host));
    }
    if (e.bulk)
        for (const auto &a : e.sender)
            if (auto d = addressDomain(a.address); !d.empty())
                lists.insert(registrableDomain(d));
    e.listDomains.assign(lists.begin(), lists.end());
    return e;
}

}  // namespace

std::string EmailFacts::header(std::string_view lowercaseName) const {
    for (const auto &[n, v] : headers)
        if (n == lowercaseName)
            return v;
    return {};
}

std::string EmailFacts::label() const {
    std::string s = "message " + std::to_string(id);
    if (!subject.empty())
        s += " (\"" + (subject.size() > 80 ? subject.substr(0, 77) + "..." : subject) + "\")";
    return s;
}

bool isServerScript(std::string_view name) {
    static const std::set<std::string> kExt = {".aspx", ".asp",  ".ashx", ".asmx", ".php", ".php3", ".php4", ".php5",
                                               ".phtml", ".jsp", ".jspx", ".cfm",  ".cfc", ".cgi",  ".pl"};
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos)
        return false;
    return kExt.count(toLower(name.substr(dot))) > 0;
}

std::optional<WebRequest> parseWebRequest(const casestore::WebRequestEvent &event) {
    // The messages are written by parsers/textlog: IIS "c-ip METHOD uri status k=v...",
    // Apache "client \"METHOD uri HTTP/x\" status bytes ...".
    WebRequest r;
    r.eventId = event.id;
    r.logId = event.objectId;
    r.time = event.time;
    const std::string &m = event.message;
    std::string uri, status;
    if (event.eventType == "log:apache") {
        const auto q1 = m.find('"');
        const auto q2 = q1 == std::string::npos ? std::string::npos : m.find('"', q1 + 1);
        if (q2 == std::string::npos)
            return std::nullopt;
        r.clientIp = m.substr(0, q1 > 0 ? q1 - 1 : 0);
        const std::string request = m.substr(q1 + 1, q2 - q1 - 1);
        const auto s1 = request.find(' ');
        if (s1 == std::string::npos)
            return std::nullopt;
        r.method = request.substr(0, s1);
        const auto s2 = request.find(' ', s1 + 1);
        uri = request.substr(s1 + 1, s2 == std::string::npos ? std::string::npos : s2 - s1 - 1);
        const auto s3 = m.find(' ', q2 + 2);
        status = m.substr(q2 + 2, s3 == std::string::npos ? std::string::npos : s3 - q2 - 2);
    } else {
        std::vector<std::string> tok;
        std::size_t pos = 0;
        for (int k = 0; k < 4; ++k) {
            const auto sp = m.find(' ', pos);
            tok.push_back(m.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos));
            if (sp == std::string::npos)
                break;
            pos = sp + 1;
        }
        if (tok.size() < 4)
            return std::nullopt;
        r.clientIp = tok[0];
        r.method = tok[1];
        uri = tok[2];
        status = tok[3];
    }
    const auto q = uri.find('?');
    r.path = percentDecode(uri.substr(0, q));
    if (q != std::string::npos)
        r.query = uri.substr(q + 1);
    try {
        r.status = std::stoi(status);
    } catch (...) {
        r.status = 0;
    }
    if (r.method.empty() || r.path.empty())
        return std::nullopt;
    for (char &c : r.method)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return r;
}

Result<AnalysisData> loadAnalysisData(casestore::CaseDb &db, const AnalysisNeeds &needs) {
    AnalysisData data;
    casestore::AnalyzerInputs in(db);
    if (needs.emails) {
        auto r = in.forEachObjectOfKind("email", kEmailAttributes,
                                        [&](casestore::ObjectRecord &&o) { data.emails.push_back(toFacts(o)); });
        if (!r)
            return r.error();
    }
    if (needs.attachments) {
        auto nodes = in.attachmentTrees({"filename", "vba_macros", "vba_evidence", "encrypted_archive",
                                         "encrypted_document", "is_archive", "declared_type"});
        if (!nodes)
            return nodes.error();
        data.attachments = std::move(*nodes);
        if (!needs.emails) {
            // Explanations name the message: subjects are cheap to load.
            auto r = in.forEachObjectOfKind("email", {"subject"},
                                            [&](casestore::ObjectRecord &&o) { data.emails.push_back(toFacts(o)); });
            if (!r)
                return r.error();
        }
    }
    if (needs.web) {
        auto r = casestore::ScanInputs(db).forEachObject([&](const casestore::ObjectFacts &f) {
            if (isServerScript(f.name))
                data.scriptFiles.push_back(f);
        });
        if (!r)
            return r.error();
        r = in.forEachWebRequest([&](const casestore::WebRequestEvent &ev) {
            // Only requests for scripts matter here, and logs can hold millions of lines.
            if (auto w = parseWebRequest(ev); w && isServerScript(w->path))
                data.webRequests.push_back(std::move(*w));
        });
        if (!r)
            return r.error();
        auto hits = casestore::HitStore(db).list();
        if (!hits)
            return hits.error();
        for (auto &h : *hits)
            if (h.ruleSet == "yara" || h.ruleSet == "ioc")
                data.ruleHits.push_back(std::move(h));
    }
    return data;
}

}  // namespace harrier::rules::analyzers
