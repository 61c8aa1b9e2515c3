#include "mlab/common/process.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string_view>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mlab/common/errors.hpp"

extern char** environ;

namespace mlab {
namespace {

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& overrides) {
    std::vector<std::string> out;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        const std::string name = text.substr(0, text.find('='));
        if (overrides.count(name) == 0) {
            out.push_back(text);
        }
    }
    for (const auto& [name, value] : overrides) {
        out.push_back(name + "=" + value);
    }
    return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (std::string& s : strings) {
        out.push_back(s.data());
    }
    out.push_back(nullptr);
    return out;
}

// The process groups run_process is waiting for, for kill_running_process_groups(): fixed slots of
// atomics, so a signal handler can read them.
constexpr std::size_t kSlots = 1024;
std::atomic<pid_t> running_groups[kSlots];

std::size_t register_group(pid_t pid) {
    for (std::size_t i = 0; i < kSlots; ++i) {
        pid_t expected = 0;
        if (running_groups[i].compare_exchange_strong(expected, pid)) {
            return i;
        }
    }
    return kSlots;  // more at once than slots: this one is not killed by an interrupt
}

void unregister_group(std::size_t slot) {
    if (slot < kSlots) {
        running_groups[slot].store(0);
    }
}

std::atomic<bool> interrupt_requested{false};

extern "C" void on_interrupt(int /*signal*/) {
    if (interrupt_requested.exchange(true)) {
        kill_running_process_groups();
        _exit(130);
    }
}

}  // namespace

void kill_running_process_groups() noexcept {
    for (std::atomic<pid_t>& slot : running_groups) {
        if (const pid_t pid = slot.load(); pid > 0) {
            kill(-pid, SIGKILL);
        }
    }
}

