#pragma once
// The validation funnel's phases (internal to curator_lib): build the target, compile, link, run, line
// coverage, mutation. Each phase is a function taking a small struct of what it needs and returning what
// the next phase reads; run_funnel (funnel.cpp) calls them in order.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "curator/cmake_project.hpp"
#include "curator/extract.hpp"
#include "curator/funnel.hpp"
#include "mlab/common/process.hpp"

namespace curator::funnel_phases {

/// "Suite.Name", as GoogleTest's filter and the mutation report name a test.
std::string test_id(const ExtractedTest& test);

/// The --gtest_filter that runs `test` and only it: every instance of a TEST_P (`Prefix/Suite.Name/0`, ...)
/// or TYPED_TEST (`Suite/0.Name`, ...), as GoogleTest names them.
std::string gtest_filter(const ExtractedTest& test);

// ---- Compiler output (compile.cpp) ----

/// The first error line of `output` (mlab::first_error_line), or all of it folded when none says error.
std::string error_summary(const std::string& output);

// ---- Compile and link (compile.cpp) ----

/// An object file compiled with the flags of the file's target, reused while the source, every header it
/// read (from its depfile) and the command stay the same.
struct ObjectFile {
    std::filesystem::path path;
    bool compiled = false;
    std::string output;  // the compiler's diagnostics
};

ObjectFile compile_cached(const CompileRecipe& recipe, const std::filesystem::path& source,
                          const std::vector<std::string>& extra, const std::filesystem::path& cache_dir,
                          const std::string& stem);

/// The objects of a target's sources but `skipped`, compiled as the target compiles them (cached): what a
/// test program of the target links beside the candidates (its own `main`, other test files, helpers).
struct TargetObjects {
    std::vector<std::filesystem::path> objects;
    std::string problem;  // set when one does not compile: the first error, naming the file
};

TargetObjects compile_target_objects(const TargetOfFile& target,
                                     const std::vector<std::filesystem::path>& skipped,
                                     const std::filesystem::path& cache_dir, unsigned jobs);

struct CompileInput {
    const Extraction& extraction;
    const CompileRecipe& recipe;  // the existing tests' target's
    std::filesystem::path host;   // the existing test file: the candidates are compiled after it, in its unit
    std::filesystem::path scratch_dir;
    std::vector<bool> included;  // the tests to compile; empty: all
    std::filesystem::path log;   // where the output of each failed pass is appended; empty: nowhere
};

struct Compiled {
    std::vector<bool> built;  // per test: compiled (later: linked); the others' evidence says why not
    std::filesystem::path object;
    int passes = 0;
    std::filesystem::path log;  // set when a pass failed and its output went to CompileInput::log
};

/// All tests in one file; the tests an error points into are taken out and the rest compiled again, until
/// it compiles. Sets the verdict and problem of each test that does not compile.
Compiled compile_candidates(const CompileInput& input, std::vector<TestEvidence>& tests);

struct LinkInput {
    const TargetOfFile& target;
    std::filesystem::path candidates_object;
    TargetObjects others;                             // the target's other objects (compile_target_objects)
    std::vector<std::filesystem::path> instrumented;  // the sources compiled with --coverage; empty: none
    std::filesystem::path scratch_dir;
};

/// Links the candidates, the target's other objects (and the instrumented sources) with the target's
/// libraries into the returned program. When it does not link, every built test gets a link_error.
std::filesystem::path link_candidates(const LinkInput& input, std::vector<bool>& built,
                                      std::vector<TestEvidence>& tests);

/// Links `objects` with `target`'s link flags and libraries (and --coverage) into `out`.
mlab::ProcessResult link_program(const TargetOfFile& target,
                                 const std::vector<std::filesystem::path>& objects, bool coverage,
                                 const std::filesystem::path& out);

// ---- Running tests (run.cpp) ----

struct RunOutcome {
    enum class Kind { passed, failed, crashed, timed_out, not_run } kind;
    std::string problem;
    std::chrono::milliseconds duration{0};
};

/// The folder test `index` runs in: the place's, or a scratch folder of its own under `scratch_dir`.
std::filesystem::path run_folder(const TestPlace& place, const std::filesystem::path& scratch_dir,
                                 std::size_t index);

/// Runs `test` alone (gtest_filter) from `binary` in `cwd` as CTest runs the program: with `place`'s
/// arguments and environment, and `environment` on top of both (this process's own beneath).
RunOutcome run_one(const std::filesystem::path& binary, const TestPlace& place, const ExtractedTest& test,
                   const std::filesystem::path& cwd, std::chrono::milliseconds timeout,
                   const std::map<std::string, std::string>& environment);

/// How many tests run at once: `jobs`, or one when CTest runs the program's tests one at a time.
unsigned run_jobs(const TestPlace& place, unsigned jobs);

struct RunInput {
    const Extraction& extraction;
    const std::vector<bool>& built;
    std::filesystem::path binary;
    std::filesystem::path scratch_dir;
    const TestPlace& place;
    std::filesystem::path
        gcov_root;  // empty: no coverage; else the first run of test t writes to gcov_root/t
    int runs = 5;
    std::chrono::milliseconds timeout{10000};
    unsigned jobs = 2;
};

/// Each built test alone, `runs` times (once when it crashes, hangs or is not found). Sets each built
/// test's runs, passes, run time, verdict and problem.
void run_candidates(const RunInput& input, std::vector<TestEvidence>& tests);

// ---- Line coverage (coverage.cpp) ----

/// The executed lines of `source` in the gcda files under `prefix`, with the gcno beside `object`, read by
/// `coverage.gcov` (`gcov`, or `llvm-cov-16 gcov`); the executable lines not executed go to `missed`.
std::set<unsigned> covered_lines(const ExistingCoverage& coverage, const std::filesystem::path& prefix,
                                 const std::filesystem::path& object, const std::filesystem::path& source,
                                 std::set<unsigned>* missed);

/// The gcov reader for `project`'s compiler: GCC's gcov of its version, or the `llvm-cov gcov` of Clang's;
/// empty (and `problem` set) when there is none.
std::vector<std::string> gcov_command(const CMakeProject& project, std::string& problem);

struct CoverageInput {
    const std::vector<bool>& built;
    std::filesystem::path gcov_root;
    const ExistingCoverage& existing;
};

/// The sources' lines each built test executes, beside those the existing tests execute.
void measure_coverage(const CoverageInput& input, std::vector<TestEvidence>& tests);

// ---- Mutation (mutation.cpp) ----

struct MutationInput {
    const CMakeProject& project;
    const Extraction& extraction;
    const std::vector<bool>& passing;
    const FunnelSettings& settings;
    const MutantRun& run;
};

/// The passing tests built against the run's shared mutant build and run with each mutant of the sources
/// they reach switched on; each test's kills, and the run's tests' kills from its report.
void mutation_stage(const MutationInput& input, FunnelResult& result);

}  // namespace curator::funnel_phases
