#include "mutator/run.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"
#include "mutator/changed_lines.hpp"
#include "mutator/gtest_program.hpp"
#include "mutator/mutant_build.hpp"
#include "mutator/results_store.hpp"
#include "mutator/schemata.hpp"
#include "mutator/test_suite.hpp"

namespace mutator {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
namespace {

// Runs `work(i)` for i in [0, count) on `jobs` threads; stops handing out work once `stop()` is true. An
// exception in any job (a full disk, a store that cannot be written) stops the others and is rethrown here,
// in the caller's thread: never std::terminate.
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

// Runs tests side by side as CTest would let them: a RUN_SERIAL test alone, two tests that hold one
// RESOURCE_LOCK name never at once, a test counting its PROCESSORS against the job slots. Each test gets a
// temporary folder of its own (TMPDIR, TMP, TEMP, TEST_TMPDIR), emptied after it, so tests that share
// "the" temporary folder do not meet.
class TestRunner {
  public:
    TestRunner(unsigned slots, fs::path temp_root)
        : busy_(std::max(1U, slots), false), temp_root_(std::move(temp_root)) {}

    /// Throws std::runtime_error when the test's program cannot be started.
    mlab::ProcessResult run(const TestCase& test, mlab::ProcessOptions process, bool alone = false) {
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

  private:
    std::vector<std::size_t> acquire(const TestCase& test, bool alone) {
        const std::size_t need = (test.run_serial || alone)
                                     ? busy_.size()
                                     : std::clamp<std::size_t>(test.processors, 1, busy_.size());
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] {
            const auto free = static_cast<std::size_t>(std::count(busy_.begin(), busy_.end(), false));
            return free >= need &&
                   std::none_of(test.resource_locks.begin(), test.resource_locks.end(),
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

    void release(const TestCase& test, const std::vector<std::size_t>& slots) {
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

    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<bool> busy_;
    std::set<std::string> held_;
    fs::path temp_root_;
};

// ---- phase 1: select ---------------------------------------------------------------------------------

struct Selected {
    std::vector<const MutationSite*> sites;  // in the scan's order
};

Selected select_sites(const SiteList& list, const ChangedLines& changed, const RunOptions& options) {
    Selected selected;
    std::size_t index = 0;
    for (const MutationSite& site : list.sites) {
        if (!options.since.empty() && !site_changed(site, changed)) {
            continue;
        }
        // Sharding counts the sites that pass the other filters, so the shards split them evenly.
        if (index++ % options.shard_count == options.shard_index - 1) {
            selected.sites.push_back(&site);
        }
    }
    return selected;
}

// ---- phase 2: instrument -------------------------------------------------------------------------------

struct SiteState {
    const MutationSite* site = nullptr;
    std::uint32_t number = 0;
    fs::path original;                       // absolute
    unsigned first_line = 0, last_line = 0;  // of the code the switch wraps
    enum class Form { Switched, Probe, Dropped } form = Form::Switched;
    std::uint32_t function = 0;  // the number of its function body held twice, 0: none (see schemata.hpp)
    unsigned body_first_line = 0, body_last_line = 0;
};

class Instrumenter {
  public:
    Instrumenter(std::vector<SiteState>& states, const fs::path& runtime_header)
        : states_(states), runtime_header_(runtime_header) {
        for (SiteState& state : states_) {
            if (state.site->suppressed) {
                continue;
            }
            auto [it, inserted] = texts_.try_emplace(state.original);
            if (inserted) {
                it->second = mlab::read_file(state.original);
            }
            const std::string& text = it->second;
            state.first_line = line_at(text, state.site->node_offset);
            state.last_line = line_at(text, state.site->node_offset + state.site->node_length);
            state.body_first_line = line_at(text, state.site->body_offset);
            state.body_last_line = line_at(text, state.site->body_offset + state.site->body_length);
            by_file_[state.original].push_back(&state);
        }
    }

    const std::map<fs::path, std::string>& originals() const { return texts_; }

    /// Every instrumented file, rewritten for the sites' current forms.
    std::map<fs::path, std::string> render() {
        std::map<fs::path, std::string> out;
        for (auto& [file, states] : by_file_) {
            std::vector<NumberedSite> numbered;
            std::set<std::uint32_t> probes;
            for (SiteState* state : states) {
                state->function = 0;
                if (state->form == SiteState::Form::Dropped) {
                    continue;
                }
                const MutationSite& site = *state->site;
                if (site.body_length > 0 && single_copy_.count({file, site.body_offset}) == 0) {
                    const auto [it, inserted] =
                        functions_.try_emplace({file, site.body_offset}, functions_.size() + 1);
                    state->function = static_cast<std::uint32_t>(it->second);
                }
                numbered.push_back({state->site, state->number, state->function});
                if (state->form == SiteState::Form::Probe) {
                    probes.insert(state->number);
                }
            }
            std::vector<std::uint32_t> out_of_place;
            out[file] = rewrite_with_schemata(texts_.at(file), numbered, probes, file.string(),
                                              runtime_header_.string(), &out_of_place);
            if (!out_of_place.empty()) {
                for (SiteState* state : states) {
                    if (std::find(out_of_place.begin(), out_of_place.end(), state->number) !=
                        out_of_place.end()) {
                        state->form = SiteState::Form::Dropped;
                    }
                }
                return render();
            }
        }
        return out;
    }

    /// Moves the sites a failed build's errors point at one form down: a function body held twice is held
    /// once (its sites switched in the one copy), then switched → probe → dropped. False when the errors
    /// point at none of them.
    bool demote(const std::vector<DiagnosticLocation>& locations) {
        bool any = false;
        for (const DiagnosticLocation& location : locations) {
            std::error_code error;
            const fs::path file = fs::weakly_canonical(fs::absolute(location.file), error);
            const auto it = by_file_.find(file);
            if (it == by_file_.end()) {
                continue;
            }
            // An error at a site's lines blames the site; one elsewhere in a body held twice, the copy.
            const bool at_a_site =
                std::any_of(it->second.begin(), it->second.end(), [&](const SiteState* state) {
                    return state->form != SiteState::Form::Dropped && location.line >= state->first_line &&
                           location.line <= state->last_line;
                });
            bool copied_once = false;
            for (SiteState* state : it->second) {
                if (!at_a_site && state->function != 0 && location.line >= state->body_first_line &&
                    location.line <= state->body_last_line) {
                    copied_once = single_copy_.insert({file, state->site->body_offset}).second || copied_once;
                }
            }
            if (copied_once) {
                any = true;
                continue;
            }
            for (SiteState* state : it->second) {
                if (state->form != SiteState::Form::Dropped && location.line >= state->first_line &&
                    location.line <= state->last_line) {
                    state->form = state->form == SiteState::Form::Switched ? SiteState::Form::Probe
                                                                           : SiteState::Form::Dropped;
                    any = true;
                }
            }
        }
        return any;
    }

    bool any_instrumented() const {
        for (const auto& [file, states] : by_file_) {
            for (const SiteState* state : states) {
                if (state->form != SiteState::Form::Dropped) {
                    return true;
                }
            }
        }
        return false;
    }

    /// Holds every function body of these original files once. False when none was held twice.
    bool copy_once_in(const std::set<fs::path>& files) {
        bool any = false;
        for (const fs::path& file : files) {
            std::error_code error;
            const auto it = by_file_.find(fs::weakly_canonical(file, error));
            if (it == by_file_.end()) {
                continue;
            }
            for (SiteState* state : it->second) {
                if (state->function != 0) {
                    any = single_copy_.insert({it->first, state->site->body_offset}).second || any;
                }
            }
        }
        return any;
    }

    void drop_all() {
        for (auto& [file, states] : by_file_) {
            for (SiteState* state : states) {
                state->form = SiteState::Form::Dropped;
            }
        }
    }

    /// The sites still compiled in (switched or probed) of these original files.
    std::vector<SiteState*> active_in(const std::set<fs::path>& files) {
        std::vector<SiteState*> out;
        for (const fs::path& file : files) {
            std::error_code error;
            const auto it = by_file_.find(fs::weakly_canonical(file, error));
            if (it == by_file_.end()) {
                continue;
            }
            for (SiteState* state : it->second) {
                if (state->form != SiteState::Form::Dropped) {
                    out.push_back(state);
                }
            }
        }
        return out;
    }

  private:
    static unsigned line_at(const std::string& text, std::uint32_t offset) {
        const auto end = text.begin() + std::min<std::size_t>(offset, text.size());
        return 1 + static_cast<unsigned>(std::count(text.begin(), end, '\n'));
    }

    std::vector<SiteState>& states_;
    fs::path runtime_header_;
    std::map<fs::path, std::string> texts_;
    std::map<fs::path, std::vector<SiteState*>> by_file_;
    std::map<std::pair<fs::path, std::uint32_t>, std::size_t> functions_;  // body → its number
    std::set<std::pair<fs::path, std::uint32_t>> single_copy_;             // bodies held once
};

// ---- phase 3: build ------------------------------------------------------------------------------------

// The line of a build log that shows the machine, not the code, failed: a full disk, a killed compiler or
// linker, memory exhausted.
std::optional<std::string> environment_failure(const std::string& output) {
    static const std::regex kEnvironment(
        R"(No space left on device|Disk quota exceeded|File too large|terminated with signal 9|Killed signal terminated|virtual memory exhausted|Cannot allocate memory|out of memory allocating)");
    for (const std::string_view line : mlab::split_lines(output)) {
        const std::string text(line);
        if (std::regex_search(text, kEnvironment)) {
            return mlab::shorten(text, 240);
        }
    }
    return std::nullopt;
}

std::chrono::milliseconds build_with_schemata(MutantBuild& build, Instrumenter& instrumenter,
                                              const fs::path& out_dir, RunObserver& observer) {
    const auto started = Clock::now();
    const std::string runtime = schemata_runtime_header();
    const fs::path header = build.runtime_header();
    fs::create_directories(header.parent_path());
    if (!fs::exists(header) || mlab::read_file(header) != runtime) {
        mlab::write_file_atomic(header, runtime);
    }
    const auto build_now = [&] {
        build.sync(instrumenter.render());
        const BuildAttempt result = build.build();
        if (result.cancelled) {
            throw mlab::InputError("interrupted during the mutant build; nothing was measured");
        }
        // A full disk or a killed compiler is no mutant's fault: say so, and blame no site for it.
        if (const std::optional<std::string> cause = environment_failure(result.output)) {
            throw mlab::InputError(
                fmt::format("the mutant build failed for a reason that is not a mutant's: {} "
                            "(log: {})",
                            *cause, (out_dir / "logs" / "build.log").string()));
        }
        return result;
    };
    for (int attempt = 1;; ++attempt) {
        observer.phase("build", attempt == 1 ? "building every mutant into one build"
                                             : "building again without the sites that did not compile");
        const BuildAttempt result = build_now();
        if (result.succeeded) {
            return mlab::milliseconds_since(started);
        }
        if (!instrumenter.any_instrumented()) {
            throw mlab::InputError(fmt::format("the project does not build before any mutation: {} (log: {})",
                                               first_error(result.output),
                                               (out_dir / "logs" / "build.log").string()));
        }
        if (instrumenter.demote(error_locations(result.output)) && attempt < 12) {
            continue;
        }
        // Errors at no site's lines (a macro, a template far away): bisect the sites of the failing units
        // (and of the files the errors name) for the ones to blame, rather than dropping every site.
        const std::set<fs::path> failed = build.failed_units(result.output);
        std::set<fs::path> files = failed;
        for (const DiagnosticLocation& location : error_locations(result.output)) {
            files.insert(fs::absolute(location.file));
        }
        // A body held twice may break as a whole (a local type an `auto` return deduces twice): hold the
        // failing files' bodies once before blaming any site.
        if (instrumenter.copy_once_in(files) && attempt < 12) {
            continue;
        }
        std::vector<SiteState*> suspects = instrumenter.active_in(files);
        if (suspects.empty() || attempt >= 12) {
            instrumenter.drop_all();  // nothing to blame: is the project itself broken?
            continue;
        }
        observer.phase("build",
                       fmt::format("finding the site among {} that breaks the build", suspects.size()));
        while (suspects.size() > 1) {
            const std::size_t half = suspects.size() / 2;
            std::vector<SiteState::Form> saved;
            for (std::size_t i = 0; i < half; ++i) {
                saved.push_back(suspects[i]->form);
                suspects[i]->form = SiteState::Form::Dropped;
            }
            const BuildAttempt trial = build_now();
            std::set<fs::path> still = build.failed_units(trial.output);
            const bool fixed =
                trial.succeeded ||
                (!failed.empty() && std::none_of(failed.begin(), failed.end(), [&](const fs::path& unit) {
                    return still.count(unit) > 0;
                }));
            for (std::size_t i = 0; i < half; ++i) {
                suspects[i]->form = saved[i];
            }
            if (fixed) {
                suspects.resize(half);  // the culprit is among the first half
            } else {
                suspects.erase(suspects.begin(), suspects.begin() + static_cast<long>(half));
            }
        }
        suspects.front()->form = SiteState::Form::Dropped;
    }
}

// ---- phase 4: tests --------------------------------------------------------------------------------------

// The message for a label no test carries.
std::string unknown_label(const std::string& label) {
    return fmt::format("--test-label '{}': no test carries this label (see ctest --print-labels)", label);
}

// CTest's placeholder for a gtest program not built yet (gtest_discover_tests before the first build).
bool placeholder_test(const TestCase& test) {
    return test.name.ends_with("_NOT_BUILT");
}

// The tests CTest lists in the user's build (none when it lists none or cannot list them).
std::vector<TestCase> users_tests(const Project& project, const RunOptions& options) {
    if (!options.test_command.empty()) {
        return {};
    }
    std::vector<TestCase> tests;
    try {
        tests = discover_ctest_tests(project.build_dir());
    } catch (const mlab::InputError&) {
        return {};  // the mutant build's own list decides
    }
    std::erase_if(tests, placeholder_test);
    if (!options.test_label.empty() && !tests.empty() &&
        tests_with_label(tests, options.test_label).empty()) {
        throw mlab::InputError(unknown_label(options.test_label));
    }
    return tests;
}

// The mutant build must list every test of the user's build: fewer means a test lost what it needs in the
// copy (a file outside the mirrored folder, a generated file), and a score over the rest would not be the
// project's.
void check_same_tests(const std::vector<TestCase>& user_tests, const std::vector<TestCase>& mirror_tests,
                      const Project& project) {
    // A value-parameterized test that prints a pointer into its name (0x7ffd...) is named anew by every
    // build: addresses do not count.
    static const std::regex kAddress("0x[0-9a-fA-F]+");
    const auto comparable = [](const std::string& name) { return std::regex_replace(name, kAddress, "0x?"); };
    std::set<std::string> mirrored;
    for (const TestCase& test : mirror_tests) {
        mirrored.insert(comparable(test.name));
    }
    std::vector<std::string> missing;
    for (const TestCase& test : user_tests) {
        if (mirrored.count(comparable(test.name)) == 0) {
            missing.push_back("'" + test.name + "'");
        }
    }
    if (missing.empty()) {
        return;
    }
    const std::size_t shown = std::min<std::size_t>(missing.size(), 5);
    std::string names;
    for (std::size_t i = 0; i < shown; ++i) {
        names += (i > 0 ? ", " : "") + missing[i];
    }
    if (missing.size() > shown) {
        names += fmt::format(" and {} more", missing.size() - shown);
    }
    throw mlab::InputError(fmt::format(
        "self-check failed: the mutant build lists {} tests, {} lists {}; missing: {} (does a test need "
        "files outside {}? pass --root; or was the build folder built from older sources? rebuild it)",
        mirror_tests.size(), project.build_dir().string(), user_tests.size(), names,
        project.repository_root().string()));
}

std::vector<TestCase> find_tests(const Project& project, const MutantBuild& build, const RunOptions& options,
                                 const std::vector<TestCase>& user_tests, RunObserver& observer) {
    std::vector<TestCase> tests;
    if (!options.test_command.empty()) {
        TestCase test;
        test.name = "test-command";
        test.command = {"sh", "-c", options.test_command};
        test.working_directory = build.mirror_dir();
        tests.push_back(test);
        return tests;
    }
    std::vector<TestCase> all = discover_ctest_tests(build.build_dir());
    std::erase_if(all, placeholder_test);
    check_same_tests(user_tests, all, project);
    tests = tests_with_label(std::move(all), options.test_label);
    if (tests.empty()) {
        throw mlab::InputError(
            options.test_label.empty()
                ? fmt::format("no tests: ctest lists none in {} (is enable_testing() called?)",
                              project.build_dir().string())
                : unknown_label(options.test_label));
    }
    // gtest programs registered as one CTest test each are opened up: their TESTs are the tests.
    mark_gtest_tests(tests);
    if (const std::vector<std::string> opened = open_up_gtest_programs(tests); !opened.empty()) {
        observer.note(fmt::format(
            "{} gtest programs registered as one CTest test each ({}) are run and "
            "reported per TEST: {} tests",
            opened.size(), mlab::shorten(fmt::format("{}", fmt::join(opened, ", ")), 120), tests.size()));
    }
    std::vector<std::string> sources;
    for (const std::string& source : project.sources()) {
        const fs::path relative = fs::path(source).lexically_relative(project.root());
        if (!relative.empty() && *relative.begin() != "..") {
            sources.push_back(relative.string());
        }
    }
    locate_tests(tests, project.root(), sources);
    return tests;
}

// ---- phase 5: baseline + coverage ----------------------------------------------------------------------

struct Baseline {
    std::vector<std::chrono::milliseconds> durations;         // per test
    std::map<std::uint32_t, std::vector<std::size_t>> reach;  // site number → tests that reach it
    std::chrono::milliseconds elapsed{0};
    bool interrupted = false;
};

// How the baseline and the noise measurement run a test: in its folder with its environment, no mutant
// active, within its CTest TIMEOUT (or --baseline-timeout).
mlab::ProcessOptions no_mutant_process(const TestCase& test, const RunOptions& options) {
    mlab::ProcessOptions process;
    process.working_directory = test.working_directory;
    process.environment = test.environment;
    process.environment[kActiveMutantVariable] = "0";
    process.timeout = test.timeout.value_or(options.baseline_timeout);
    process.cancel = options.cancel;
    return process;
}

// The run's self-check of its coverage: a score is only measured when the tests' programs recorded what
// they reached. `started[i]`: test i ran instrumented code (its start-up marker, number 0, was recorded).
void check_coverage_was_recorded(const std::vector<TestCase>& tests, const std::vector<bool>& started) {
    if (std::find(started.begin(), started.end(), true) == started.end()) {
        throw mlab::InputError(fmt::format(
            "coverage self-check failed: none of the {} tests ran instrumented code with {} set, so no "
            "score can be measured (do the tests run programs of this build? does a test clear its "
            "environment?)",
            tests.size(), kCoverageFileVariable));
    }
    std::map<std::string, bool> instrumented;
    for (std::size_t i = 0; i < tests.size(); ++i) {
        const std::string& program = tests[i].command.front();
        if (started[i] || !fs::path(program).is_absolute()) {
            continue;
        }
        auto [it, inserted] = instrumented.try_emplace(program);
        if (inserted) {
            it->second = mlab::file_contains(program, kCoverageFileVariable);  // it holds the runtime
        }
        if (it->second) {
            throw mlab::InputError(fmt::format(
                "coverage self-check failed: test '{}' runs {}, which holds instrumented code, but recorded "
                "no coverage (does it clear its environment or {}?); no score measured",
                tests[i].name, program, kCoverageFileVariable));
        }
    }
}

Baseline run_baseline(std::vector<TestCase>& tests, TestRunner& runner, const RunOptions& options,
                      unsigned jobs, bool instrumented, const fs::path& mirrored, RunObserver& observer) {
    const auto started = Clock::now();
    observer.phase("baseline",
                   fmt::format("{} tests with no mutant active, recording coverage", tests.size()));
    const fs::path coverage_dir = options.out_dir / "coverage";
    fs::remove_all(coverage_dir);
    fs::create_directories(coverage_dir);
    Baseline baseline;
    baseline.durations.resize(tests.size());
    std::vector<std::optional<std::string>> failures(tests.size());
    const auto run_one = [&](std::size_t i, bool alone) {
        const TestCase& test = tests[i];
        failures[i].reset();
        mlab::ProcessOptions process = no_mutant_process(test, options);
        process.environment[kCoverageFileVariable] = (coverage_dir / fmt::format("{}.txt", i)).string();
        mlab::ProcessResult result;
        try {
            result = runner.run(test, process, alone);
        } catch (const std::runtime_error& error) {
            failures[i] = fmt::format("test '{}' cannot start: {}", test.name, error.what());
            return;
        }
        if (result.cancelled) {
            return;
        }
        const TestOutcome outcome = judge_test(test, result);
        baseline.durations[i] = outcome.duration;
        if (outcome.verdict == TestVerdict::TimedOut) {
            failures[i] = fmt::format("test '{}' did not finish within {} s with no mutant active", test.name,
                                      process.timeout->count() / 1000.0);
        } else if (outcome.verdict != TestVerdict::Passed) {
            failures[i] = fmt::format(
                "test '{}' fails with no mutant active ({}); the suite must pass "
                "before mutation testing (it runs in a copy of {}: does it need files outside? pass --root)",
                test.name, outcome.reason, mirrored.string());
        }
    };
    const auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };
    parallel_for(
        tests.size(), jobs, [&](std::size_t i) { run_one(i, false); }, cancelled);
    // A test that fails beside others but passes alone (it shares a folder, a port, a file with another)
    // runs alone from now on, as `ctest -j1` would run it.
    std::vector<std::string> alone;
    for (std::size_t i = 0; i < tests.size() && !cancelled(); ++i) {
        if (failures[i] && failures[i]->find("cannot start") == std::string::npos && jobs > 1) {
            run_one(i, true);
            if (!failures[i]) {
                tests[i].run_serial = true;
                alone.push_back(tests[i].name);
            }
        }
    }
    if (!alone.empty()) {
        observer.note(
            fmt::format("failed beside other tests but passed alone, so from now on run alone "
                        "(as RUN_SERIAL): {}",
                        mlab::shorten(fmt::format("{}", fmt::join(alone, ", ")), 200)));
    }
    if (cancelled()) {
        baseline.interrupted = true;
        return baseline;
    }
    for (const auto& failure : failures) {
        if (failure) {
            throw mlab::InputError("baseline: " + *failure);
        }
    }
    std::vector<bool> ran_instrumented(tests.size(), false);
    for (std::size_t i = 0; i < tests.size(); ++i) {
        const fs::path file = coverage_dir / fmt::format("{}.txt", i);
        if (!fs::exists(file)) {
            continue;
        }
        const std::string text = mlab::read_file(file);
        std::set<std::uint32_t> numbers;
        for (const std::string_view line : mlab::split_lines(text)) {
            if (!line.empty() && line.find_first_not_of("0123456789") == std::string_view::npos &&
                line.size() < 10) {
                numbers.insert(static_cast<std::uint32_t>(std::stoul(std::string(line))));
            }
        }
        ran_instrumented[i] = !numbers.empty();
        numbers.erase(0);  // the start-up marker, no site
        for (const std::uint32_t number : numbers) {
            baseline.reach[number].push_back(i);
        }
    }
    if (instrumented) {
        check_coverage_was_recorded(tests, ran_instrumented);
    }
    baseline.elapsed = mlab::milliseconds_since(started);
    nlohmann::ordered_json record = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < tests.size(); ++i) {
        std::size_t reached = 0;
        for (const auto& [number, reaching] : baseline.reach) {
            reached += static_cast<std::size_t>(std::count(reaching.begin(), reaching.end(), i));
        }
        record.push_back({{"id", tests[i].name},
                          {"command", tests[i].command},
                          {"durationMs", baseline.durations[i].count()},
                          {"sitesReached", reached}});
    }
    mlab::write_file_atomic(options.out_dir / "baseline.json", record.dump(2) + "\n");
    return baseline;
}

// ---- phase 6: execute ----------------------------------------------------------------------------------

struct Job {
    std::chrono::milliseconds cost{0};  // expected: its covering tests' baseline times
    SiteState* state = nullptr;
    std::vector<std::size_t> tests;  // covering tests, fastest first
    std::string key;
    bool schemata = true;  // false: run in a build of its own (the schemata could not hold it)
};

// How much the tests' times vary, and how fast they run with no coverage recorded: a few tests run twice
// more with no mutant active. The timeout margin grows with the noise (a flat second would dominate tests
// that take milliseconds); the speed turns the baseline's times into the mutant runs' expected times.
struct Noise {
    std::chrono::milliseconds spread{0};  // the largest difference between two runs of one test
    double speed = 1.0;                   // run time without coverage ÷ baseline time (median)
    std::size_t sampled = 0;
};

Noise measure_noise(const std::vector<TestCase>& tests, const Baseline& baseline, TestRunner& runner,
                    const RunOptions& options, unsigned jobs) {
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
    // At most a tenth of the baseline's time (or 2 s): slow tests need no fine margin.
    const auto budget = std::max<std::chrono::milliseconds>(std::chrono::seconds(2), baseline.elapsed / 10);
    std::chrono::milliseconds spent{0};
    std::erase_if(sample, [&](std::size_t i) {
        spent += 2 * baseline.durations[i];
        return spent > budget;
    });
    std::vector<std::array<long, 2>> times(sample.size(), {0, 0});
    std::vector<char> ran(sample.size(), 0);
    parallel_for(
        sample.size() * 2, jobs,
        [&](std::size_t k) {
            const TestCase& test = tests[sample[k / 2]];
            try {
                const mlab::ProcessResult result = runner.run(test, no_mutant_process(test, options));
                times[k / 2][k % 2] = result.duration.count();
                ran[k / 2] =
                    static_cast<char>(ran[k / 2] + (judge_test(test, result).verdict == TestVerdict::Passed));
            } catch (const std::runtime_error&) {
            }
        },
        [&] { return options.cancel != nullptr && options.cancel->load(); });
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

// The expected cost of running `covering` for one mutant: each test's baseline time, where TESTs sharing
// one process pay the program's start-up once.
class CostModel {
  public:
    CostModel(const std::vector<TestCase>& tests, const Baseline& baseline, bool batch, double speed)
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

    /// The expected time of the mutant runs of `covering` (without coverage recorded).
    std::chrono::milliseconds cost(const std::vector<std::size_t>& covering) const {
        return std::chrono::milliseconds(static_cast<long>(baseline_time(covering) * speed_) + 1);
    }

    /// The same at the baseline's speed (with coverage recorded): what a limit is measured against.
    double baseline_time(const std::vector<std::size_t>& covering) const {
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

  private:
    const std::vector<TestCase>& tests_;
    const Baseline& baseline_;
    bool batch_;
    double speed_;
    std::map<std::string, std::chrono::milliseconds> start_up_;
};

// Right after the baseline: what the run will cost.
void print_estimate(const std::vector<std::pair<std::size_t, Job>>& queued, unsigned jobs,
                    const fs::path& root, RunObserver& observer) {
    std::vector<PlannedMutant> planned;
    for (const auto& [index, job] : queued) {
        planned.push_back(
            {job.state->original.lexically_relative(root).string(), job.cost, job.tests.size()});
    }
    for (const std::string& note : estimate_notes(planned, jobs)) {
        observer.info(note);
    }
}

// What one mutant's tests found so far, in the order they ran.
struct Tally {
    std::vector<std::string> killers;
    std::map<std::string, std::string> kill_reasons;  // by test: the reason names one of them
    std::string timeout_reason, runtime_reason;
    std::size_t timeouts = 0;

    // A timeout does not end a mutant's run, so its kill matrix does not depend on the order the tests ran
    // in; a second one does: a mutant that hangs every test costs two limits, not one per test.
    static constexpr std::size_t kTimeoutsThatEndARun = 2;
    bool hung() const { return timeouts >= kTimeoutsThatEndARun; }
};

class Executor {
  public:
    Executor(const std::vector<TestCase>& tests, const Baseline& baseline, const RunOptions& options,
             TestRunner& runner, const CostModel& costs)
        : tests_(tests), baseline_(baseline), options_(options), runner_(runner), costs_(costs) {}

    /// Runs the covering tests of one mutant: TESTs of one gtest program together in one process (unless
    /// options.batch is off), every other test in a process of its own. nullopt when cancelled midway.
    std::optional<MutantResult> run(const Job& job) {
        MutantResult result;
        Tally tally;
        for (const std::vector<std::size_t>& unit : units_of(job)) {
            const bool done = unit.size() == 1 ? run_alone(job, unit.front(), result, tally)
                                               : run_batch(job, unit, result, tally);
            if (!done) {
                return std::nullopt;
            }
            if (tally.hung() || (options_.fail_fast && !tally.killers.empty())) {
                break;
            }
        }
        remember_killers(job, tally.killers);
        for (const std::size_t index : job.tests) {
            result.covered_by.push_back(tests_[index].name);
        }
        std::sort(result.covered_by.begin(), result.covered_by.end());
        std::sort(tally.killers.begin(), tally.killers.end());
        result.killed_by = tally.killers;
        if (!tally.killers.empty()) {
            result.status = MutantStatus::Killed;
            // The first killer by name, preferring a crash: the same reason whatever order tests ran in.
            result.reason = tally.kill_reasons.begin()->second;
            for (const auto& [name, reason] : tally.kill_reasons) {
                if (reason.find(": signal ") != std::string::npos) {
                    result.reason = reason;
                    break;
                }
            }
        } else if (!tally.timeout_reason.empty()) {
            result.status = MutantStatus::Timeout;
            result.reason = tally.timeout_reason;
        } else if (!tally.runtime_reason.empty()) {
            result.status = MutantStatus::RuntimeError;
            result.reason = tally.runtime_reason;
        } else {
            result.status = MutantStatus::Survived;
        }
        return result;
    }

    /// A test's limit: timeout factor × its baseline time, plus the margin the measured noise asks for.
    /// A batch's limit is the same over its expected time (the program's start-up paid once).
    std::chrono::milliseconds limit(const std::vector<std::size_t>& indices) const {
        const double time = indices.size() == 1
                                ? static_cast<double>(baseline_.durations[indices.front()].count())
                                : costs_.baseline_time(indices);
        return std::chrono::milliseconds(static_cast<long>(time * options_.timeout_factor)) +
               options_.timeout_extra.value_or(std::chrono::seconds(1));
    }

  private:
    // The order the tests run in: first those that killed the last mutant of the same file (neighbours
    // break the same way), then the fastest; TESTs of one gtest program share a unit (one process).
    std::vector<std::vector<std::size_t>> units_of(const Job& job) {
        std::vector<std::size_t> ordered = job.tests;
        {
            const std::lock_guard lock(killers_mutex_);
            const auto it = recent_killers_.find(job.state->original);
            if (it != recent_killers_.end()) {
                std::stable_partition(ordered.begin(), ordered.end(),
                                      [&](std::size_t index) { return it->second.count(index) > 0; });
            }
        }
        std::vector<std::vector<std::size_t>> units;
        std::map<std::string, std::size_t> unit_of_key;
        for (const std::size_t index : ordered) {
            const std::string& key = tests_[index].batch_key;
            if (!options_.batch || key.empty()) {
                units.push_back({index});
                continue;
            }
            const auto [it, inserted] = unit_of_key.try_emplace(key, units.size());
            if (inserted) {
                units.emplace_back();
            }
            units[it->second].push_back(index);
        }
        return units;
    }

    void remember_killers(const Job& job, const std::vector<std::string>& killers) {
        std::set<std::size_t> indices;
        for (const std::size_t index : job.tests) {
            if (std::find(killers.begin(), killers.end(), tests_[index].name) != killers.end()) {
                indices.insert(index);
            }
        }
        const std::lock_guard lock(killers_mutex_);
        recent_killers_[job.state->original] = std::move(indices);
    }

    mlab::ProcessOptions process_for(const Job& job, const TestCase& test) const {
        mlab::ProcessOptions process;
        process.working_directory = test.working_directory;
        process.environment = test.environment;
        process.environment[kActiveMutantVariable] = job.schemata ? std::to_string(job.state->number) : "0";
        process.environment[kActiveFunctionVariable] =
            job.schemata ? std::to_string(job.state->function) : "0";
        process.cancel = options_.cancel;
        return process;
    }

    void add(Tally& tally, std::size_t index, const TestOutcome& outcome) const {
        const TestCase& test = tests_[index];
        switch (outcome.verdict) {
            case TestVerdict::Failed:
            case TestVerdict::Crashed:
                tally.killers.push_back(test.name);
                tally.kill_reasons.emplace(test.name, fmt::format("{}: {}", test.name, outcome.reason));
                break;
            case TestVerdict::TimedOut:
                ++tally.timeouts;
                if (tally.timeout_reason.empty()) {
                    tally.timeout_reason =
                        fmt::format("{} ran longer than {} ms (baseline {} ms)", test.name,
                                    limit({index}).count(), baseline_.durations[index].count());
                }
                break;
            case TestVerdict::NotRun:
                if (tally.runtime_reason.empty()) {
                    tally.runtime_reason = fmt::format("{}: {}", test.name, outcome.reason);
                }
                break;
            case TestVerdict::Passed:
                break;
        }
    }

    // One test in a process of its own. False when cancelled.
    bool run_alone(const Job& job, std::size_t index, MutantResult& result, Tally& tally) const {
        const TestCase& test = tests_[index];
        mlab::ProcessOptions process = process_for(job, test);
        process.timeout = limit({index});
        TestOutcome outcome;
        // The first timeout gets a second chance at twice the limit: the margin is tight, the machine is
        // shared. After one, the mutant is known to hang a test: no second chances.
        for (int attempt = 0; attempt < (tally.timeouts == 0 ? 2 : 1); ++attempt) {
            try {
                const mlab::ProcessResult finished = runner_.run(test, process);
                if (finished.cancelled) {
                    return false;
                }
                outcome = judge_test(test, finished);
            } catch (const std::runtime_error& error) {
                outcome.verdict = TestVerdict::NotRun;
                outcome.reason = error.what();
            }
            if (outcome.verdict != TestVerdict::TimedOut) {
                break;
            }
            process.timeout = *process.timeout * 2;
        }
        result.duration += outcome.duration;
        ++result.tests_completed;
        add(tally, index, outcome);
        return true;
    }

    // Each test in a process of its own, until a second timeout shows the mutant hangs them. False when
    // cancelled.
    bool run_each_alone(const Job& job, const std::vector<std::size_t>& indices, MutantResult& result,
                        Tally& tally) const {
        for (const std::size_t index : indices) {
            if (!run_alone(job, index, result, tally)) {
                return false;
            }
            if (tally.hung()) {
                break;
            }
        }
        return true;
    }

    // TESTs of one gtest program in one process, each judged from gtest's JSON report. A TEST the run did
    // not judge (the process crashed or was stopped in it) runs again on its own, so it is named; the
    // TESTs after it run again as a batch. False when cancelled.
    bool run_batch(const Job& job, const std::vector<std::size_t>& unit, MutantResult& result,
                   Tally& tally) const {
        std::vector<std::string> names;
        for (const std::size_t index : unit) {
            names.push_back(tests_[index].gtest_name);
        }
        for (const std::vector<std::size_t>& chunk : filter_chunks(names)) {
            std::vector<std::size_t> indices;
            std::vector<std::string> chunk_names;
            for (const std::size_t i : chunk) {
                indices.push_back(unit[i]);
                chunk_names.push_back(names[i]);
            }
            if (!run_chunk(job, indices, chunk_names, result, tally)) {
                return false;
            }
            if (tally.hung()) {
                break;
            }
        }
        return true;
    }

    bool run_chunk(const Job& job, const std::vector<std::size_t>& indices,
                   const std::vector<std::string>& names, MutantResult& result, Tally& tally) const {
        // One TEST, or a mutant known to hang a TEST: a batch would only add its own limit to the next hang.
        if (indices.size() == 1 || tally.timeouts > 0) {
            return run_each_alone(job, indices, result, tally);
        }
        TestCase batch = tests_[indices.front()];
        const fs::path json =
            options_.out_dir / "tmp" / fmt::format("batch-{}-{}.json", job.state->number, batch_counter_++);
        batch.command = batch_command(batch, names, json.string());
        mlab::ProcessOptions process = process_for(job, batch);
        process.timeout = limit(indices);
        mlab::ProcessResult finished;
        try {
            finished = runner_.run(batch, process);
        } catch (const std::runtime_error&) {
            finished.exit_code = -1;  // cannot start: each test alone says why
        }
        if (finished.cancelled) {
            return false;
        }
        std::string report;
        std::error_code ignored;
        if (fs::exists(json, ignored)) {
            try {
                report = mlab::read_file(json);
            } catch (const mlab::FileError&) {
            }
            fs::remove(json, ignored);
        }
        result.duration += finished.duration;
        const bool ended_by_itself = !finished.timed_out && finished.signal == 0 &&
                                     (finished.exit_code == 0 || finished.exit_code == 1);
        BatchVerdicts verdicts = read_batch_verdicts(ended_by_itself ? report : "", finished.standard_output);
        // An exit code no TEST's failure explains (a leak checker), or a crash outside every TEST (before the
        // first, after the last): the process failed, not a TEST, and each TEST alone tells which fail so.
        const bool any_failed =
            std::any_of(verdicts.judged.begin(), verdicts.judged.end(),
                        [](const auto& v) { return v.second.verdict != TestVerdict::Passed; });
        const bool unexplained =
            ended_by_itself ? finished.exit_code != 0 && !any_failed : !verdicts.in_flight.has_value();
        std::vector<std::size_t> again_alone, again_together;
        std::vector<std::string> together_names;
        for (std::size_t i = 0; i < indices.size(); ++i) {
            const auto it = verdicts.judged.find(names[i]);
            if (it != verdicts.judged.end() && !unexplained) {
                ++result.tests_completed;
                add(tally, indices[i], it->second);
            } else if (unexplained || (verdicts.in_flight && *verdicts.in_flight == names[i])) {
                again_alone.push_back(indices[i]);
            } else {
                again_together.push_back(indices[i]);  // not started yet
                together_names.push_back(names[i]);
            }
        }
        if (!run_each_alone(job, again_alone, result, tally)) {
            return false;
        }
        if (again_together.empty() || tally.hung()) {
            return true;
        }
        // The batch crashed in its very first TEST: a mutant that breaks every TEST would cost two processes
        // per TEST in batches, so the rest run one process each.
        const bool crashed_at_once =
            verdicts.judged.empty() && verdicts.in_flight && *verdicts.in_flight == names.front();
        if (again_together.size() == indices.size() || crashed_at_once) {
            // Nothing judged and no TEST to blame (a crash before the first TEST): each alone.
            return run_each_alone(job, again_together, result, tally);
        }
        return run_chunk(job, again_together, together_names, result, tally);
    }

    const std::vector<TestCase>& tests_;
    const Baseline& baseline_;
    const RunOptions& options_;
    TestRunner& runner_;
    const CostModel& costs_;
    mutable std::atomic<std::size_t> batch_counter_{0};
    std::mutex killers_mutex_;
    std::map<fs::path, std::set<std::size_t>> recent_killers_;  // by original file
};

// What a stored result depends on: the site, its file's text, the covering tests and their programs, and
// the options that change an outcome.
class ResultKeys {
  public:
    ResultKeys(const std::vector<TestCase>& tests, const std::map<fs::path, std::string>& originals,
               const RunOptions& options, std::optional<std::chrono::milliseconds> given_margin)
        : tests_(tests),
          originals_(originals),
          options_(options),
          given_margin_(given_margin ? std::to_string(given_margin->count()) : "measured") {}

    std::string key(const SiteState& state, const std::vector<std::size_t>& covering, bool schemata) {
        std::uint64_t hash = mlab::fnv1a64(state.site->id);
        hash = mlab::fnv1a64(originals_.at(state.original), hash);
        // The margin the run measured is not part of the key (it differs run to run); one the user set is.
        hash = mlab::fnv1a64(fmt::format("|{}|{}|{}|{}|{}", options_.fail_fast, options_.timeout_factor,
                                         given_margin_, schemata, options_.batch),
                             hash);
        std::vector<std::string> parts;
        for (const std::size_t index : covering) {
            parts.push_back(tests_[index].name + "=" + program_hash(tests_[index]));
        }
        std::sort(parts.begin(), parts.end());
        for (const std::string& part : parts) {
            hash = mlab::fnv1a64(part + "\n", hash);
        }
        return mlab::to_hex(mlab::mix64(hash));
    }

  private:
    std::string program_hash(const TestCase& test) {
        fs::path program = test.command.front();
        if (test.command.front() == "sh" && test.command.size() == 3) {
            return mlab::to_hex(mlab::fnv1a64(test.command[2]));  // a --test-cmd: no program to look at
        }
        auto [it, inserted] = programs_.try_emplace(program.string());
        if (inserted) {
            try {
                it->second = mlab::to_hex(mlab::fnv1a64(mlab::read_file(program)));
            } catch (const mlab::FileError&) {
                it->second = "missing";
            }
        }
        return it->second;
    }

    const std::vector<TestCase>& tests_;
    const std::map<fs::path, std::string>& originals_;
    const RunOptions& options_;
    std::string given_margin_;
    std::map<std::string, std::string> programs_;
};

nlohmann::ordered_json options_json(const RunOptions& options) {
    nlohmann::ordered_json config{{"timeoutFactor", options.timeout_factor}, {"failFast", options.fail_fast}};
    if (!options.batch) {
        config["batch"] = false;
    }
    if (!options.test_label.empty()) {
        config["testLabel"] = options.test_label;
    }
    if (!options.since.empty()) {
        config["since"] = options.since;
    }
    if (options.shard_count > 1) {
        config["shard"] = fmt::format("{}/{}", options.shard_index, options.shard_count);
    }
    if (!options.build_command.empty()) {
        config["buildCommand"] = options.build_command;
    }
    if (!options.test_command.empty()) {
        config["testCommand"] = options.test_command;
    }
    return config;
}

}  // namespace

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

std::pair<unsigned, unsigned> parse_shard(const std::string& text) {
    static const std::regex kShard(R"(^([0-9]{1,6})/([0-9]{1,6})$)");
    std::smatch match;
    if (std::regex_match(text, match, kShard)) {
        const auto k = static_cast<unsigned>(std::stoul(match[1].str()));
        const auto n = static_cast<unsigned>(std::stoul(match[2].str()));
        if (k >= 1 && k <= n) {
            return {k, n};
        }
    }
    throw mlab::InputError(fmt::format("--shard '{}': expected K/N with 1 <= K <= N, e.g. 1/4", text));
}

RunOutcome run_mutation_analysis(const Project& project, const SiteList& list, const RunOptions& given,
                                 RunObserver& observer) {
    // Every path absolute from here on: tests and builds run in folders of their own.
    RunOptions options = given;
    options.out_dir = fs::absolute(options.out_dir).lexically_normal();
    const unsigned jobs = options.jobs > 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
    const auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };
    RunOutcome outcome;

    // Bad input first, before anything is written: an unknown label (against the user's own tests, which
    // the mutant build must list again), a build folder that is not a CMake build, a bad --since.
    const std::vector<TestCase> user_tests = users_tests(project, options);
    const fs::path& mirror_root = project.repository_root();
    MutantBuildSettings build_settings{project.build_dir(), project.source_dir(),  mirror_root,
                                       options.out_dir,     options.build_command, jobs};
    MutantBuild build(build_settings);
    ChangedLines changed;
    if (!options.since.empty()) {
        changed = changed_lines_since(project.root(), options.since);
    }

    // The output folder and its store: a folder that cannot be written fails before any work.
    std::error_code error;
    fs::create_directories(options.out_dir, error);
    if (error) {
        throw mlab::FileError(
            fmt::format("cannot create the output folder {}: {}", options.out_dir.string(), error.message()));
    }
    // One run at a time in one folder: a second one would corrupt the results the next runs reuse.
    const mlab::FolderLock lock(options.out_dir);
    ResultsStore store(options.out_dir / "results.db");
    const std::string options_text = options_json(options).dump();
    if (store.meta("state").value_or("") == "running") {
        if (!options.resume) {
            throw mlab::InputError(
                fmt::format("{} holds an unfinished run: add --resume to finish it, or choose another --out",
                            options.out_dir.string()));
        }
        if (store.meta("options").value_or(options_text) != options_text) {
            throw mlab::InputError(fmt::format("--resume: {} was started with other options ({})",
                                               options.out_dir.string(), store.meta("options").value_or("")));
        }
    }

    // Phase 1: select.
    observer.phase("select", "choosing the mutants of this run");
    const Selected selected = select_sites(list, changed, options);
    std::vector<std::string> ids;
    for (const MutationSite* site : selected.sites) {
        ids.push_back(site->id);
    }
    const std::map<std::string, std::uint32_t> numbers = store.assign_numbers(ids);
    std::vector<SiteState> states;
    for (const MutationSite* site : selected.sites) {
        SiteState state;
        state.site = site;
        state.number = numbers.at(site->id);
        state.original = fs::weakly_canonical(project.root() / site->file);
        const fs::path relative = state.original.lexically_relative(mirror_root);
        if (relative.empty() || *relative.begin() == "..") {
            throw mlab::InputError(
                fmt::format("{}: outside {}, the folder the mutant build copies; mutator run mutates only "
                            "files inside it",
                            state.original.string(), mirror_root.string()));
        }
        states.push_back(state);
    }

    // Phases 2 and 3: instrument and build.
    Instrumenter instrumenter(states, build.runtime_header());
    PhaseTimes times;
    times.build = build_with_schemata(build, instrumenter, options.out_dir, observer);

    // Phases 4 and 5: tests, baseline and coverage.
    std::vector<TestCase> tests = find_tests(project, build, options, user_tests, observer);
    TestRunner runner(jobs, options.out_dir / "tmp");
    const Baseline baseline =
        run_baseline(tests, runner, options, jobs, instrumenter.any_instrumented(), mirror_root, observer);
    times.baseline = baseline.elapsed;
    if (baseline.interrupted) {
        outcome.interrupted = true;
    }
    Noise noise;
    if (!baseline.interrupted) {
        noise = measure_noise(tests, baseline, runner, options, jobs);
        if (!options.timeout_extra) {
            options.timeout_extra = margin_for(noise);
            observer.info(
                fmt::format("timeouts: {} x baseline time + {} ms (4 x the {} ms spread measured over "
                            "{} test{} run twice; at least 200 ms)",
                            options.timeout_factor, options.timeout_extra->count(), noise.spread.count(),
                            noise.sampled, noise.sampled == 1 ? "" : "s"));
        }
    }
    const CostModel costs(tests, baseline, options.batch, noise.speed);

    // Phase 6: execute what is not known yet. From here on an interrupted run can be resumed.
    store.set_meta("state", "running");
    store.set_meta("options", options_text);
    const auto execution_started = Clock::now();
    std::vector<MutantResult> results(states.size());
    std::vector<bool> known(states.size(), false);
    ResultKeys keys(tests, instrumenter.originals(), options, given.timeout_extra);
    std::vector<std::size_t> order(tests.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return baseline.durations[a] < baseline.durations[b];
    });
    observer.phase("mutants",
                   fmt::format("{} mutants; {} tests, {} jobs", states.size(), tests.size(), jobs));
    std::vector<std::pair<std::size_t, Job>> queued, fallback;
    std::mutex progress_mutex;
    ScoreCounts counts;
    RunProgress progress;
    progress.total = states.size();
    std::vector<std::chrono::milliseconds> expected(states.size(), std::chrono::milliseconds(0));
    const auto finish = [&](std::size_t index, const MutantResult& result, bool reused) {
        const std::lock_guard lock(progress_mutex);
        results[index] = result;
        known[index] = true;
        counts.add(result.status);
        ++progress.done;
        progress.cost_done += expected[index];
        observer.mutant_done(*states[index].site, result, progress, counts, reused);
    };
    const auto save_and_finish = [&](std::size_t index, const std::string& key, const MutantResult& result) {
        store.save(states[index].site->id, key, result);
        finish(index, result, false);
    };
    for (std::size_t i = 0; i < states.size() && !baseline.interrupted; ++i) {
        SiteState& state = states[i];
        if (state.site->suppressed) {
            MutantResult ignored;
            ignored.status = MutantStatus::Ignored;
            ignored.reason = "switched off by a 'mutator:' comment in the source";
            finish(i, ignored, false);
            continue;
        }
        Job job;
        job.state = &state;
        job.schemata = state.form == SiteState::Form::Switched;
        const auto reach = baseline.reach.find(state.number);
        for (const std::size_t index : order) {
            const bool reaches =
                reach != baseline.reach.end() &&
                std::find(reach->second.begin(), reach->second.end(), index) != reach->second.end();
            // A dropped site has no probe: every test might reach it.
            if (reaches || state.form == SiteState::Form::Dropped) {
                job.tests.push_back(index);
            }
        }
        job.key = keys.key(state, job.tests, job.schemata);
        if (job.tests.empty()) {
            MutantResult uncovered;
            uncovered.status = MutantStatus::NoCoverage;
            uncovered.reason = "no test reaches this code";
            save_and_finish(i, job.key, uncovered);
            continue;
        }
        if (const std::optional<MutantResult> stored = store.find(state.site->id, job.key)) {
            ++outcome.reused;
            finish(i, *stored, true);
            continue;
        }
        job.cost = costs.cost(job.tests);
        {
            const std::lock_guard lock(progress_mutex);
            expected[i] = job.cost;
            progress.cost_total += job.cost;
        }
        (job.schemata ? queued : fallback).emplace_back(i, std::move(job));
    }
    if (outcome.reused > 0) {
        observer.note(fmt::format("{} results reused from earlier runs (same code, tests and options)",
                                  outcome.reused));
    }
    print_estimate(queued, jobs, project.root(), observer);
    Executor executor(tests, baseline, options, runner, costs);
    parallel_for(
        queued.size(), jobs,
        [&](std::size_t q) {
            const auto& [index, job] = queued[q];
            if (const std::optional<MutantResult> result = executor.run(job)) {
                save_and_finish(index, job.key, *result);
            }
        },
        cancelled);

    // Sites the schemata could not hold. First each alone, syntax only and in parallel: a mutant that does
    // not compile is a CompileError in well under a second, without a build. Then the rest, one build
    // each (incremental: only the mutant's unit and what links it).
    if (!fallback.empty() && !cancelled()) {
        observer.note(
            fmt::format("{} mutants did not compile in the shared build; checking each alone "
                        "(syntax only), then building the ones that compile",
                        fallback.size()));
        std::vector<std::optional<std::string>> syntax(fallback.size());
        std::vector<char> checked(fallback.size(), 0);  // not vector<bool>: written from several threads
        parallel_for(
            fallback.size(), jobs,
            [&](std::size_t f) {
                const SiteState& state = states[fallback[f].first];
                try {
                    syntax[f] = build.syntax_error(
                        state.original,
                        rewrite_with_one_mutant(instrumenter.originals().at(state.original), *state.site,
                                                state.original.string()),
                        static_cast<unsigned>(f));
                    checked[f] = 1;
                } catch (const std::out_of_range&) {
                    // A header: only a build of the units that include it can tell.
                }
            },
            cancelled);
        std::vector<std::pair<std::size_t, Job>> to_build;
        for (std::size_t f = 0; f < fallback.size(); ++f) {
            if (checked[f] && syntax[f]) {
                MutantResult broken;
                broken.status = MutantStatus::CompileError;
                broken.reason = *syntax[f];
                save_and_finish(fallback[f].first, fallback[f].second.key, broken);
            } else if (checked[f] || !cancelled()) {
                to_build.push_back(std::move(fallback[f]));
            }
        }
        if (!to_build.empty()) {
            observer.note(fmt::format("{} mutants compile alone; building each on its own", to_build.size()));
        }
        const std::map<fs::path, std::string> schemata_files = instrumenter.render();
        for (const auto& [index, job] : to_build) {
            if (cancelled()) {
                break;
            }
            const SiteState& state = states[index];
            build.write_mirrored(state.original,
                                 rewrite_with_one_mutant(instrumenter.originals().at(state.original),
                                                         *state.site, state.original.string()));
            const BuildAttempt attempt = build.build();
            if (!attempt.succeeded) {
                MutantResult broken;
                broken.status = MutantStatus::CompileError;
                broken.reason = first_error(attempt.output);
                save_and_finish(index, job.key, broken);
            } else if (const std::optional<MutantResult> result = executor.run(job)) {
                save_and_finish(index, job.key, *result);
            }
            build.write_mirrored(state.original, schemata_files.at(state.original));
        }
    }
    times.mutation = mlab::milliseconds_since(execution_started);
    outcome.executed = progress.done - outcome.reused;
    outcome.interrupted = outcome.interrupted || cancelled();

    // Phase 7: report. An interrupted run still reports what it found; the rest is Pending.
    ReportInput input;
    input.root = project.root();
    input.version = options.version;
    input.times = times;
    input.config = options_json(options);
    input.thresholds = options.thresholds;
    for (std::size_t i = 0; i < states.size(); ++i) {
        input.mutants.emplace_back(states[i].site, known[i] ? results[i] : MutantResult{});
    }
    for (const TestCase& test : tests) {
        ReportTest entry{test.name, test.source_file, test.source_line};
        if (entry.file.empty()) {
            const fs::path program(test.command.front());
            entry.file = program.lexically_relative(build.build_dir()).string();
        }
        input.tests.push_back(entry);
    }
    outcome.report = make_report(input);
    outcome.tests = tests;
    outcome.report_path = options.out_dir / "mutation-report.json";
    mlab::write_file_atomic(outcome.report_path, outcome.report.dump(2) + "\n");
    if (!outcome.interrupted) {
        store.set_meta("state", "finished");
    }
    return outcome;
}

}  // namespace mutator
