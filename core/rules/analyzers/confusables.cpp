#include "rules/analyzers/confusables.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <vector>

namespace harrier::rules::analyzers {

namespace {

// Code points that render like an ASCII letter in common fonts (a subset of
// TR39 confusables.txt restricted to what matters for host names).
const std::map<char32_t, char> &table() {
    static const std::map<char32_t, char> t = {
        // Cyrillic
        {0x0430, 'a'}, {0x0410, 'a'}, {0x0435, 'e'}, {0x0415, 'e'}, {0x043E, 'o'}, {0x041E, 'o'}, {0x0440, 'p'},
        {0x0420, 'p'}, {0x0441, 'c'}, {0x0421, 'c'}, {0x0443, 'y'}, {0x0423, 'y'}, {0x0445, 'x'}, {0x0425, 'x'},
        {0x0456, 'i'}, {0x0406, 'l'}, {0x0458, 'j'}, {0x0408, 'j'}, {0x0455, 's'}, {0x0405, 's'}, {0x0501, 'd'},
        {0x051B, 'q'}, {0x051D, 'w'}, {0x04BB, 'h'}, {0x0412, 'b'}, {0x041D, 'h'}, {0x041A, 'k'}, {0x041C, 'm'},
        {0x0422, 't'}, {0x04CF, 'l'}, {0x0475, 'v'}, {0x0461, 'w'}, {0x0491, 'r'},
        // Greek
        {0x03BF, 'o'}, {0x039F, 'o'}, {0x03B1, 'a'}, {0x0391, 'a'}, {0x03BD, 'v'}, {0x03B9, 'i'}, {0x0399, 'l'},
        {0x03BA, 'k'}, {0x039A, 'k'}, {0x03C1, 'p'}, {0x03A1, 'p'}, {0x03C4, 't'}, {0x03A4, 't'}, {0x03C5, 'u'},
        {0x0392, 'b'}, {0x0395, 'e'}, {0x0396, 'z'}, {0x0397, 'h'}, {0x039C, 'm'}, {0x039D, 'n'}, {0x03A7, 'x'},
        {0x03A5, 'y'}, {0x03F2, 'c'}, {0x03F3, 'j'},
        // Latin look-alikes and letters with marks that hide at small sizes
        {0x0131, 'i'}, {0x0269, 'i'}, {0x026A, 'i'}, {0x0251, 'a'}, {0x0261, 'g'}, {0x01C0, 'l'}, {0x0142, 'l'},
        {0x00E0, 'a'}, {0x00E1, 'a'}, {0x00E2, 'a'}, {0x00E3, 'a'}, {0x00E4, 'a'}, {0x00E5, 'a'}, {0x00E7, 'c'},
        {0x00E8, 'e'}, {0x00E9, 'e'}, {0x00EA, 'e'}, {0x00EB, 'e'}, {0x00EC, 'i'}, {0x00ED, 'i'}, {0x00EE, 'i'},
        {0x00EF, 'i'}, {0x00F1, 'n'}, {0x00F2, 'o'}, {0x00F3, 'o'}, {0x00F4, 'o'}, {0x00F5, 'o'}, {0x00F6, 'o'},
        {0x00F8, 'o'}, {0x00F9, 'u'}, {0x00FA, 'u'}, {0x00FB, 'u'}, {0x00FC, 'u'}, {0x00FD, 'y'}, {0x00FF, 'y'},
        {0x0101, 'a'}, {0x0113, 'e'}, {0x012B, 'i'}, {0x014D, 'o'}, {0x016B, 'u'}, {0x1E41, 'm'}, {0x1E43, 'm'},
        {0x0219, 's'}, {0x021B, 't'}, {0x1EB9, 'e'}, {0x1ECD, 'o'}, {0x1EA1, 'a'},
        // Fullwidth and other forms of '.'
        {0x3002, '.'}, {0xFF0E, '.'}, {0xFF61, '.'},
    };
    return t;
}

// Decodes UTF-8 leniently; invalid bytes become U+FFFD.
std::vector<char32_t> decode(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        out.push_back(cp);
        i += static_cast<std::size_t>(len);
    }
    return out;
}

void append(std::string &out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Builds a new string rather than replacing in place: GCC 12 -O2 reports a
// false -Wrestrict on std::string::replace (GCC bug 105329).
void replaceAll(std::string &s, std::string_view from, std::string_view to) {
    std::string out;
    out.reserve(s.size());
    std::size_t start = 0;
    for (std::size_t p; (p = s.find(from, start)) != std::string::npos; start = p + from.size())
        out.append(s, start, p - start).append(to);
    out.append(s, start, std::string::npos);
    s = std::move(out);
}

}  // namespace

std::string confusableSkeleton(std::string_view utf8) {
    std::string out;
    for (char32_t cp : decode(utf8)) {
        if (cp >= 'A' && cp <= 'Z')
            cp = cp - 'A' + 'a';
        if (const auto it = table().find(cp); it != table().end())
            out += it->second;
        else if (cp == '0')
            out += 'o';
        else if (cp == '1' || cp == '|')
            out += 'l';
        else
            append(out, cp);
    }
    // Multi-letter shapes last, on the folded text ("rn" written with a Cyrillic r still reads "m").
    replaceAll(out, "rn", "m");
    replaceAll(out, "vv", "w");
    return out;
}

bool hasForeignLookalikes(std::string_view utf8) {
    for (char32_t cp : decode(utf8))
        if (((cp >= 0x0370 && cp <= 0x03FF) || (cp >= 0x0400 && cp <= 0x052F)) && table().count(cp))
            return true;
    return false;
}

int editDistance(std::string_view a, std::string_view b, int limit) {
    const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
    if (std::abs(n - m) > limit)
        return limit + 1;
    std::vector<std::vector<int>> d(static_cast<std::size_t>(n + 1), std::vector<int>(static_cast<std::size_t>(m + 1)));
    auto at = [&](int i, int j) -> int & { return d[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]; };
    for (int i = 0; i <= n; ++i)
        at(i, 0) = i;
    for (int j = 0; j <= m; ++j)
        at(0, j) = j;
    for (int i = 1; i <= n; ++i) {
        int rowMin = limit + 1;
        for (int j = 1; j <= m; ++j) {
            const int cost = a[static_cast<std::size_t>(i - 1)] == b[static_cast<std::size_t>(j - 1)] ? 0 : 1;
            int v = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && a[static_cast<std::size_t>(i - 1)] == b[static_cast<std::size_t>(j - 2)] &&
                a[static_cast<std::size_t>(i - 2)] == b[static_cast<std::size_t>(j - 1)])
                v = std::min(v, at(i - 2, j - 2) + 1);
            at(i, j) = v;
            rowMin = std::min(rowMin, v);
        }
        if (rowMin > limit)
            return limit + 1;
    }
    return std::min(at(n, m), limit + 1);
}

}  // namespace harrier::rules::analyzers
