#include "demo/demo_scenario.h"

#include <fstream>
#include <system_error>

#include "demo/collection_writer.h"
#include "demo/endpoint_artifacts.h"
#include "demo/mailbox_writer.h"

namespace harrier::demo {

namespace fs = std::filesystem;

const char *toString(TokenEncoding e) {
    switch (e) {
    case TokenEncoding::Plain:
        return "plain";
    case TokenEncoding::UrlEncoded:
        return "url-encoded";
    case TokenEncoding::Base64:
        return "base64";
    }
    return "plain";
}

Result<DemoFacts> generateScenario(const fs::path &dir, const DemoParams &params) {
    std::error_code ec;
    const fs::path evidence = dir / "evidence";
    fs::create_directories(evidence, ec);
    if (ec)
        return makeError(ErrorCode::Io, "cannot create " + evidence.string() + ": " + ec.message());
    DemoFacts facts;
    facts.organisationDomain = "parl.veldoria.example";
    // One stream of randomness, used in a fixed order: same seed, same bytes.
    DemoRandom rng(params.seed);
    facts.mboxPath = evidence / "parl-journal-2026-10.mbox";
    if (auto r = writeMailbox(facts.mboxPath, params, rng, facts); !r)
        return r.error();
    auto files = endpointFiles(params, rng, facts, evidence);
    if (!files)
        return files.error();
    facts.uploads = static_cast<int>(files->size());
    facts.collectionPath = evidence / collectionFileName(facts.hostname);
    fs::remove(facts.collectionPath, ec);
    if (auto r = writeCollection(facts.collectionPath, facts.hostname, *files, rng); !r)
        return r.error();
    // What the scenario contains, for whoever explores the demo case.
    std::ofstream out(dir / "demo-scenario.json", std::ios::trunc);
    out << toJson(facts).dump(2) << "\n";
    if (!out)
        return makeError(ErrorCode::Io, "cannot write " + (dir / "demo-scenario.json").string());
    return facts;
}

nlohmann::json toJson(const DemoFacts &f) {
    nlohmann::json campaign = nlohmann::json::array();
    for (const auto &c : f.campaign)
        campaign.push_back({{"recipient", c.recipient},
                            {"message_id", c.messageId},
                            {"sender_domain", c.senderDomain},
                            {"token_encoding", toString(c.encoding)},
                            {"token", c.token},
                            {"pixel_url", c.pixelUrl},
                            {"link_url", c.linkUrl},
                            {"pixel_hidden_by_css", c.pixelHiddenByCss}});
    return {
        {"mailbox",
         {{"path", f.mboxPath.string()},
          {"organisation_domain", f.organisationDomain},
          {"messages", f.messages},
          {"ordinary_messages", f.ordinaryMessages},
          {"replies", f.replies},
          {"attachments", f.attachments},
          {"press_reviews", f.newsletterMessages},
          {"attacker_domains", f.attackerDomains},
          {"campaign", campaign}}},
        {"endpoint",
         {{"path", f.collectionPath.string()},
          {"hostname", f.hostname},
          {"web_root", f.webRoot},
          {"webshell_path", f.webshellPath},
          {"webshell_uri", f.webshellUri},
          {"webshell_sha256", f.webshellSha256},
          {"webshell_posts", f.webshellPosts},
          {"webshell_posts_by_ip", f.webshellPostsByIp},
          {"iis_log_files", f.iisLogFiles},
          {"iis_requests", f.iisRequests},
          {"clicked_url", f.clickedUrl},
          {"clicked_by", f.clickedBy},
          {"history_visits", f.historyVisits},
          {"persistence_task", f.taskPath},
          {"uploads", f.uploads}}},
    };
}

}  // namespace harrier::demo
