#include "demo/endpoint_artifacts.h"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <sqlite3.h>

#include "base/byte_view.h"
#include "base/hashing.h"
#include "demo/demo_text.h"
#include "demo/mailbox_writer.h"

namespace harrier::demo {

namespace fs = std::filesystem;

namespace {

constexpr const char *kAdminProfile = "C:\\Users\\tomas.adamek";
constexpr const char *kServerIp = "10.20.4.15";
constexpr const char *kShellUri = "/aspnet_client/system_web/errorpage.aspx";

// The attacker's clients, in documentation ranges; weights are POST shares.
struct Client {
    const char *ip;
    const char *agent;
    int weight;
};
constexpr Client kAttackers[] = {
    {"203.0.113.45", "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:109.0)+Gecko/20100101+Firefox/115.0", 5},
    {"198.51.100.23", "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)", 3},
    {"192.0.2.77", "python-requests/2.31.0", 2},
};

std::string isoDate(std::int64_t t, bool withT) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::snprintf(buf, sizeof buf, withT ? "%04d-%02d-%02dT%02d:%02d:%02d" : "%04d-%02d-%02d %02d:%02d:%02d",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

// ---- IIS W3C logs -------------------------------------------------------

struct Request {
    std::int64_t time;
    std::string method, stem, query, ip, agent, referer;
    int status;
};

std::string w3cLine(const Request &r, DemoRandom &rng) {
    const std::string dt = isoDate(r.time, false);
    return dt + " " + kServerIp + " " + r.method + " " + r.stem + " " + (r.query.empty() ? "-" : r.query) + " 443 - " +
           r.ip + " " + r.agent + " " + (r.referer.empty() ? "-" : r.referer) + " " + std::to_string(r.status) +
           " 0 0 " + std::to_string(rng.between(2, 380)) + "\r\n";
}

std::vector<Request> ordinaryRequests(std::int64_t day, DemoRandom &rng) {
    static const std::vector<std::pair<std::string, std::string>> kPages = {
        {"/", ""}, {"/default.aspx", ""}, {"/documents/", ""}, {"/documents/search.aspx", "q=budget+2027"},
        {"/documents/search.aspx", "q=committee+minutes"}, {"/documents/view.aspx", "id=4127"},
        {"/documents/view.aspx", "id=3988"}, {"/css/site.css", ""}, {"/js/portal.js", ""},
        {"/images/logo.png", ""}, {"/favicon.ico", ""}, {"/documents/upload.aspx", ""},
    };
    static const std::vector<std::string> kAgents = {
        "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/129.0.0.0+Safari/537.36",
        "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/129.0.0.0+Safari/537.36+Edg/129.0.0.0",
        "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+14_6)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.6+Safari/605.1.15",
    };
    std::vector<Request> out;
    const int n = rng.between(110, 170);
    for (int i = 0; i < n; ++i) {
        const auto &[stem, query] = rng.pick(kPages);
        Request r{day + rng.between(7 * 3600, 17 * 3600), "GET", stem, query,
                  "10.20." + std::to_string(rng.between(8, 12)) + "." + std::to_string(rng.between(20, 240)),
                  rng.pick(kAgents), "", stem == "/favicon.ico" ? 404 : (rng.chance(15) ? 304 : 200)};
        if (stem.starts_with("/css") || stem.starts_with("/js") || stem.starts_with("/images"))
            r.referer = "https://intranet.parl.veldoria.example/";
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<CollectedFile> iisLogs(const DemoParams &params, DemoRandom &rng, DemoFacts &facts) {
    std::vector<std::vector<Request>> days(kLogDays);
    for (int d = 0; d < kLogDays; ++d)
        days[d] = ordinaryRequests(kFirstLogDay + d * 86400, rng);
    // Day one, 02:11: an upload through the portal's form, then the new page answers.
    const std::int64_t drop = kFirstLogDay + 2 * 3600 + 11 * 60;
    const Client &first = kAttackers[0];
    days[0].push_back({drop, "GET", "/documents/upload.aspx", "", first.ip, first.agent, "", 200});
    days[0].push_back({drop + 31, "POST", "/documents/upload.aspx", "", first.ip, first.agent,
                       "https://intranet.parl.veldoria.example/documents/upload.aspx", 200});
    days[0].push_back({drop + 62, "GET", kShellUri, "", first.ip, first.agent, "", 200});
    int totalWeight = 0;
    for (const auto &c : kAttackers)
        totalWeight += c.weight;
    for (int i = 0; i < params.webshellPosts; ++i) {
        int pick = rng.below(totalWeight);
        const Client *c = &kAttackers[0];
        for (const auto &k : kAttackers)
            if ((pick -= k.weight) < 0) {
                c = &k;
                break;
            }
        // A burst right after the drop, then nightly sessions (never before the drop).
        const int d = i < 6 ? 0 : rng.below(kLogDays);
        const std::int64_t t = i < 6    ? drop + 120 + i * 47
                               : d == 0 ? drop + 600 + rng.below(3 * 3600)
                                        : kFirstLogDay + d * 86400 + rng.between(3600, 5 * 3600);
        days[d].push_back({t, "POST", kShellUri, "", c->ip, c->agent, "", 200});
        ++facts.webshellPostsByIp[c->ip];
        ++facts.webshellPosts;
    }
    std::vector<CollectedFile> out;
    for (int d = 0; d < kLogDays; ++d) {
        auto &reqs = days[d];
        std::stable_sort(reqs.begin(), reqs.end(), [](const Request &a, const Request &b) { return a.time < b.time; });
        const std::int64_t day = kFirstLogDay + d * 86400;
        std::string text = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: " +
                           isoDate(reqs.front().time, false) +
                           "\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
                           "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";
        for (const auto &r : reqs)
            text += w3cLine(r, rng);
        facts.iisRequests += static_cast<int>(reqs.size());
        const std::string name = "u_ex" + isoDate(day, false).substr(2, 2) + isoDate(day, false).substr(5, 2) +
                                 isoDate(day, false).substr(8, 2) + ".log";
        out.push_back({"C:\\inetpub\\logs\\LogFiles\\W3SVC1\\" + name, std::move(text), reqs.front().time,
                       reqs.back().time, reqs.back().time});
    }
    facts.iisLogFiles = kLogDays;
    return out;
}

// ---- web root -----------------------------------------------------------

// Inert on purpose: the telltale strings a webshell scanner looks for are in a
// server-side comment; the page has no code and renders a static error page.
constexpr const char *kWebshell = R"(<%@ Page Language="C#" Debug="false" %>
<%--
  Harrier demo evidence: an INERT imitation of a small ASP.NET webshell.
  It only carries the shape scanners recognise; there is no code in it.
  Imitated handler: string k = Request.Form["z"]; eval(k, "unsafe"); Execute(k);
--%>
<!DOCTYPE html>
<html><head><title>Runtime Error</title></head>
<body><h1>Server Error in '/' Application.</h1>
<p>An application error occurred on the server.</p>
</body></html>
)";

constexpr const char *kDefaultPage = R"(<%@ Page Language="C#" AutoEventWireup="true" CodeBehind="Default.aspx.cs" Inherits="Portal._Default" %>
<!DOCTYPE html>
<html><head><title>Documents portal</title><link rel="stylesheet" href="/css/site.css"></head>
<body><form id="search" runat="server" action="/documents/search.aspx" method="get">
<h1>Parliament documents portal</h1>
<input type="text" name="q" placeholder="Search documents"> <input type="submit" value="Search">
</form></body></html>
)";

constexpr const char *kUploadPage = R"(<%@ Page Language="C#" AutoEventWireup="true" CodeBehind="Upload.aspx.cs" Inherits="Portal.Upload" %>
<!DOCTYPE html>
<html><head><title>Upload a document</title></head>
<body><form id="upload" runat="server" enctype="multipart/form-data">
<asp:FileUpload ID="DocumentFile" runat="server" /> <asp:Button ID="Send" runat="server" Text="Upload" />
</form></body></html>
)";

constexpr const char *kWebConfig = R"(<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <system.web>
    <compilation debug="false" targetFramework="4.8" />
    <httpRuntime targetFramework="4.8" maxRequestLength="20480" />
  </system.web>
  <system.webServer>
    <defaultDocument><files><add value="default.aspx" /></files></defaultDocument>
  </system.webServer>
</configuration>
)";

// ---- scheduled tasks (UTF-16LE with BOM, as Windows writes them) ---------

std::string utf16le(std::string_view ascii) {
    std::string out = "\xFF\xFE";
    for (char c : ascii) {
        out += c;
        out += '\0';
    }
    return out;
}

std::string taskXml(const std::string &uri, const std::string &author, std::int64_t registered,
                    const std::string &command, const std::string &arguments, bool hidden, const std::string &user) {
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n"
                    "<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\r\n"
                    "  <RegistrationInfo>\r\n    <Date>" + isoDate(registered, true) + "</Date>\r\n    <Author>" +
                    author + "</Author>\r\n    <URI>" + uri + "</URI>\r\n  </RegistrationInfo>\r\n"
                    "  <Triggers>\r\n    <TimeTrigger>\r\n      <Repetition><Interval>PT1H</Interval></Repetition>\r\n"
                    "      <StartBoundary>" + isoDate(registered + 3600 - registered % 3600, true) +
                    "</StartBoundary>\r\n      <Enabled>true</Enabled>\r\n    </TimeTrigger>\r\n  </Triggers>\r\n"
                    "  <Principals>\r\n    <Principal id=\"Author\">\r\n      <UserId>" + user +
                    "</UserId>\r\n      <RunLevel>HighestAvailable</RunLevel>\r\n    </Principal>\r\n  </Principals>\r\n"
                    "  <Settings>\r\n    <Enabled>true</Enabled>\r\n    <Hidden>" + (hidden ? "true" : "false") +
                    "</Hidden>\r\n    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>\r\n  </Settings>\r\n"
                    "  <Actions Context=\"Author\">\r\n    <Exec>\r\n      <Command>" + command +
                    "</Command>\r\n      <Arguments>" + arguments + "</Arguments>\r\n    </Exec>\r\n  </Actions>\r\n"
                    "</Task>\r\n";
    return utf16le(x);
}

// ---- Chrome History ------------------------------------------------------

std::int64_t webkit(std::int64_t unixSeconds) { return (unixSeconds + 11644473600LL) * 1000000LL; }

struct Visit {
    std::string url, title;
    std::int64_t time;
    int transition;  ///< core type | CHAIN_START | CHAIN_END
};

Result<std::string> chromeHistory(const std::vector<Visit> &visits, const fs::path &scratch) {
    const fs::path file = scratch / (".History-" + std::to_string(::getpid()) + ".tmp");
    fs::remove(file);
    sqlite3 *db = nullptr;
    if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        return makeError(ErrorCode::Database, "cannot create " + file.string());
    }
    std::string sql =
        "PRAGMA page_size=4096; BEGIN;"
        "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);"
        "INSERT INTO meta VALUES('version','67'),('last_compatible_version','16');"
        "CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT,url LONGVARCHAR,title LONGVARCHAR,"
        "visit_count INTEGER DEFAULT 0 NOT NULL,typed_count INTEGER DEFAULT 0 NOT NULL,"
        "last_visit_time INTEGER NOT NULL,hidden INTEGER DEFAULT 0 NOT NULL);"
        "CREATE TABLE visits(id INTEGER PRIMARY KEY,url INTEGER NOT NULL,visit_time INTEGER NOT NULL,"
        "from_visit INTEGER,transition INTEGER DEFAULT 0 NOT NULL,segment_id INTEGER,visit_duration INTEGER "
        "DEFAULT 0 NOT NULL);";
    std::vector<std::string> urls;
    for (const auto &v : visits) {
        auto it = std::find(urls.begin(), urls.end(), v.url);
        if (it == urls.end()) {
            urls.push_back(v.url);
            it = urls.end() - 1;
        }
        const auto id = std::to_string(it - urls.begin() + 1);
        char *q = sqlite3_mprintf(
            "INSERT INTO urls(id,url,title,visit_count,typed_count,last_visit_time) VALUES(%s,%Q,%Q,1,%d,%lld) "
            "ON CONFLICT(id) DO UPDATE SET visit_count=visit_count+1,last_visit_time=excluded.last_visit_time;"
            "INSERT INTO visits(url,visit_time,transition,visit_duration) VALUES(%s,%lld,%d,%d);",
            id.c_str(), v.url.c_str(), v.title.c_str(), (v.transition & 0xff) == 1 ? 1 : 0,
            static_cast<long long>(webkit(v.time)), id.c_str(), static_cast<long long>(webkit(v.time)), v.transition,
            45000000);
        sql += q;
        sqlite3_free(q);
    }
    sql += "COMMIT;";
    char *err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string why = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    if (rc != SQLITE_OK) {
        fs::remove(file);
        return makeError(ErrorCode::Database, "writing the demo History failed: " + why);
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    fs::remove(file);
    return bytes.str();
}

std::vector<Visit> adminVisits(const DemoFacts &facts, DemoRandom &rng) {
    constexpr int kLink = 0x30000000, kTyped = 0x30000001;
    static const std::vector<std::pair<std::string, std::string>> kPages = {
        {"https://intranet.parl.veldoria.example/", "Intranet — Parliament of Veldoria"},
        {"https://intranet.parl.veldoria.example/it/servicedesk", "IT service desk"},
        {"https://learn.microsoft.com/en-us/iis/manage/provisioning-and-managing-iis/configure-logging-in-iis",
         "Configure Logging in IIS | Microsoft Learn"},
        {"https://learn.microsoft.com/en-us/powershell/module/webadministration/", "WebAdministration Module"},
        {"https://portal.parl.veldoria.example/documents/", "Documents portal"},
        {"https://mail.parl.veldoria.example/owa/", "Outlook"},
    };
    std::vector<Visit> v;
    for (int i = 0; i < 24; ++i) {
        const auto &[url, title] = rng.pick(kPages);
        v.push_back({url, title, kMailStart + 7 * 86400 + rng.below(8 * 86400), i % 3 ? kLink : kTyped});
    }
    v.push_back({"https://mail.parl.veldoria.example/owa/", "Outlook", kClickTime - 95, kTyped});
    v.push_back({facts.clickedUrl, "World Affairs Digest", kClickTime, kLink});
    std::stable_sort(v.begin(), v.end(), [](const Visit &a, const Visit &b) { return a.time < b.time; });
    return v;
}

}  // namespace

