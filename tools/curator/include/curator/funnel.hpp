#pragma once
// Phase 4, the validation funnel: every extracted test compiled, run on the current code, run again for
// flakiness, measured for the lines it adds and the mutants it kills. All of it happens in a scratch
// folder: the user's source tree is only read. In the user's build folder the existing tests' target is
// brought up to date (`cmake --build --target`), and curator's files live under BUILD/.curator.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "curator/cmake_project.hpp"
#include "curator/extract.hpp"

namespace curator {

struct FunnelSettings {
    std::filesystem::path scratch_dir;     // emptied and reused
    std::filesystem::path object_cache;    // compiled existing tests and instrumented sources, reused
    std::filesystem::path source_file;     // the code under test (line coverage)
    std::filesystem::path existing_tests;  // the test file the new tests go beside
    int runs = 5;
    std::chrono::milliseconds test_timeout{10000};
    bool coverage = true;
    std::filesystem::path mutator;  // the mutator binary; empty: no mutation stage
    std::string test_label;         // passed to `mutator run --test-label`
    unsigned jobs = 2;
};

/// Where a test got to, from the worst outcome to the best.
enum class Verdict { compile_error, link_error, crashed, timed_out, failed, flaky, passed };
std::string verdict_name(Verdict verdict);

struct TestEvidence {
    Verdict verdict = Verdict::compile_error;
    std::string problem;  // the first compile error, the failed assertion, the signal, ...
    int runs = 0;
    int passes = 0;
    std::chrono::milliseconds run_time{0};  // of the first run
    bool coverage_measured = false;
    std::vector<unsigned> lines;      // lines of the source file it executes
    std::vector<unsigned> new_lines;  // ... that the existing tests do not
    bool mutation_measured = false;
    std::vector<std::string> kills;         // mutant ids it kills
    std::vector<std::string> unique_kills;  // ... that no existing test kills
    std::vector<std::string> new_sites;     // mutants it reaches that no existing test reaches
    std::string duplicate_of;               // an existing test with the same body
};

struct FunnelResult {
    std::vector<TestEvidence> tests;  // per extracted test
    std::vector<unsigned> existing_lines;
    std::size_t source_lines = 0;  // executable lines of the source file
    std::vector<std::string> notes;
    std::string mutation_report;                                     // the report the mutation stage wrote
    std::map<std::string, std::vector<std::string>> existing_kills;  // other tests of the run: their kills
    struct Phase {
        std::string name;
        std::chrono::milliseconds duration{0};
    };
    std::vector<Phase> phases;
};

/// `target` compiles `settings.existing_tests`, whose tests are `existing_tests`.
FunnelResult run_funnel(const CMakeProject& project, const TargetOfFile& target,
                        const std::vector<ExtractedTest>& existing_tests, const Extraction& extraction,
                        const FunnelSettings& settings);

/// One line of evidence for the output file, e.g. "compiles; passes 5/5; covers 2 new lines".
std::string evidence_line(const TestEvidence& evidence);

}  // namespace curator
