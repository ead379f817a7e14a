#pragma once
// The floor's text scans (mail_floor.h): the facts issue 3 asks for that no
// library the project uses extracts, found the cheapest way that still finds
// them: one forward pass, no regular expressions, results as views into the
// scanned text. They find less than Harrier's scanners (no entity decoding,
// no CSS urls, no comments, no RFC 5322 comments in Received), so the floor
// stays below what any real ingest has to spend.

#include <string_view>
#include <vector>

namespace mail_floor {

/// One Received header: the words after "from", "by" and "with", and the
/// first bracketed address literal ("[192.0.2.1]", "[IPv6:...]").
struct Hop {
    std::string_view from, by, with, ip;
};
Hop scanReceived(std::string_view value);

/// "method=result" pairs of Authentication-Results (spf, dkim, dmarc, arc...)
/// with the domain property after each (header.d, header.from, smtp.mailfrom,
/// header.i); Received-SPF gives one "spf" verdict from its first word.
struct Verdict {
    std::string_view method, result, domain;
};
void scanAuthenticationResults(std::string_view value, std::vector<Verdict> &out);
Verdict scanReceivedSpf(std::string_view value);

/// What the HTML scan finds: links with their anchor text, image and form
/// URLs, and each image's size and whether it is hidden.
struct Link {
    std::string_view url;
    const char *origin;       ///< "href", "img src", "form action"
    std::string_view anchor;  ///< the raw text between <a ...> and </a>, tags included
};
struct Image {
    std::string_view src;
    int width = -1, height = -1;  ///< from the attributes or inline CSS; -1 unknown
    bool hidden = false;          ///< display:none, visibility:hidden, 0 or 1 pixel
};
void scanHtml(std::string_view html, std::vector<Link> &links, std::vector<Image> &images);

/// http://, https:// and ftp:// URLs written as plain text.
void scanTextUrls(std::string_view text, std::vector<std::string_view> &out);

/// The host of a URL ("" when it has none), not lowercased.
std::string_view urlHost(std::string_view url);

/// Whether a text body carries a uuencoded ("begin NNN name") or yEnc
/// ("=ybegin") file.
bool hasInlineBinary(std::string_view text);

}  // namespace mail_floor
