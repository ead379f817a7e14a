#include "mail_floor_scans.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>

namespace mail_floor {

namespace {

using sv = std::string_view;

char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequal(sv a, sv b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lowerAscii(a[i]) != lowerAscii(b[i]))
            return false;
    return true;
}

// Position of `needle` (lowercase) in `hay`, ASCII case ignored; npos if absent.
std::size_t ifind(sv hay, sv needle, std::size_t from = 0) {
    if (needle.empty() || hay.size() < needle.size())
        return sv::npos;
    for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
        if (lowerAscii(hay[i]) != needle[0])
            continue;
        std::size_t k = 1;
        while (k < needle.size() && lowerAscii(hay[i + k]) == needle[k])
            ++k;
        if (k == needle.size())
            return i;
    }
    return sv::npos;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

sv trim(sv s) {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

// The next whitespace-delimited word at or after `pos`, which moves past it.
sv nextWord(sv s, std::size_t &pos) {
    while (pos < s.size() && isSpace(s[pos]))
        ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && !isSpace(s[pos]) && s[pos] != ';')
        ++pos;
    return s.substr(start, pos - start);
}

// The domain written after the first of `properties` found in `text` (the
// part after '@' of an address); "" when none is.
sv domainAfter(sv text, std::initializer_list<sv> properties) {
    for (const sv property : properties) {
        std::size_t at = ifind(text, property);
        if (at == sv::npos)
            continue;
        at += property.size();
        sv domain = nextWord(text, at);
        if (const std::size_t sign = domain.rfind('@'); sign != sv::npos)
            domain.remove_prefix(sign + 1);
        return domain;
    }
    return {};
}

// The value of a CSS property in an inline style ("" when absent).
sv cssValue(sv style, sv property) {
    for (std::size_t at = ifind(style, property); at != sv::npos; at = ifind(style, property, at + 1)) {
        std::size_t p = at + property.size();
        while (p < style.size() && isSpace(style[p]))
            ++p;
        if (p >= style.size() || style[p] != ':')
            continue;
        const std::size_t end = style.find(';', p);
        return trim(style.substr(p + 1, end == sv::npos ? sv::npos : end - p - 1));
    }
    return {};
}

int pixels(sv v) { return v.empty() ? -1 : std::atoi(std::string(v.substr(0, 12)).c_str()); }

// Calls `attribute(name, value)` for each attribute in a tag's inside.
template <class F> void forEachAttribute(sv inside, F &&attribute) {
    std::size_t p = 0;
    while (p < inside.size()) {
        while (p < inside.size() && (isSpace(inside[p]) || inside[p] == '/'))
            ++p;
        const std::size_t nameStart = p;
        while (p < inside.size() && !isSpace(inside[p]) && inside[p] != '=' && inside[p] != '/')
            ++p;
        const sv name = inside.substr(nameStart, p - nameStart);
        while (p < inside.size() && isSpace(inside[p]))
            ++p;
        sv value;
        if (p < inside.size() && inside[p] == '=') {
            ++p;
            while (p < inside.size() && isSpace(inside[p]))
                ++p;
            if (p < inside.size() && (inside[p] == '"' || inside[p] == '\'')) {
                const char quote = inside[p++];
                const std::size_t end = inside.find(quote, p);
                value = inside.substr(p, end == sv::npos ? sv::npos : end - p);
                p = end == sv::npos ? inside.size() : end + 1;
            } else {
                const std::size_t start = p;
                while (p < inside.size() && !isSpace(inside[p]))
                    ++p;
                value = inside.substr(start, p - start);
            }
        }
        if (!name.empty())
            attribute(name, value);
        else if (p == nameStart)
            ++p;
    }
}

// The '>' that ends the tag opened before `from`, quotes respected.
std::size_t tagEnd(sv html, std::size_t from) {
    char quote = 0;
    for (std::size_t i = from; i < html.size(); ++i) {
        const char c = html[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i;
        }
    }
    return sv::npos;
}

}  // namespace

Hop scanReceived(sv value) {
    Hop hop;
    const sv clauses = value.substr(0, value.rfind(';'));
    for (std::size_t pos = 0; pos < clauses.size();) {
        const sv word = nextWord(clauses, pos);
        if (word.empty())
            break;
        sv *slot = iequal(word, "from") ? &hop.from : iequal(word, "by") ? &hop.by : iequal(word, "with") ? &hop.with
                                                                                                           : nullptr;
        if (slot && slot->empty())
            *slot = nextWord(clauses, pos);
    }
    if (const std::size_t open = clauses.find('['); open != sv::npos)
        if (const std::size_t close = clauses.find(']', open); close != sv::npos) {
            hop.ip = clauses.substr(open + 1, close - open - 1);
            if (hop.ip.size() > 5 && iequal(hop.ip.substr(0, 5), "ipv6:"))
                hop.ip.remove_prefix(5);
        }
    return hop;
}

