#pragma once
/// Hex digits and %XX escapes, as URLs, Velociraptor upload paths, MAPI
/// property tags and RTF \'hh escapes write them.

#include <string>
#include <string_view>

namespace harrier {

/// 0-15 for a hex digit (either case), -1 for anything else.
int hexDigitValue(char c);

/// Each valid %XX becomes its byte; an invalid or cut-off escape stays as it
/// is. With `plusIsSpace` (query strings) '+' becomes ' '.
std::string percentDecode(std::string_view s, bool plusIsSpace = false);

}  // namespace harrier
