#pragma once
// Small text helpers shared by the tools.

#include <string>
#include <string_view>

namespace mlab {

/// `text` with every run of spaces, tabs and line breaks turned into one space, none at either end.
std::string fold_whitespace(std::string_view text);

}  // namespace mlab