InterruptGuard::InterruptGuard() {
    interrupt_requested.store(false);
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

InterruptGuard::~InterruptGuard() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool>* InterruptGuard::flag() {
    return &interrupt_requested;
}

namespace {

// The three pipes of a child: its standard input, output and error, each [read end, write end].
struct Pipes {
    int in[2] = {-1, -1};
    int out[2] = {-1, -1};
    int err[2] = {-1, -1};
};

// Starts `argv` in a process group of its own with the pipes as its standard streams; closes the child's
// ends here. Throws std::runtime_error naming the program when it cannot be started.
pid_t spawn_child(const std::vector<std::string>& argv, const ProcessOptions& options, Pipes& pipes) {
    if (pipe2(pipes.out, O_CLOEXEC) != 0 || pipe2(pipes.err, O_CLOEXEC) != 0 ||
        pipe2(pipes.in, O_CLOEXEC) != 0) {
        throw std::runtime_error("run_process: pipe failed: " + std::string(std::strerror(errno)));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipes.in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipes.out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipes.err[1], STDERR_FILENO);
    if (!options.working_directory.empty()) {
        posix_spawn_file_actions_addchdir_np(&actions, options.working_directory.c_str());
    }
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    std::vector<std::string> args = argv;
    std::vector<std::string> env = merged_environment(options.environment);
    std::vector<char*> arg_pointers = pointers(args);
    std::vector<char*> env_pointers = pointers(env);
    pid_t pid = 0;
    const int spawned =
        posix_spawnp(&pid, argv[0].c_str(), &actions, &attributes, arg_pointers.data(), env_pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(pipes.out[1]);
    close(pipes.err[1]);
    close(pipes.in[0]);
    if (spawned != 0) {
        close(pipes.out[0]);
        close(pipes.err[0]);
        close(pipes.in[1]);
        throw std::runtime_error(argv[0] + ": cannot start: " + std::strerror(spawned));
    }
    return pid;
}

// Standard input is written whole up front; a child that does not read it gets EPIPE, which is ignored.
void feed_input(int fd, const std::string& input) {
    if (!input.empty()) {
        std::signal(SIGPIPE, SIG_IGN);
        std::size_t written = 0;
        while (written < input.size()) {
            const ssize_t n = write(fd, input.data() + written, input.size() - written);
            if (n <= 0) {
                break;
            }
            written += static_cast<std::size_t>(n);
        }
    }
    close(fd);
}

// Reads what is ready on the open descriptors into their sinks; returns how many are still open.
int drain_ready(pollfd (&fds)[2], std::string* const (&sinks)[2], int open_fds) {
    char buffer[65536];
    for (int i = 0; i < 2; ++i) {
        if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    return open_fds;
}

// The child's output until both pipes close, killing its group on a timeout or a cancel; returns whether
// the child was reaped (with its status in `status`).
bool collect_output(pid_t pid, const Pipes& pipes, const ProcessOptions& options,
                    std::chrono::steady_clock::time_point started, ProcessResult& result, int& status) {
    // An interrupt (InterruptGuard) stops every child, whatever cancel flag its caller gave.
    const std::atomic<bool>* cancel = options.cancel != nullptr ? options.cancel : &interrupt_requested;
    pollfd fds[2] = {{pipes.out[0], POLLIN, 0}, {pipes.err[0], POLLIN, 0}};
    std::string* const sinks[2] = {&result.standard_output, &result.standard_error};
    int open_fds = 2;
    bool reaped = false;
    std::optional<std::chrono::steady_clock::time_point> drain_until;
    // Polls in short slices: a child may exit while a process it started (a server) still holds its
    // output open, and a cancel request must be seen promptly.
    while (open_fds > 0) {
        const auto now = std::chrono::steady_clock::now();
        const bool out_of_time = options.timeout && now - started >= *options.timeout;
        if (!reaped && (out_of_time || cancel->load())) {
            result.timed_out = out_of_time && !interrupt_requested.load();
            result.cancelled = !result.timed_out;
            kill(-pid, SIGKILL);
        }
        if (drain_until && now >= *drain_until) {
            break;  // a process that left the group still holds the pipes: stop reading
        }
        const int ready = poll(fds, 2, 50);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready == 0 && !reaped) {
            if (waitpid(pid, &status, WNOHANG) == pid) {
                reaped = true;
                kill(-pid, SIGKILL);  // what it left behind in its group goes with it
                drain_until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
            }
            continue;
        }
        open_fds = drain_ready(fds, sinks, open_fds);
    }
    for (const pollfd& fd : fds) {
        if (fd.fd >= 0) {
            close(fd.fd);
        }
    }
    return reaped;
}

}  // namespace

void stop_if_interrupted() {
    if (interrupt_requested.load()) {
        throw Interrupted();
    }
}

std::string find_program(const std::string& name) {
    if (name.empty()) {
        return {};
    }
    if (name.find('/') != std::string::npos) {
        return access(name.c_str(), X_OK) == 0 ? name : std::string();
    }
    const char* path = std::getenv("PATH");
    std::string_view folders = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        const std::size_t colon = folders.find(':');
        const std::string folder(folders.substr(0, colon));
        const std::string candidate = (folder.empty() ? std::string(".") : folder) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
        if (colon == std::string_view::npos) {
            return {};
        }
        folders.remove_prefix(colon + 1);
    }
}

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
    if (argv.empty()) {
        throw std::runtime_error("run_process: no program given");
    }
    Pipes pipes;
    const auto started = std::chrono::steady_clock::now();
    const pid_t pid = spawn_child(argv, options, pipes);
    const std::size_t slot = register_group(pid);
    feed_input(pipes.in[1], options.standard_input);
    ProcessResult result;
    int status = 0;
    if (!collect_output(pid, pipes, options, started, result, status)) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        // Children the process left behind in its group (a server it started) go with it.
        kill(-pid, SIGKILL);
    }
    unregister_group(slot);
    result.duration = milliseconds_since(started);
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    }
    return result;
}

}  // namespace mlab