void scanAuthenticationResults(sv value, std::vector<Verdict> &out) {
    std::size_t start = value.find(';');  // the first segment is the authserv-id
    while (start != sv::npos) {
        const std::size_t end = value.find(';', start + 1);
        const sv segment = trim(value.substr(start + 1, end == sv::npos ? sv::npos : end - start - 1));
        start = end;
        const std::size_t eq = segment.find('=');
        if (eq == sv::npos)
            continue;
        Verdict v;
        v.method = trim(segment.substr(0, eq));
        std::size_t p = eq + 1;
        v.result = nextWord(segment, p);
        v.domain = domainAfter(segment, {"header.d=", "header.from=", "smtp.mailfrom=", "header.i="});
        out.push_back(v);
    }
}

Verdict scanReceivedSpf(sv value) {
    Verdict v{"spf", {}, {}};
    std::size_t p = 0;
    v.result = nextWord(value, p);
    v.domain = domainAfter(value, {"envelope-from=", "domain of "});
    return v;
}

void scanHtml(sv html, std::vector<Link> &links, std::vector<Image> &images) {
    std::size_t openLink = sv::npos, anchorStart = 0;  // the <a> whose text is being read
    for (std::size_t lt = html.find('<'); lt != sv::npos; lt = html.find('<', lt + 1)) {
        std::size_t p = lt + 1;
        const bool closing = p < html.size() && html[p] == '/';
        if (closing)
            ++p;
        const std::size_t nameStart = p;
        while (p < html.size() && std::isalnum(static_cast<unsigned char>(html[p])))
            ++p;
        const sv name = html.substr(nameStart, p - nameStart);
        if (name.empty())
            continue;
        const std::size_t gt = tagEnd(html, p);
        if (gt == sv::npos)
            break;
        const sv inside = html.substr(p, gt - p);
        if (closing) {
            if (openLink != sv::npos && iequal(name, "a")) {
                links[openLink].anchor = html.substr(anchorStart, lt - anchorStart);
                openLink = sv::npos;
            }
        } else if (iequal(name, "a") || iequal(name, "area")) {
            forEachAttribute(inside, [&](sv attr, sv value) {
                if (iequal(attr, "href")) {
                    links.push_back({value, "href", {}});
                    openLink = links.size() - 1;
                    anchorStart = gt + 1;
                }
            });
        } else if (iequal(name, "img")) {
            Image image;
            sv style;
            forEachAttribute(inside, [&](sv attr, sv value) {
                if (iequal(attr, "src"))
                    image.src = value;
                else if (iequal(attr, "width"))
                    image.width = pixels(value);
                else if (iequal(attr, "height"))
                    image.height = pixels(value);
                else if (iequal(attr, "style"))
                    style = value;
            });
            if (!style.empty()) {
                if (const int w = pixels(cssValue(style, "width")); w >= 0)
                    image.width = w;
                if (const int h = pixels(cssValue(style, "height")); h >= 0)
                    image.height = h;
                image.hidden = ifind(cssValue(style, "display"), "none") == 0 ||
                               ifind(cssValue(style, "visibility"), "hidden") == 0;
            }
            if ((image.width >= 0 && image.width <= 1) || (image.height >= 0 && image.height <= 1))
                image.hidden = true;
            images.push_back(image);
            if (!image.src.empty())
                links.push_back({image.src, "img src", {}});
        } else if (iequal(name, "form")) {
            forEachAttribute(inside, [&](sv attr, sv value) {
                if (iequal(attr, "action"))
                    links.push_back({value, "form action", {}});
            });
        }
        lt = gt;
    }
}

void scanTextUrls(sv text, std::vector<sv> &out) {
    for (std::size_t at = text.find("://"); at != sv::npos; at = text.find("://", at + 3)) {
        std::size_t start = at;
        while (start > 0 && std::isalpha(static_cast<unsigned char>(text[start - 1])))
            --start;
        const sv scheme = text.substr(start, at - start);
        if (!iequal(scheme, "http") && !iequal(scheme, "https") && !iequal(scheme, "ftp"))
            continue;
        std::size_t end = at + 3;
        while (end < text.size() && !isSpace(text[end]) && !std::strchr("<>\"'", text[end]))
            ++end;
        if (end > at + 3)
            out.push_back(text.substr(start, end - start));
        at = end - 3;
    }
}

sv urlHost(sv url) {
    const std::size_t scheme = url.find("://");
    if (scheme == sv::npos)
        return {};
    sv rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const std::size_t at = rest.rfind('@'); at != sv::npos)
        rest.remove_prefix(at + 1);
    if (!rest.empty() && rest.front() == '[')
        return rest.substr(1, rest.find(']') == sv::npos ? sv::npos : rest.find(']') - 1);
    return rest.substr(0, rest.find(':'));
}

bool hasInlineBinary(sv text) {
    if (text.find("=ybegin ") != sv::npos)
        return true;
    for (std::size_t at = text.find("begin "); at != sv::npos; at = text.find("begin ", at + 6))
        if ((at == 0 || text[at - 1] == '\n') && at + 6 < text.size() &&
            std::isdigit(static_cast<unsigned char>(text[at + 6])))
            return true;
    return false;
}

}  // namespace mail_floor
