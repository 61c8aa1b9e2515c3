// mutator run: noise, cost model and estimate.

#include "estimate.hpp"

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

namespace mutator {

namespace {

// A few tests that reach a site, spread over the range of times, within a budget: at most a tenth of the
// baseline's time (or 2 s), since slow tests need no fine margin.
std::vector<std::size_t> noise_sample(const Baseline& baseline) {
    std::set<std::size_t> reaching;
    for (const auto& [number, indices] : baseline.reach) {
        reaching.insert(indices.begin(), indices.end());
    }
    std::vector<std::size_t> sample(reaching.begin(), reaching.end());
    std::erase_if(sample, [&](std::size_t i) { return baseline.durations[i] > std::chrono::seconds(5); });
    std::stable_sort(sample.begin(), sample.end(), [&](std::size_t a, std::size_t b) {
        return baseline.durations[a] < baseline.durations[b];
    });
    if (sample.size() > 6) {  // six spread over the range of times
        std::vector<std::size_t> spread;
        for (std::size_t k = 0; k < 6; ++k) {
            spread.push_back(sample[k * (sample.size() - 1) / 5]);
        }
        sample = spread;
    }
    const auto budget = std::max<std::chrono::milliseconds>(std::chrono::seconds(2), baseline.elapsed / 10);
    std::chrono::milliseconds spent{0};
    std::erase_if(sample, [&](std::size_t i) {
        spent += 2 * baseline.durations[i];
        return spent > budget;
    });
    return sample;
}

}  // namespace

Noise measure_noise(const std::vector<TestCase>& tests, const Baseline& baseline, TestRunner& runner,
                    const NoiseOptions& options) {
    const std::vector<std::size_t> sample = noise_sample(baseline);
    std::vector<std::array<long, 2>> times(sample.size(), {0, 0});
    std::vector<char> ran(sample.size(), 0);
    parallel_for(
        sample.size() * 2, options.jobs,
        [&](std::size_t k) {
            const TestCase& test = tests[sample[k / 2]];
            try {
                const mlab::ProcessResult result = runner.run(test, no_mutant_process(test, options.run));
                times[k / 2][k % 2] = result.duration.count();
                ran[k / 2] =
                    static_cast<char>(ran[k / 2] + (judge_test(test, result).verdict == TestVerdict::Passed));
            } catch (const std::runtime_error&) {
            }
        },
        [&] { return options.run.cancel != nullptr && options.run.cancel->load(); });
    Noise noise;
    std::vector<double> speeds;
    for (std::size_t i = 0; i < sample.size(); ++i) {
        if (ran[i] != 2) {
            continue;
        }
        ++noise.sampled;
        noise.spread = std::max(noise.spread, std::chrono::milliseconds(std::abs(times[i][0] - times[i][1])));
        const long base = std::max<long>(1, baseline.durations[sample[i]].count());
        speeds.push_back(static_cast<double>(std::min(times[i][0], times[i][1])) / static_cast<double>(base));
    }
    if (!speeds.empty()) {
        std::sort(speeds.begin(), speeds.end());
        noise.speed = std::min(1.0, speeds[speeds.size() / 2]);
    }
    return noise;
}

std::chrono::milliseconds margin_for(const Noise& noise) {
    return std::clamp(noise.spread * 4, std::chrono::milliseconds(200), std::chrono::milliseconds(5000));
}

std::chrono::milliseconds timeout_margin(const Noise& noise, std::optional<std::chrono::milliseconds> given,
                                         double timeout_factor, RunObserver& observer) {
    if (given) {
        return *given;
    }
    const std::chrono::milliseconds margin = margin_for(noise);
    observer.info(fmt::format(
        "timeouts: {} x baseline time + {} ms (4 x the {} ms spread measured over "
        "{} test{} run twice; at least 200 ms)",
        timeout_factor, margin.count(), noise.spread.count(), noise.sampled, noise.sampled == 1 ? "" : "s"));
    return margin;
}

CostModel::CostModel(const std::vector<TestCase>& tests, const Baseline& baseline, bool batch, double speed)
    : tests_(tests), baseline_(baseline), batch_(batch), speed_(speed) {
    std::map<std::string, std::vector<std::chrono::milliseconds>> times;
    for (std::size_t i = 0; i < tests.size(); ++i) {
        if (!tests[i].batch_key.empty()) {
            times[tests[i].batch_key].push_back(baseline.durations[i]);
        }
    }
    // A program's start-up: the median time of its TESTs, each measured in a process of its own.
    for (auto& [key, durations] : times) {
        std::sort(durations.begin(), durations.end());
        start_up_[key] = durations[durations.size() / 2];
    }
}

std::chrono::milliseconds CostModel::cost(const std::vector<std::size_t>& covering) const {
    return std::chrono::milliseconds(static_cast<long>(baseline_time(covering) * speed_) + 1);
}

double CostModel::baseline_time(const std::vector<std::size_t>& covering) const {
    double total = 0;
    std::set<std::string> started;
    for (const std::size_t i : covering) {
        const double time = static_cast<double>(baseline_.durations[i].count());
        const std::string& key = tests_[i].batch_key;
        if (!batch_ || key.empty()) {
            total += time;
            continue;
        }
        const double start_up = static_cast<double>(start_up_.at(key).count());
        total += (started.insert(key).second ? start_up : 0.0) + std::max(0.0, time - start_up);
    }
    return total;
}

void print_estimate(const std::vector<PlannedMutant>& planned, unsigned jobs, RunObserver& observer) {
    for (const std::string& note : estimate_notes(planned, jobs)) {
        observer.info(note);
    }
}

std::string duration_text(std::chrono::milliseconds duration) {
    const long seconds = duration.count() / 1000;
    if (seconds < 120) {
        return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
    }
    if (seconds < 7200) {
        return fmt::format("{} min", seconds / 60);
    }
    return fmt::format("{:.1f} h", static_cast<double>(seconds) / 3600.0);
}

std::vector<std::string> estimate_notes(const std::vector<PlannedMutant>& planned, unsigned jobs) {
    if (planned.empty()) {
        return {};
    }
    std::chrono::milliseconds total{0};
    std::size_t covering = 0;
    std::map<std::string, std::chrono::milliseconds> by_file;
    for (const PlannedMutant& mutant : planned) {
        total += mutant.cost;
        covering += mutant.covering_tests;
        by_file[mutant.file] += mutant.cost;
    }
    const auto wall = total / std::max(1U, jobs);
    std::vector<std::string> notes{fmt::format(
        "estimated cost: {} mutants to run, {} covering tests each on average, ~{} of tests, ~{} on {} jobs",
        planned.size(), covering / planned.size(), duration_text(total), duration_text(wall), jobs)};
    if (wall < std::chrono::minutes(30)) {
        return notes;
    }
    std::vector<std::pair<std::chrono::milliseconds, std::string>> files;
    for (const auto& [file, cost] : by_file) {
        files.emplace_back(cost, file);
    }
    std::sort(files.rbegin(), files.rend());
    std::string costliest;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, files.size()); ++i) {
        costliest += fmt::format("{}{} {}%", i > 0 ? ", " : "", files[i].second,
                                 files[i].first.count() * 100 / std::max<long>(1, total.count()));
    }
    notes.push_back(fmt::format(
        "that is long; levers: --shard K/8 on a CI matrix of 8 jobs: ~{} each; --since <revision>: only the "
        "mutants on lines a change touches; PATHs: only those files (costliest: {}); --fail-fast: a killed "
        "mutant stops at its first killing test instead of running all {} on average",
        duration_text(wall / 8), costliest, covering / planned.size()));
    return notes;
}

}  // namespace mutator