Result<std::vector<CollectedFile>> endpointFiles(const DemoParams &params, DemoRandom &rng, DemoFacts &facts,
                                                 const fs::path &scratch) {
    facts.hostname = "VLD-WEB02";
    facts.webRoot = "C:\\inetpub\\wwwroot";
    facts.webshellPath = facts.webRoot + "\\aspnet_client\\system_web\\errorpage.aspx";
    facts.webshellUri = kShellUri;
    facts.webshellSha256 = sha256Hex(asBytes(kWebshell));
    auto files = iisLogs(params, rng, facts);

    const std::int64_t drop = kFirstLogDay + 2 * 3600 + 11 * 60 + 43;
    const std::int64_t built = kMailStart - 120 * 86400;
    files.push_back({facts.webshellPath, kWebshell, drop, drop, drop + 60});
    files.push_back({facts.webRoot + "\\default.aspx", kDefaultPage, built, built, kCollectionTime - 3600});
    files.push_back({facts.webRoot + "\\documents\\upload.aspx", kUploadPage, built, built, drop - 10});
    files.push_back({facts.webRoot + "\\web.config", kWebConfig, built, built + 86400, kCollectionTime - 3600});

    // The campaign link the administrator opened: his own token, so the
    // endpoint ties back to one message in the mailbox.
    for (const auto &c : facts.campaign)
        if (c.recipient.starts_with("tomas.adamek@")) {
            facts.clickedUrl = c.linkUrl;
            facts.clickedBy = c.recipient;
            break;
        }
    if (!facts.clickedUrl.empty()) {
        const auto visits = adminVisits(facts, rng);
        auto history = chromeHistory(visits, scratch);
        if (!history)
            return history.error();
        facts.historyVisits = static_cast<int>(visits.size());
        files.push_back({std::string(kAdminProfile) + "\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\History",
                         std::move(*history), kMailStart - 300 * 86400, visits.back().time, visits.back().time});
    }

    // Persistence: an hourly hidden task named like a browser updater. The
    // encoded command decodes to an inert placeholder.
    const std::int64_t taskTime = kFirstLogDay + 86400 + 2 * 3600 + 14 * 60 + 37;
    std::string inert = "Write-Output 'Harrier demo: an inert placeholder for a beacon'";
    std::string wide;
    for (char c : inert)
        wide += c, wide += '\0';
    facts.taskPath = "C:\\Windows\\System32\\Tasks\\MicrosoftEdgeUpdateTaskMachineCoreSvc";
    files.push_back({facts.taskPath,
                     taskXml("\\MicrosoftEdgeUpdateTaskMachineCoreSvc", "PARL\\svc-portal", taskTime,
                             "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                             "-NoP -NonI -W Hidden -EncodedCommand " + base64(wide), true, "S-1-5-18"),
                     taskTime, taskTime, taskTime});
    const std::int64_t cleanupTime = kMailStart - 60 * 86400;
    files.push_back({"C:\\Windows\\System32\\Tasks\\IIS Log Cleanup",
                     taskXml("\\IIS Log Cleanup", "PARL\\tomas.adamek", cleanupTime,
                             "C:\\Scripts\\Remove-OldIisLogs.cmd", "30", false, "PARL\\svc-maint"),
                     cleanupTime, cleanupTime, kCollectionTime - 86400});

    // The administrator's PowerShell history: routine work, nothing hidden.
    files.push_back({std::string(kAdminProfile) +
                         "\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\PSReadLine\\ConsoleHost_history.txt",
                     "Get-Service W3SVC\r\nImport-Module WebAdministration\r\nGet-Website\r\n"
                     "Get-ChildItem C:\\inetpub\\logs\\LogFiles\\W3SVC1 | Sort-Object LastWriteTime | "
                     "Select-Object -Last 5\r\niisreset /status\r\nGet-ScheduledTask | Where-Object State -eq Ready | "
                     "Select-Object TaskName,TaskPath\r\nTest-NetConnection intranet.parl.veldoria.example -Port 443\r\n",
                     kMailStart - 200 * 86400, kCollectionTime - 7200, kCollectionTime - 7200});
    return files;
}

}  // namespace harrier::demo
