#include "mlab/common/project_copy.hpp"

#include <vector>

#include "mlab/common/files.hpp"

namespace mlab {
namespace fs = std::filesystem;
namespace {

bool same_content(const fs::path& path, const std::string& content) {
    std::error_code error;
    if (!fs::is_regular_file(path, error) || fs::file_size(path, error) != content.size() || error) {
        return false;
    }
    try {
        return read_file(path) == content;
    } catch (const FileError&) {
        return false;
    }
}

void copy_link(const fs::path& from, const fs::path& to) {
    const fs::path link = fs::read_symlink(from);
    std::error_code error;
    if (!fs::is_symlink(to) || fs::read_symlink(to, error) != link) {
        fs::remove(to, error);
        fs::create_symlink(link, to);
    }
}

void copy_file(const fs::path& from, const fs::path& to, const TreeCopy& rules) {
    const auto replacement = rules.replacements.find(from);
    const std::string content =
        replacement != rules.replacements.end() ? replacement->second : read_file(from);
    if (!same_content(to, content)) {
        write_file_atomic(to, content);
        fs::permissions(to, fs::status(from).permissions());
    }
}

// Everything in `to` that is not `wanted`, except the folders every copy leaves out.
void remove_stale(const fs::path& to, const std::set<fs::path>& wanted) {
    std::vector<fs::path> stale;
    for (auto it = fs::recursive_directory_iterator(to); it != fs::recursive_directory_iterator(); ++it) {
        const bool folder = it->is_directory() && !it->is_symlink();
        if (folder && left_out_of_copies(it->path())) {
            it.disable_recursion_pending();
            continue;
        }
        if (wanted.count(it->path().lexically_relative(to)) == 0) {
            stale.push_back(it->path());
            if (folder) {
                it.disable_recursion_pending();
            }
        }
    }
    for (const fs::path& path : stale) {
        fs::remove_all(path);
    }
}

}  // namespace

bool left_out_of_copies(const fs::path& folder) {
    const std::string name = folder.filename().string();
    // Another mutator run's output folder (its results store beside its mirror): copied, each run's mirror
    // would hold the last one's, folder within folder.
    const bool mutator_output = fs::exists(folder / "results.db") && fs::is_directory(folder / "src");
    return name == ".git" || name == ".hg" || name == ".svn" || name == "CMakeFiles" || name == ".curator" ||
           fs::exists(folder / "CMakeCache.txt") || mutator_output;
}

void sync_tree(const fs::path& from, const fs::path& to, const TreeCopy& rules) {
    const fs::path root = canonical_or_same(from);
    fs::create_directories(to);
    std::set<fs::path> wanted;
    for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path& path = it->path();
        const fs::path relative = path.lexically_relative(from);
        const fs::path target = to / relative;
        if (it->is_directory() && !it->is_symlink()) {
            const fs::path canonical = canonical_or_same(path);
            if (left_out_of_copies(path) ||
                (rules.skipped_folders.count(canonical) > 0 && canonical != root)) {
                it.disable_recursion_pending();
                continue;
            }
            fs::create_directories(target);
            wanted.insert(relative);
            continue;
        }
        if (path.filename() == "CMakeCache.txt" || rules.dropped.count(relative.generic_string()) > 0) {
            continue;
        }
        wanted.insert(relative);
        if (it->is_symlink()) {
            copy_link(path, target);
        } else if (it->is_regular_file()) {
            copy_file(path, target, rules);
        }
    }
    for (const auto& [path, content] : rules.added) {
        const fs::path relative = path.lexically_relative(from);
        if (wanted.count(relative.parent_path()) == 0 && !relative.parent_path().empty()) {
            continue;  // its folder is not copied
        }
        wanted.insert(relative);
        if (!same_content(to / relative, content)) {
            write_file_atomic(to / relative, content);
        }
    }
    remove_stale(to, wanted);
}

}  // namespace mlab
