#pragma once
// mutator run's workers: a pool that runs work on N threads, and a TestRunner that lets tests share the
// machine as CTest would. Generic: neither knows of mutants.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mlab/common/process.hpp"
#include "mutator/test_suite.hpp"

namespace mutator {

/// Runs `work(i)` for i in [0, count) on `jobs` threads; stops handing out work once `stop()` is true. An
/// exception in any job (a full disk, a store that cannot be written) stops the others and is rethrown here,
/// in the caller's thread: never std::terminate.
template <typename Work, typename Stop>
void parallel_for(std::size_t count, unsigned jobs, Work work, Stop stop) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    const auto worker = [&] {
        for (std::size_t i = next++; i < count && !stop() && !failed.load(); i = next++) {
            try {
                work(i);
            } catch (...) {
                const std::lock_guard lock(failure_mutex);
                if (!failure) {
                    failure = std::current_exception();
                }
                failed.store(true);
            }
        }
    };
    std::vector<std::thread> threads;
    const unsigned extra = static_cast<unsigned>(std::min<std::size_t>(jobs, count)) - (count > 0 ? 1 : 0);
    for (unsigned t = 0; t < extra; ++t) {
        threads.emplace_back(worker);
    }
    worker();
    for (std::thread& thread : threads) {
        thread.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

/// Runs tests side by side as CTest would let them: a RUN_SERIAL test alone, two tests that hold one
/// RESOURCE_LOCK name never at once, a test counting its PROCESSORS against the job slots. Each test gets a
/// temporary folder of its own (TMPDIR, TMP, TEMP, TEST_TMPDIR), emptied after it, so tests that share
/// "the" temporary folder do not meet.
class TestRunner {
  public:
    TestRunner(unsigned slots, std::filesystem::path temp_root);

    /// Throws std::runtime_error when the test's program cannot be started.
    mlab::ProcessResult run(const TestCase& test, mlab::ProcessOptions process, bool alone = false);

  private:
    std::vector<std::size_t> acquire(const TestCase& test, bool alone);
    void release(const TestCase& test, const std::vector<std::size_t>& slots);

    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<bool> busy_;
    std::set<std::string> held_;
    std::filesystem::path temp_root_;
};

}  // namespace mutator
