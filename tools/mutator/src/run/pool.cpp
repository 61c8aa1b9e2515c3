// mutator run's TestRunner: job slots, RUN_SERIAL, RESOURCE_LOCK and a temporary folder per test.

#include "pool.hpp"

namespace mutator {
namespace fs = std::filesystem;

TestRunner::TestRunner(unsigned slots, fs::path temp_root)
    : busy_(std::max(1U, slots), false), temp_root_(std::move(temp_root)) {}

mlab::ProcessResult TestRunner::run(const TestCase& test, mlab::ProcessOptions process, bool alone) {
    const std::vector<std::size_t> slots = acquire(test, alone);
    const fs::path temp = temp_root_ / std::to_string(slots.front());
    const auto release_all = [&] {
        std::error_code ignored;
        fs::remove_all(temp, ignored);
        release(test, slots);
    };
    try {
        fs::remove_all(temp);
        fs::create_directories(temp);
        for (const char* variable : {"TMPDIR", "TMP", "TEMP", "TEST_TMPDIR"}) {
            if (test.environment.count(variable) == 0) {
                process.environment[variable] = temp.string();
            }
        }
        mlab::ProcessResult result = mlab::run_process(test.command, process);
        release_all();
        return result;
    } catch (...) {
        release_all();
        throw;
    }
}

std::vector<std::size_t> TestRunner::acquire(const TestCase& test, bool alone) {
    const std::size_t need =
        (test.run_serial || alone) ? busy_.size() : std::clamp<std::size_t>(test.processors, 1, busy_.size());
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] {
        const auto free = static_cast<std::size_t>(std::count(busy_.begin(), busy_.end(), false));
        return free >= need && std::none_of(test.resource_locks.begin(), test.resource_locks.end(),
                                            [&](const std::string& name) { return held_.count(name) > 0; });
    });
    std::vector<std::size_t> taken;
    for (std::size_t i = 0; i < busy_.size() && taken.size() < need; ++i) {
        if (!busy_[i]) {
            busy_[i] = true;
            taken.push_back(i);
        }
    }
    held_.insert(test.resource_locks.begin(), test.resource_locks.end());
    return taken;
}

void TestRunner::release(const TestCase& test, const std::vector<std::size_t>& slots) {
    {
        const std::lock_guard lock(mutex_);
        for (const std::size_t slot : slots) {
            busy_[slot] = false;
        }
        for (const std::string& name : test.resource_locks) {
            held_.erase(name);
        }
    }
    cv_.notify_all();
}

}  // namespace mutator
