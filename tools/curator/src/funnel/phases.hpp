#pragma once
// The validation funnel's phases (internal to curator_lib): build the target, compile, link, run, line
// coverage, mutation. Each phase is a function taking a small struct of what it needs and returning what
// the next phase reads; run_funnel (funnel.cpp) calls them in order.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <future>
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

// ---- The user's project (project_copy.cpp) ----

/// Brings `target` up to date in the user's build folder (`cmake --build --target`, a no-op when it is).
/// Throws mlab::InputError with the first error line when it does not build.
void build_target(const CMakeProject& project, const std::string& target, unsigned jobs);

/// Configures `copy`, a copy of `project`'s sources (mlab::sync_tree), into `build` like the user's build.
mlab::ProcessResult configure_copy(const CMakeProject& project, const std::filesystem::path& copy,
                                   const std::filesystem::path& build);

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

struct CompileInput {
    const Extraction& extraction;
    const CompileRecipe& recipe;  // the existing tests' target's
    std::filesystem::path scratch_dir;
};

struct Compiled {
    std::vector<bool> built;  // per test: compiled (later: linked); the others' evidence says why not
    std::filesystem::path object;
    int passes = 0;
};

/// All tests in one file; the tests an error points into are taken out and the rest compiled again, until
/// it compiles. Sets the verdict and problem of each test that does not compile.
Compiled compile_candidates(const CompileInput& input, std::vector<TestEvidence>& tests);

/// The existing tests and the source under test compiled with --coverage: the objects line coverage needs.
struct Instrumented {
    ObjectFile existing;
    ObjectFile source;
};

struct LinkInput {
    const TargetOfFile& target;
    std::filesystem::path candidates_object;
    const Instrumented* instrumented = nullptr;  // null: no line coverage
    std::filesystem::path scratch_dir;
};

struct Linked {
    std::filesystem::path binary;           // the candidates' test program
    std::filesystem::path existing_binary;  // the existing tests with the instrumented source
    bool existing_linked = false;
};

/// Links the candidates (and the instrumented source) with the target's libraries, and beside them the
/// existing tests with the instrumented source. A test that does not link gets a link_error.
Linked link_programs(const LinkInput& input, std::vector<bool>& built, std::vector<TestEvidence>& tests);

// ---- Running tests (run.cpp) ----

struct RunOutcome {
    enum class Kind { passed, failed, crashed, timed_out, not_run } kind;
    std::string problem;
    std::chrono::milliseconds duration{0};
};

/// Runs the one test `filter` of `binary` in `cwd`; with `gcov_prefix`, its coverage data goes there.
RunOutcome run_one(const std::filesystem::path& binary, const std::string& filter,
                   const std::filesystem::path& cwd, std::chrono::milliseconds timeout,
                   const std::filesystem::path& gcov_prefix);

struct RunInput {
    const Extraction& extraction;
    const std::vector<bool>& built;
    std::filesystem::path binary;
    std::filesystem::path scratch_dir;
    std::filesystem::path
        gcov_root;  // empty: no coverage; else the first run of test t writes to gcov_root/t
    int runs = 5;
    std::chrono::milliseconds timeout{10000};
    unsigned jobs = 2;
};

/// Each built test alone, `runs` times (once when it crashes, hangs or is not found); `alongside` runs on
/// a thread of its own meanwhile. Sets each built test's runs, passes, run time, verdict and problem.
void run_candidates(const RunInput& input, const std::function<void()>& alongside,
                    std::vector<TestEvidence>& tests);

// ---- Line coverage (coverage.cpp) ----

/// The target that compiles the source under test when line coverage can be measured; nullopt (with a
/// note saying why) when it cannot, or is off.
std::optional<TargetOfFile> coverage_target(const CMakeProject& project, const FunnelSettings& settings,
                                            std::vector<std::string>& notes);

struct InstrumentInput {
    const CompileRecipe& tests_recipe;
    const CompileRecipe& source_recipe;
    std::filesystem::path existing_tests;
    std::filesystem::path source_file;
    std::filesystem::path object_cache;
};

/// Starts compiling the existing tests and the instrumented source, each on a thread of its own.
struct InstrumentedBuild {
    std::future<ObjectFile> existing;
    std::future<ObjectFile> source;
};
InstrumentedBuild start_instrumented(const InstrumentInput& input);

/// The instrumented objects once both compiled; nullopt (with a note) when one did not.
std::optional<Instrumented> finish_instrumented(InstrumentedBuild& build, std::vector<std::string>& notes);

/// Runs the existing tests' program with its coverage data going to `gcov_root`/existing.
void run_existing_tests(const std::filesystem::path& existing_binary,
                        const std::filesystem::path& scratch_dir, const std::filesystem::path& gcov_root);

/// The executed lines of `source` in the gcda files under `prefix`, with the gcno beside `object`.
std::set<unsigned> covered_lines(const std::filesystem::path& prefix, const std::filesystem::path& object,
                                 const std::filesystem::path& source, std::size_t* executable);

struct CoverageInput {
    const std::vector<bool>& built;
    std::filesystem::path gcov_root;
    std::filesystem::path source_object;  // the instrumented source's object
    std::filesystem::path source_file;
};

/// The source's lines each test executes, beside those the existing tests execute.
void measure_coverage(const CoverageInput& input, FunnelResult& result);

// ---- Mutation (mutation.cpp) ----

struct MutationInput {
    const CMakeProject& project;
    const TargetOfFile& target;
    const Extraction& extraction;
    const std::vector<bool>& passing;
    const FunnelSettings& settings;
};

/// The passing tests added to a copy of the project, and `mutator run` over the source file; each test's
/// kills read from the report's kill matrix.
void mutation_stage(const MutationInput& input, FunnelResult& result);

}  // namespace curator::funnel_phases
