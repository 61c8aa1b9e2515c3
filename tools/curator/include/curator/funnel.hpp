#pragma once
// Phase 4, the validation funnel: every extracted test compiled, run on the current code, run again for
// flakiness, measured for the lines it adds and the mutants it kills. All of it happens in a scratch
// folder: the user's source tree is only read. In the user's build folder the existing tests' target is
// brought up to date (`cmake --build --target`), and curator's files live under BUILD/.curator.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "curator/cmake_project.hpp"
#include "curator/extract.hpp"
#include "curator/mutant_run.hpp"

namespace curator {

/// Where the test program's tests run and with what environment: as CTest runs them.
struct TestPlace {
    std::filesystem::path directory;                 // empty: a scratch folder of each test's own
    std::map<std::string, std::string> environment;  // added to curator's own
    std::vector<std::string> arguments;  // the CTest command's arguments after the program, but gtest's own
    bool serial = false;  // CTest runs the program's tests one at a time (RUN_SERIAL, RESOURCE_LOCK)
    std::string origin;   // how it was found, for the progress line
};

/// The WORKING_DIRECTORY, ENVIRONMENT, arguments and RUN_SERIAL / RESOURCE_LOCK of the CTest test that runs
/// `target`'s program (else its build folder, CTest's default). A folder inside the source tree is taken in
/// curator's copy of the tree, `copy_dir` (made or brought up to date here), so that tests do not write
/// into the user's source tree through their working folder.
TestPlace find_test_place(const CMakeProject& project, const TargetOfFile& target,
                          const std::filesystem::path& copy_dir);

struct FunnelSettings {
    std::filesystem::path scratch_dir;                // emptied and reused
    std::filesystem::path compile_log;                // the failed compile passes' output; empty: none kept
    std::filesystem::path object_cache;               // compiled existing tests and instrumented sources
    std::vector<std::filesystem::path> source_files;  // the code under test (line coverage, mutants)
    std::vector<std::string> shown_sources;           // the same, as the output names them
    std::filesystem::path existing_tests;             // the test file the new tests go beside
    std::filesystem::path stands_for;  // a file the new tests replace (--out, the file checked); never linked
    TestPlace place;                   // where the tests run
    int runs = 5;
    std::chrono::milliseconds test_timeout{10000};
    bool coverage = true;
    bool mutation = true;
    unsigned jobs = 2;
    std::function<void(const std::string&)> progress;  // each phase as it starts; may be empty
};

/// Where the mutation stage finds its `mutator run`: given (--mutants), or made when first needed.
class MutantRunSource {
  public:
    virtual ~MutantRunSource() = default;
    /// The run, or null (with a note saying why) when there is none.
    virtual const MutantRun* get(std::vector<std::string>& notes) = 0;
};

/// The lines of one source file the existing tests execute, and its object compiled with --coverage.
struct SourceCoverage {
    std::filesystem::path file;
    std::filesystem::path object;
    std::set<unsigned> existing;  // executed by the existing tests
    std::set<unsigned> missed;    // executable, and not executed by the existing tests
};

/// The existing tests measured before any model call (so the prompt can name what they miss).
struct ExistingCoverage {
    bool measured = false;  // false: no line coverage (the notes say why)
    std::vector<SourceCoverage> sources;
    std::filesystem::path existing_binary;
    std::vector<std::string> gcov;      // the command that reads the gcda files: gcov, or `llvm-cov-16 gcov`
    std::filesystem::path compile_dir;  // where the sources were compiled: a relative Source: is from there
    std::vector<std::string> notes;
};

/// Brings `target` up to date in the user's build folder (`cmake --build --target`, a no-op when it is).
/// Throws mlab::InputError with the first error line when it does not build.
void build_target(const CMakeProject& project, const std::string& target, unsigned jobs);

/// Line coverage of the existing tests: the sources compiled with --coverage, linked with the existing
/// tests and the rest of their test program, run once; read with GCC's gcov, or with `llvm-cov gcov` for
/// Clang. Not measured (with a note) for another compiler, a missing reader or an object that fails.
ExistingCoverage measure_existing_coverage(const CMakeProject& project, const TargetOfFile& target,
                                           const FunnelSettings& settings);

/// Where a test got to, from the worst outcome to the best.
enum class Verdict { compile_error, link_error, crashed, timed_out, failed, flaky, passed };
std::string verdict_name(Verdict verdict);

struct TestEvidence {
    Verdict verdict = Verdict::compile_error;
    std::string problem;     // the first compile error, the failed assertion, the signal, ...
    std::string diagnostic;  // the compile error in full (the repair prompt sends it)
    int runs = 0;
    int passes = 0;
    std::chrono::milliseconds run_time{0};  // of the first run
    bool coverage_measured = false;
    std::vector<std::vector<unsigned>> lines;      // per source file: the lines it executes
    std::vector<std::vector<unsigned>> new_lines;  // ... that the existing tests do not
    bool mutation_measured = false;
    std::vector<std::string> kills;               // mutant ids it kills
    std::vector<std::string> unique_kills;        // ... that no existing test kills
    std::vector<std::string> new_sites;           // mutants it reaches that no existing test reaches
    std::vector<std::string> unique_kill_labels;  // the unique kills named: "ROR <= -> < at src/a.cpp:9"
    std::string duplicate_of;                     // an existing test with the same body
    int round = 1;                                // the round whose reply wrote it
    int repaired_in = 0;                          // the round that repaired it; 0: not repaired

    std::size_t lines_run() const;
    std::size_t new_lines_run() const;
};

struct FunnelResult {
    std::vector<TestEvidence> tests;  // per extracted test
    std::vector<std::string> notes;
    std::string mutation_report;  // the run the mutation stage used
    std::string compile_log;  // where the compiler's output of the failed passes is kept; empty: none failed
    std::map<std::string, std::vector<std::string>> existing_kills;  // the run's tests: their kills
    struct Phase {
        std::string name;
        std::chrono::milliseconds duration{0};
    };
    std::vector<Phase> phases;
};

/// What one pass of the funnel works on: `target` compiles `settings.existing_tests`, whose tests are
/// `existing_tests`; only the tests `included` marks are judged (the others' evidence is left alone).
struct FunnelInput {
    const CMakeProject& project;
    const TargetOfFile& target;
    const std::vector<ExtractedTest>& existing_tests;
    const Extraction& extraction;
    std::vector<bool> included;  // empty: every test
    const FunnelSettings& settings;
    const ExistingCoverage& coverage;
    MutantRunSource* mutants = nullptr;  // null: no mutation stage
};

/// Judges the included tests into `result.tests` (sized to the extraction), adding notes and phases.
void run_funnel(const FunnelInput& input, FunnelResult& result);

/// One line of evidence for the output file, e.g. "compiles; passes 5/5; covers 2 new lines".
std::string evidence_line(const TestEvidence& evidence);

}  // namespace curator
