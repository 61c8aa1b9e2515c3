#pragma once
// `--since REF`: the lines changed since a git revision, to mutate only those (as Mull's gitDiffRef).

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "mutator/site.hpp"

namespace mutator {

/// Root-relative file → the line numbers (in the working tree) added or changed since `ref`, committed or
/// not. Throws mlab::InputError when `root` is not in a git work tree or `ref` is unknown.
using ChangedLines = std::map<std::string, std::set<unsigned>>;
ChangedLines changed_lines_since(const std::filesystem::path& root, const std::string& ref);

/// Parses `git diff --unified=0` output; paths are taken relative to `prefix` (the root's path inside
/// the repository, "" or ending in '/'), files outside it are dropped.
ChangedLines parse_unified_zero_diff(const std::string& diff, const std::string& prefix);

/// True when any line of the site's replaced text changed.
bool site_changed(const MutationSite& site, const ChangedLines& changed);

}  // namespace mutator
