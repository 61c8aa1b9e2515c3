#pragma once
// Reading and writing files so that a reader never sees a half-written one.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mlab {

/// A file could not be read or written; the message names the path and the reason.
class FileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The whole content of `path`; throws FileError naming the path when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Whether the file at `path` holds `text` (false when it cannot be read): a program's compiled-in strings.
bool file_contains(const std::filesystem::path& path, std::string_view text);

/// Writes `content` to a temporary file beside `path`, flushes it, then renames it over `path`:
/// readers see the old content or the new, never a part. Throws FileError naming the path.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

/// `path` made absolute and canonical as far as it exists; `path` itself when that fails.
std::filesystem::path canonical_or_same(const std::filesystem::path& path);

/// `path` relative to `folder` when `path` is `folder` or lies inside it, compared as written (make both
/// canonical first where links matter); nullopt when it lies outside.
std::optional<std::filesystem::path> relative_inside(const std::filesystem::path& path,
                                                     const std::filesystem::path& folder);

/// Whether `path` is `folder` or lies inside it (relative_inside).
inline bool is_inside(const std::filesystem::path& path, const std::filesystem::path& folder) {
    return relative_inside(path, folder).has_value();
}

/// A fresh, empty directory under the system's temporary directory, named after `prefix`.
std::filesystem::path make_temp_directory(std::string_view prefix);

/// Removes the `PATH.tmp.PID` files write_file_atomic left beside `path` when a process PID, no longer
/// running, was killed mid-write.
void remove_stale_temporaries(const std::filesystem::path& path);

/// Creates `folder` when needed and proves it can be written (a probe file written and removed); throws
/// InputError "OPTION FOLDER: cannot write: reason" otherwise. For the folders a command writes late, after
/// work that costs (a paid model call, a long run), so it fails before that work.
void require_writable_folder(const std::filesystem::path& folder, std::string_view option);

/// An exclusive hold on a folder for as long as it lives (flock on FOLDER/.lock, which names the holder's
/// pid). A second holder, in this process or another, is refused: throws InputError naming the folder and
/// the pid that holds it. The lock goes with the process, however it ends.
class FolderLock {
  public:
    explicit FolderLock(const std::filesystem::path& folder);
    ~FolderLock();
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace mlab
