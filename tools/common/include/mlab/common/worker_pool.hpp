#pragma once
// Running many independent jobs on a few threads.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace mlab {

/// The number of jobs to run side by side: `wanted`, or one per core when it is 0.
inline unsigned jobs_or_cores(unsigned wanted) {
    return wanted > 0 ? wanted : std::max(1U, std::thread::hardware_concurrency());
}

/// Runs `work(i)` for i in [0, count) on `jobs` threads (the caller's among them); stops handing out work
/// once `stop()` is true. An exception in any job (a full disk, a store that cannot be written) stops the
/// others and is rethrown here, in the caller's thread: never std::terminate.
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
    const unsigned extra =
        static_cast<unsigned>(std::min<std::size_t>(std::max(1U, jobs), count)) - (count > 0 ? 1 : 0);
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

/// parallel_for that runs every job.
template <typename Work>
void parallel_for(std::size_t count, unsigned jobs, Work work) {
    parallel_for(count, jobs, std::move(work), [] { return false; });
}

}  // namespace mlab
