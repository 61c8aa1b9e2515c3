#pragma once
// Shell-style glob matching for paths ('**' crosses directories) and for names.

#include <string_view>

namespace mlab {

/// Whether a single '*' may match a '/': not for paths, yes for names such as "spdlog::*".
enum class GlobStar { StopsAtSlash, CrossesSlash };

/// Matches `text` against `pattern`: '*' any run of characters (see GlobStar), '**' any run including '/',
/// '?' one character; "**/" also matches nothing, so "**/tests/**" matches "tests/a.cpp".
bool glob_match(std::string_view pattern, std::string_view text, GlobStar star = GlobStar::StopsAtSlash);

}  // namespace mlab
