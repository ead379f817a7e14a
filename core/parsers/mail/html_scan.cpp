#include "parsers/mail/html_scan.h"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_set>

#include "parsers/mail/gmime_util.h"

namespace harrier::parsers::mail {

namespace {

struct Tag {
    std::string name;  ///< lowercase, "/a" for closing tags
    std::map<std::string, std::string> attrs;  ///< lowercase names, entity-decoded values
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

// The attributes scan() reads. The others (class, id, border, align...: most
// of a mail's markup) are passed over without copying or decoding values.
bool wantedAttribute(std::string_view name) {
    static constexpr std::string_view kNames[] = {"action", "alt",        "background", "content", "height",
                                                  "href",   "http-equiv", "method",     "name",    "src",
                                                  "style",  "type",       "width"};
    return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// Parses the tag starting at html[pos] == '<'; returns the position after '>'.
std::size_t readTag(std::string_view html, std::size_t pos, Tag &tag) {
    std::size_t i = pos + 1;
    const std::size_t n = html.size();
    std::size_t start = i;
    while (i < n && !isSpace(html[i]) && html[i] != '>' && !(html[i] == '/' && i > start))
        ++i;
    tag.name = lower(html.substr(start, i - start));
    while (i < n && html[i] != '>') {
        while (i < n && (isSpace(html[i]) || html[i] == '/'))
            ++i;
        if (i >= n || html[i] == '>')
            break;
        start = i;
        while (i < n && !isSpace(html[i]) && html[i] != '=' && html[i] != '>')
            ++i;
        std::string name = lower(html.substr(start, i - start));
        while (i < n && isSpace(html[i]))
            ++i;
        std::string_view value;
        if (i < n && html[i] == '=') {
            ++i;
            while (i < n && isSpace(html[i]))
                ++i;
            if (i < n && (html[i] == '"' || html[i] == '\'')) {
                const char q = html[i++];
                start = i;
                while (i < n && html[i] != q)
                    ++i;
                value = html.substr(start, i - start);
                if (i < n)
                    ++i;
            } else {
                start = i;
                while (i < n && !isSpace(html[i]) && html[i] != '>')
                    ++i;
                value = html.substr(start, i - start);
            }
        }
        if (name.empty()) {
            ++i;  // a stray '=' or quote: skip it rather than loop
            continue;
        }
        if (wantedAttribute(name) && !tag.attrs.count(name))
            tag.attrs[name] = HtmlScan::decodeEntities(value);
    }
    return i < n ? i + 1 : n;
}

std::string cssValue(const std::string &style, const std::string &prop) {
    const std::string s = lower(style);
    std::size_t pos = 0;
    while ((pos = s.find(prop, pos)) != std::string::npos) {
        const bool boundary = pos == 0 || s[pos - 1] == ';' || s[pos - 1] == '{' || isSpace(s[pos - 1]) ||
                              s[pos - 1] == '"' || s[pos - 1] == '\'';
        std::size_t j = pos + prop.size();
        while (j < s.size() && isSpace(s[j]))
            ++j;
        if (boundary && j < s.size() && s[j] == ':') {
            const std::size_t end = s.find(';', j);
            return std::string(trim(std::string_view(s).substr(j + 1, end == std::string::npos ? std::string::npos
                                                                                             : end - j - 1)));
        }
        pos += prop.size();
    }
    return {};
}

// "1", "1px", "0", "1.0px" -> pixels; percentages and junk -> nullopt.
std::optional<int> pixels(std::string v) {
    v = std::string(trim(v));
    if (v.empty() || v.find('%') != std::string::npos)
        return std::nullopt;
    std::size_t i = 0;
    long long value = 0;
    bool any = false;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9' && value < 1'000'000) {
        value = value * 10 + (v[i++] - '0');
        any = true;
    }
    if (!any)
        return std::nullopt;
    return static_cast<int>(value);
}

std::string srcKind(const std::string &src) {
    const std::string l = lower(trim(src));
    if (l.empty())
        return "none";
    if (l.rfind("cid:", 0) == 0)
        return "cid";
    if (l.rfind("data:", 0) == 0)
        return "data";
    if (l.rfind("http://", 0) == 0 || l.rfind("https://", 0) == 0 || l.rfind("//", 0) == 0 ||
        l.rfind("ftp://", 0) == 0)
        return "remote";
    return "relative";
}

// A tag hides itself with CSS; reports which rule.
std::string hiddenByStyle(const std::string &style) {
    const std::string display = cssValue(style, "display");
    if (display.rfind("none", 0) == 0)
        return "display:none";
    const std::string visibility = cssValue(style, "visibility");
    if (visibility.rfind("hidden", 0) == 0)
        return "visibility:hidden";
    const std::string opacity = cssValue(style, "opacity");
    if (!opacity.empty() && (opacity == "0" || opacity.rfind("0.0", 0) == 0 || opacity == ".0"))
        return "opacity:0";
    return {};
}

bool isUrlLike(const std::string &v) {
    const std::string l = lower(trim(v));
    return !l.empty() && l[0] != '#' && l.rfind("javascript:void", 0) != 0;
}

}  // namespace

std::string HtmlScan::decodeEntities(std::string_view s) {
    if (s.find('&') == std::string_view::npos)
        return std::string(s);
    static const std::map<std::string, std::string> named = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        // Entity names are short: look for the ';' only in the next 10 bytes
        // (searching to the end from every '&' was quadratic on "&&&&...").
        const std::size_t semiInWindow = s.substr(i + 1, 10).find(';');
        if (semiInWindow == std::string_view::npos) {
            out += s[i];
            continue;
        }
        const std::size_t semi = i + 1 + semiInWindow;
        const std::string ent(s.substr(i + 1, semi - i - 1));
        if (!ent.empty() && ent[0] == '#') {
            unsigned long cp = 0;
            const bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
            try {
                cp = std::stoul(ent.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10);
            } catch (...) {
                out += s[i];
                continue;
            }
            if (cp == 0 || cp > 0x10FFFF)
                cp = 0xFFFD;
            char buf[8];
            const int len = g_unichar_to_utf8(static_cast<gunichar>(cp), buf);
            out.append(buf, static_cast<std::size_t>(len));
            i = semi;
        } else if (auto it = named.find(lower(ent)); it != named.end()) {
            out += it->second;
            i = semi;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::vector<std::string> HtmlScan::textUrls(std::string_view text) {
    // Hand-rolled on purpose: std::regex recurses per character and a
    // megabyte-long "URL" in hostile mail would overflow the stack.
    std::vector<std::string> out;
    const std::string l = lower(text);
    auto stopChar = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '<' || c == '>' || c == '"' || c == '\'' ||
               c == ']' || c == ')' || c == '\0';
    };
    // Each scheme's next occurrence is searched again only once the scan has
    // passed it: searching every scheme from every URL was quadratic (a text
    // of 500,000 URLs without "www." scanned to its end 500,000 times).
    static constexpr std::array<std::string_view, 4> kSchemes{"http://", "https://", "ftp://", "www."};
    std::array<std::size_t, kSchemes.size()> next{};
    for (std::size_t k = 0; k < kSchemes.size(); ++k)
        next[k] = l.find(kSchemes[k]);
    std::size_t pos = 0;
    while (pos < l.size()) {
        std::size_t best = std::string::npos;
        for (std::size_t k = 0; k < kSchemes.size(); ++k) {
            if (next[k] != std::string::npos && next[k] < pos)
                next[k] = l.find(kSchemes[k], pos);
            best = std::min(best, next[k]);
        }
        if (best == std::string::npos)
            break;
        // "www." inside "http://www." was already taken by the scheme match.
        std::size_t end = best;
        while (end < l.size() && !stopChar(l[end]))
            ++end;
        std::string url(text.substr(best, end - best));
        while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ';'))
            url.pop_back();
        if (url.size() > 8 && url.size() < 8192)
            out.push_back(url);
        pos = std::max(end, best + 1);
    }
    return out;
}

HtmlFindings HtmlScan::scan(std::string_view html) {
    HtmlFindings f;
    // Indexes into f.urls / f.forms; npos = none open. (Not std::optional:
    // GCC 12 -O2 reports a false maybe-uninitialized on it.)
    constexpr std::size_t kNone = std::string::npos;
    std::size_t openLink = kNone;  // the <a> whose text we collect
    std::size_t openForm = kNone;
    int skipText = 0;  // inside <script>/<style>
    std::size_t i = 0;
    const std::size_t n = html.size();
    while (i < n) {
        if (html[i] != '<') {
            const std::size_t next = html.find('<', i);
            const std::size_t end = next == std::string_view::npos ? n : next;
            if (!skipText) {
                const std::string text = decodeEntities(html.substr(i, end - i));
                f.text += text;
                if (openLink != kNone)
                    f.urls[openLink].anchorText += text;
            }
            i = end;
            continue;
        }
        if (html.substr(i, 4) == "<!--") {
            const std::size_t end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? n : end + 3;
            continue;
        }
        Tag tag;
        i = readTag(html, i, tag);
        // A view: comparing it with each tag name below checks the length
        // first, where std::string == const char* ran strlen and memcmp.
        const std::string_view name = tag.name;
        auto attr = [&](const char *a) -> std::string {
            auto it = tag.attrs.find(a);
            return it == tag.attrs.end() ? std::string() : it->second;
        };
        if (name == "script" || name == "style")
            ++skipText;
        else if ((name == "/script" || name == "/style") && skipText > 0)
            --skipText;
        else if (name == "br" || name == "p" || name == "/p" || name == "div" || name == "/div" || name == "tr")
            f.text += "\n";

        if (name == "a" || name == "area") {
            const std::string href = attr("href");
            if (isUrlLike(href)) {
                f.urls.push_back({href, "href", {}, "html"});
                if (name == "a")
                    openLink = f.urls.size() - 1;
            }
        } else if (name == "/a") {
            if (openLink != kNone) {
                auto &t = f.urls[openLink].anchorText;
                t = std::string(trim(t));
            }
            openLink = kNone;
        } else if (name == "img" || (name == "input" && lower(attr("type")) == "image")) {
            ImageRef img;
            img.src = attr("src");
            img.srcKind = srcKind(img.src);
            img.alt = attr("alt");
            const std::string style = attr("style");
            img.width = pixels(attr("width"));
            img.height = pixels(attr("height"));
            if (auto w = pixels(cssValue(style, "width")))
                img.width = w;
            if (auto h = pixels(cssValue(style, "height")))
                img.height = h;
            img.hiddenReason = hiddenByStyle(style);
            if (img.hiddenReason.empty() && (img.width || img.height)) {
                const int w = img.width.value_or(2), h = img.height.value_or(2);
                if (w == 0 || h == 0)
                    img.hiddenReason = "zero size";
                else if (w <= 1 && h <= 1)
                    img.hiddenReason = "1x1";
                else if (w <= 1 || h <= 1)
                    img.hiddenReason = "1-pixel side";
            }
            img.hidden = !img.hiddenReason.empty();
            if (img.srcKind == "remote" || img.srcKind == "relative")
                f.urls.push_back({img.src, "img src", {}, "html"});
            f.images.push_back(std::move(img));
        } else if (name == "form") {
            FormRef form;
            form.action = attr("action");
            form.method = lower(attr("method"));
            if (isUrlLike(form.action))
                f.urls.push_back({form.action, "form action", {}, "html"});
            f.forms.push_back(std::move(form));
            openForm = f.forms.size() - 1;
        } else if (name == "/form") {
            openForm = kNone;
        } else if ((name == "input" || name == "select" || name == "textarea" || name == "button") && openForm != kNone) {
            const std::string type = name == "input" ? lower(attr("type")) : std::string(name);
            f.forms[openForm].inputs.push_back((type.empty() ? "text" : type) + ":" + attr("name"));
            if (type == "password")
                f.forms[openForm].hasPassword = true;
        } else if (name == "iframe" || name == "script" || name == "embed" || name == "frame" || name == "source") {
            const std::string src = attr("src");
            if (isUrlLike(src))
                f.urls.push_back({src, std::string(name) + " src", {}, "html"});
        } else if (name == "link") {
            const std::string href = attr("href");
            if (isUrlLike(href))
                f.urls.push_back({href, "link href", {}, "html"});
        } else if (name == "meta" && lower(attr("http-equiv")) == "refresh") {
            const std::string content = attr("content");
            if (auto p = lower(content).find("url="); p != std::string::npos)
                f.urls.push_back({std::string(trim(content.substr(p + 4))), "meta refresh", {}, "html"});
        }
        if (const std::string bg = attr("background"); !bg.empty() && isUrlLike(bg))
            f.urls.push_back({bg, "background", {}, "html"});
        if (const std::string style = attr("style"); style.find("url(") != std::string::npos) {
            std::size_t p = 0;
            while ((p = style.find("url(", p)) != std::string::npos) {
                p += 4;
                const std::size_t close = style.find(')', p);
                std::string u(trim(std::string_view(style).substr(p, close == std::string::npos ? std::string::npos
                                                                                                 : close - p)));
                if (u.size() >= 2 && (u.front() == '"' || u.front() == '\'') && u.back() == u.front())
                    u = u.substr(1, u.size() - 2);
                if (!u.empty())
                    f.urls.push_back({u, "css", {}, "html"});
            }
        }
    }
    // Visible-text URLs not already found in the markup, each once. A set,
    // not a scan of the list per URL: a newsletter (or a hostile message)
    // with thousands of links made that quadratic.
    const std::vector<std::string> inText = textUrls(f.text);
    std::vector<const std::string *> added;
    {
        std::unordered_set<std::string_view> known;  // views into f.urls: gone before it grows
        for (const auto &u : f.urls)
            known.insert(u.url);
        for (const auto &u : inText)
            if (known.insert(u).second)
                added.push_back(&u);
    }
    for (const std::string *u : added)
        f.urls.push_back({*u, "text", {}, "html"});
    return f;
}

nlohmann::json HtmlScan::toJson(const std::vector<UrlRef> &urls) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto &u : urls) {
        nlohmann::json j{{"url", sanitizeUtf8(u.url)}, {"origin", u.origin}, {"part", u.part}};
        if (u.origin == "href")
            j["anchor_text"] = sanitizeUtf8(u.anchorText.substr(0, 2000));
        arr.push_back(std::move(j));
    }
    return arr;
}

nlohmann::json HtmlScan::toJson(const std::vector<ImageRef> &images) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto &im : images)
        arr.push_back({{"src", sanitizeUtf8(im.src.substr(0, 4096))},
                       {"src_kind", im.srcKind},
                       {"width", im.width ? nlohmann::json(*im.width) : nlohmann::json()},
                       {"height", im.height ? nlohmann::json(*im.height) : nlohmann::json()},
                       {"hidden", im.hidden},
                       {"hidden_reason", im.hiddenReason},
                       {"alt", sanitizeUtf8(im.alt)}});
    return arr;
}

nlohmann::json HtmlScan::toJson(const std::vector<FormRef> &forms) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto &fm : forms) {
        nlohmann::json inputs = nlohmann::json::array();
        for (const auto &in : fm.inputs)
            inputs.push_back(sanitizeUtf8(in));
        arr.push_back({{"action", sanitizeUtf8(fm.action)},
                       {"method", sanitizeUtf8(fm.method)},
                       {"inputs", std::move(inputs)},
                       {"has_password", fm.hasPassword}});
    }
    return arr;
}

}  // namespace harrier::parsers::mail
