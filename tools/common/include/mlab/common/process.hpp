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
    // When it turns true, the process group is killed. An interrupt (InterruptGuard) always is one.
    const std::atomic<bool>* cancel = nullptr;
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

/// The path of the executable `name` in PATH (or `name` itself when it holds a slash and is executable);
/// empty when there is none.
std::string find_program(const std::string& name);

/// Sends SIGKILL to the process group of every process run_process is waiting for. Async-signal-safe.
void kill_running_process_groups() noexcept;

/// Ctrl-C and SIGTERM while it lives: the first sets `requested()` (builds and tests in progress are
/// stopped by their `cancel`), the second kills every running process group at once and exits with 130.
/// One at a time.
class InterruptGuard {
  public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    /// The flag to hand to ProcessOptions::cancel and the tools' own cancel settings.
    static const std::atomic<bool>* flag();
    static bool requested() { return flag()->load(); }
};

/// Throws Interrupted (errors.hpp) once Ctrl-C or SIGTERM was pressed: the check a long command makes
/// between its phases, so that it stops instead of going on with its killed children's results.
void stop_if_interrupted();

}  // namespace mlab
