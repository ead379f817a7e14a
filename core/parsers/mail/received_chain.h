#pragma once
/// The Received: chain of a message parsed into hops. Headers are written
/// newest first; hops here are in chronological order (the hop that first
/// accepted the message is hop 1), with the delay against the previous hop.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/utc_time.h"

namespace harrier::parsers::mail {

struct ReceivedHop {
    int index = 0;             ///< 1 = oldest
    std::string fromHost;      ///< the name after "from"
    std::string fromDetail;    ///< the comment after it (reverse DNS, HELO, [ip])
    std::string byHost;
    std::string ip;            ///< of the sending side, from the from-clause
    std::string protocol;      ///< after "with" (SMTP, ESMTPS, LMTP, HTTP...)
    std::string id;
    std::string forAddress;
    std::optional<UtcTime> time;
    std::string dateText;      ///< as written, after the last ';'
    std::optional<std::int64_t> delaySeconds;  ///< time - previous hop's time
    std::string raw;
};

class ReceivedChain {
public:
    /// `headers` are the unfolded Received values in header order (newest first).
    static std::vector<ReceivedHop> parse(const std::vector<std::string> &headers);
    static ReceivedHop parseOne(std::string_view value);
    static nlohmann::json toJson(const std::vector<ReceivedHop> &hops);
};

}  // namespace harrier::parsers::mail
