#pragma once
// Running a child process and collecting what it printed, with a time limit.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlab {

struct ProcessOptions {
    std::filesystem::path working_directory;         // empty: the current one
    std::map<std::string, std::string> environment;  // added to (or replacing in) the inherited environment
    std::optional<std::chrono::milliseconds> timeout;
    std::string standard_input;
    const std::atomic<bool>* cancel = nullptr;  // when it turns true, the process group is killed
};

struct ProcessResult {
    int exit_code = -1;      // when the process exited
    int signal = 0;          // when a signal ended it
    bool timed_out = false;  // killed (with its process group) after the timeout
    bool cancelled = false;  // killed because `cancel` turned true
    std::string standard_output;
    std::string standard_error;
    std::chrono::milliseconds duration{0};

    bool succeeded() const { return !timed_out && !cancelled && signal == 0 && exit_code == 0; }
};

/// The time since `start`, in whole milliseconds.
inline std::chrono::milliseconds milliseconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

/// Runs `argv` (argv[0] looked up in PATH) in its own process group and waits for it. Throws
/// std::runtime_error naming the program when it cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace mlab
