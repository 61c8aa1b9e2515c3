#include "mlab/common/files.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include <csignal>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "mlab/common/errors.hpp"

namespace mlab {
namespace {

std::string reason() {
    return std::strerror(errno);
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw FileError(path.string() + ": cannot read: " + reason());
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

bool file_contains(const std::filesystem::path& path, std::string_view text) {
    try {
        return read_file(path).find(text) != std::string::npos;
    } catch (const FileError&) {
        return false;
    }
}

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
    const std::filesystem::path temp = path.string() + ".tmp." + std::to_string(getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw FileError(path.string() + ": cannot write: " + reason());
    }
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const std::string why = reason();
            ::close(fd);
            ::unlink(temp.c_str());
            throw FileError(path.string() + ": cannot write: " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string why = reason();
        ::unlink(temp.c_str());
        throw FileError(path.string() + ": cannot write: " + why);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string why = reason();
        ::unlink(temp.c_str());
        throw FileError(path.string() + ": cannot write: " + why);
    }
}

std::optional<std::filesystem::path> relative_inside(const std::filesystem::path& path,
                                                     const std::filesystem::path& folder) {
    std::filesystem::path relative = path.lexically_relative(folder);
    if (relative.empty() || *relative.begin() == "..") {
        return std::nullopt;
    }
    return relative;
}

std::filesystem::path make_temp_directory(std::string_view prefix) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw FileError(pattern + ": cannot create a temporary directory: " + reason());
    }
    return pattern;
}

std::filesystem::path canonical_or_same(const std::filesystem::path& path) {
    std::error_code error;
    std::filesystem::path canonical =
        std::filesystem::weakly_canonical(std::filesystem::absolute(path), error);
    return error ? path : canonical;
}

void remove_stale_temporaries(const std::filesystem::path& path) {
    std::error_code error;
    const std::string prefix = path.filename().string() + ".tmp.";
    for (const auto& entry : std::filesystem::directory_iterator(path.parent_path(), error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) {
            continue;
        }
        const std::string pid = name.substr(prefix.size());
        if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos || pid.size() > 9) {
            continue;
        }
        if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) {
            std::filesystem::remove(entry.path(), error);
        }
    }
}

void require_writable_folder(const std::filesystem::path& folder, std::string_view option) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
        throw InputError(std::string(option) + " " + folder.string() + ": cannot write: " + error.message());
    }
    const std::filesystem::path probe = folder / (".write-probe." + std::to_string(getpid()));
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw InputError(std::string(option) + " " + folder.string() + ": cannot write: " + reason());
    }
    ::close(fd);
    ::unlink(probe.c_str());
}

FolderLock::FolderLock(const std::filesystem::path& folder) {
    const std::filesystem::path path = folder / ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw FileError(path.string() + ": cannot open: " + reason());
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        std::string holder;
        try {
            holder = read_file(path);
        } catch (const FileError&) {
        }
        while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) {
            holder.pop_back();
        }
        ::close(fd_);
        fd_ = -1;
        throw InputError(folder.string() + ": in use by another run (pid " +
                         (holder.empty() ? std::string("unknown") : holder) +
                         "); wait for it to finish or choose another folder");
    }
    const std::string pid = std::to_string(getpid()) + "\n";
    // Should this fail, the lock still holds; only a second run's message lacks the pid.
    if (::ftruncate(fd_, 0) == 0) {
        [[maybe_unused]] const ssize_t written = ::pwrite(fd_, pid.data(), pid.size(), 0);
    }
}

FolderLock::~FolderLock() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

}  // namespace mlab
