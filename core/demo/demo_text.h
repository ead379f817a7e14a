#pragma once
/// The demo's own text: people, topics, sentences and headlines written for
/// Harrier, plus the encoders the mail and the tokens need.

#include <string>
#include <string_view>
#include <vector>

#include "demo/demo_random.h"

namespace harrier::demo {

struct Person {
    std::string name;     ///< display name, may be non-ASCII (UTF-8)
    std::string address;
    std::string role;
};

/// The organisation's staff. The first one is the web server's administrator.
std::vector<Person> staffDirectory(const std::string &domain);
/// People outside the organisation who write to it.
std::vector<Person> externalContacts();

struct Topic {
    std::string subject;
    std::string opening;  ///< first sentence of the first message
};
const std::vector<Topic> &threadTopics();
/// A few plausible office sentences, joined into a paragraph.
std::string officeParagraph(DemoRandom &rng, int sentences);
std::string replyLine(DemoRandom &rng);

struct Headline {
    std::string title;
    std::string teaser;
    std::string slug;
};
const std::vector<Headline> &campaignHeadlines();

std::string base64(std::string_view data, bool wrap76 = false);
/// %XX for every byte but ASCII letters, digits and the characters in `alsoSafe`.
std::string percentEncode(std::string_view s, std::string_view alsoSafe);
/// RFC 3986: only unreserved characters stay as they are.
std::string urlEncode(std::string_view s);
/// Quoted-printable (RFC 2045): `=` and non-ASCII escaped, soft breaks at 76.
std::string qpEncode(std::string_view s);
/// An RFC 2047 encoded word when the text is not plain ASCII.
std::string headerWord(std::string_view s);
/// `"Name" <address>` with the name encoded as needed.
std::string mailbox(const Person &p);

}  // namespace harrier::demo
