#pragma once
// A site as text: the mutated file, and the unified diff between original and mutant.

#include <string>
#include <string_view>

#include "mutator/site.hpp"

namespace mutator {

/// `original` (the site's whole file) with the site's range replaced. Throws std::invalid_argument when the
/// file no longer holds the site's original text there (it changed since the scan).
std::string apply_site(std::string_view original, const MutationSite& site);

/// A unified diff of one file (`a/PATH` and `b/PATH` headers, 3 lines of context) that `git apply` and
/// `patch -p1` accept from the project root.
std::string unified_diff(const std::string& path, std::string_view before, std::string_view after);

/// "original -> replacement" on one line, shortened for a terminal.
std::string one_line_change(const MutationSite& site, std::size_t width = 60);

}  // namespace mutator
