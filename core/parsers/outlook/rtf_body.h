#pragma once
/// What an RTF message body holds: HTML encapsulated by Outlook/Exchange
/// (\fromhtml1, MS-OXRTFEX) recovered as the original HTML, plain text
/// encapsulated (\fromtext), or the visible text of a native RTF body.
/// A tolerant scanner with hard bounds (input, group depth, output): hostile
/// RTF can only yield less text, never a crash or an unbounded allocation.

#include <string>
#include <string_view>

namespace harrier::parsers::outlook {

struct RtfContent {
    enum class Kind { Html, Text, Rtf };
    Kind kind = Kind::Rtf;
    std::string html;  ///< Kind::Html: the de-encapsulated HTML, UTF-8
    std::string text;  ///< Kind::Text: the encapsulated text; Kind::Rtf: visible text; UTF-8
};

class RtfBody {
public:
    static RtfContent decode(std::string_view rtf);
    /// Windows code page for an RTF \fcharset value (0 when unknown/symbol).
    static int codepageForCharset(int charset);
    static constexpr std::size_t kMaxInput = 64u << 20;
    static constexpr int kMaxDepth = 512;
};

}  // namespace harrier::parsers::outlook
