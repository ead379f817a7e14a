// The explicit list of every parser Harrier ships. No static
// self-registration: adding a parser is one line here and one in CMake.
#include "ingest/parser_registry.h"

#include "parsers/evtx/evt_parser.h"
#include "parsers/evtx/evtx_parser.h"
#include "parsers/textlog/access_log_parser.h"
#include "parsers/textlog/history_parser.h"
#include "parsers/textlog/iis_parser.h"
#include "parsers/textlog/setupapi_parser.h"
#include "parsers/textlog/syslog_parser.h"
#include "parsers/windows/recycle_bin_parser.h"
#include "parsers/windows/scheduled_task_parser.h"

namespace harrier::ingest {

ParserRegistry defaultParsers() {
    ParserRegistry registry;
    // Parser families register here, one block per family.
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
    return registry;
}

}  // namespace harrier::ingest
