#pragma once
// Copying a project's source tree: one rule for what every copy leaves out (a mutant build's mirror, a lab's
// starter, the funnel's scratch project), and an incremental copy that rewrites only what changed.

#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace mlab {

/// Whether every copy of a project leaves `folder` out: version control (.git, .hg, .svn), CMake's own
/// CMakeFiles, curator's review records (.curator), any build folder (one that holds a CMakeCache.txt), and
/// the output folder of a `mutator run` made inside the project (a results.db beside its mirror, src/).
bool left_out_of_copies(const std::filesystem::path& folder);

struct TreeCopy {
    /// Folders left out besides those of left_out_of_copies (the user's build folder, the tool's output
    /// folder), compared canonically; the copied folder itself is never left out.
    std::set<std::filesystem::path> skipped_folders;
    /// Absolute original file → the content the copy holds instead.
    std::map<std::filesystem::path, std::string> replacements;
    /// Files (relative to the copied folder, generic form) the copy leaves out.
    std::set<std::string> dropped;
    /// Files the copy holds that the copied folder does not: absolute path as if in the copied folder →
    /// content.
    std::map<std::filesystem::path, std::string> added;
};

/// Makes `to` a copy of `from` under `rules`: symbolic links stay links, file permissions are kept, no
/// CMakeCache.txt is copied. A file whose content is already right is not touched, so a build over the copy
/// stays incremental; files and folders of `to` that `from` no longer has are removed (a folder
/// left_out_of_copies in `to`, such as a build folder made inside it, stays).
void sync_tree(const std::filesystem::path& from, const std::filesystem::path& to,
               const TreeCopy& rules = {});

}  // namespace mlab
