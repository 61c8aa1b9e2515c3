#pragma once
// mutator run's workers: the shared pool (mlab::parallel_for), and a TestRunner that lets tests share the
// machine as CTest would. Neither knows of mutants.

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
#include "mlab/common/worker_pool.hpp"
#include "mutator/test_suite.hpp"

namespace mutator {

using mlab::parallel_for;

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
