// The explicit list of every parser Harrier ships. No static
// self-registration: adding a parser is one line here and one in CMake.
#include "ingest/parser_registry.h"
#include "parsers/browser/chrome_history_parser.h"
#include "parsers/browser/firefox_places_parser.h"
#include "parsers/browser/msiecf_parser.h"
#include "parsers/browser/safari_history_parser.h"
#include "parsers/lnk/jump_list_parser.h"
#include "parsers/lnk/lnk_parser.h"
#include "parsers/ntfs/mft_parser.h"
#include "parsers/ntfs/usn_journal_parser.h"
#include "parsers/prefetch/prefetch_parser.h"
#include "parsers/registry/registry_parser.h"

#include "parsers/evtx/evt_parser.h"
#include "parsers/evtx/evtx_parser.h"
#include "parsers/textlog/access_log_parser.h"
#include "parsers/textlog/history_parser.h"
#include "parsers/textlog/iis_parser.h"
#include "parsers/textlog/setupapi_parser.h"
#include "parsers/textlog/syslog_parser.h"
#include "parsers/windows/recycle_bin_parser.h"
#include "parsers/windows/scheduled_task_parser.h"
#include "parsers/mail/mail_parsers.h"
#include "parsers/outlook/outlook_parsers.h"

namespace harrier::ingest {

ParserRegistry defaultParsers() {
    ParserRegistry registry;
    // Parser families register here, one block per family.
    // Endpoint artifacts: browsers, prefetch.
    registry.add(std::make_unique<parsers::browser::ChromeHistoryParser>());
    registry.add(std::make_unique<parsers::browser::FirefoxPlacesParser>());
    registry.add(std::make_unique<parsers::browser::SafariHistoryParser>());
    registry.add(std::make_unique<parsers::browser::MsiecfParser>());
    registry.add(std::make_unique<parsers::prefetch::PrefetchParser>());
    registry.add(std::make_unique<parsers::lnk::LnkParser>());
    registry.add(std::make_unique<parsers::lnk::JumpListParser>());
    registry.add(std::make_unique<parsers::registry::RegistryParser>());
    registry.add(std::make_unique<parsers::ntfs::MftParser>());
    registry.add(std::make_unique<parsers::ntfs::UsnJournalParser>());
    // evtx: Windows event logs
    registry.add(std::make_unique<parsers::evtx::EvtxParser>());
    registry.add(std::make_unique<parsers::evtx::EvtParser>());
    // textlog: line-oriented logs (IIS before syslog: its directives are unambiguous)
    registry.add(std::make_unique<parsers::textlog::IisParser>());
    registry.add(std::make_unique<parsers::textlog::SetupApiParser>());
    registry.add(std::make_unique<parsers::textlog::AccessLogParser>());
    registry.add(std::make_unique<parsers::textlog::SyslogParser>());
    registry.add(std::make_unique<parsers::textlog::HistoryParser>());
    // windows: scheduled tasks, Recycle Bin
    registry.add(std::make_unique<parsers::windows::ScheduledTaskParser>());
    registry.add(std::make_unique<parsers::windows::RecycleBinParser>());

    // mail: mbox before eml so an mbox (which also has mail headers) is never
    // taken for one message; both claim by content, extensions only as a hint.
    registry.add(std::make_unique<parsers::mail::MboxParser>());
    registry.add(std::make_unique<parsers::mail::EmlParser>());
    registry.add(std::make_unique<parsers::mail::TnefParser>());
    // outlook: PST/OST by magic, .msg by its compound-file stream names
    registry.add(std::make_unique<parsers::outlook::PstParser>());
    registry.add(std::make_unique<parsers::outlook::MsgParser>());
    return registry;
}

}  // namespace harrier::ingest
