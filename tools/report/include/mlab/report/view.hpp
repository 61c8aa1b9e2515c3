#pragma once
// A mutation report (mutation-testing-elements JSON, schema 1 or 2) read into plain structs: each mutant with
// its status, kill matrix row, original code and one-line diff; each file's counts; the tests. Both tools
// read reports through this, never through the JSON.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlab/report/status.hpp"

namespace mlab {

struct MutantView {
    std::string file;  // as the report names it (relative to the project root)
    std::string id, mutator, replacement, description, reason;
    MutantStatus status = MutantStatus::Pending;
    unsigned line = 0, column = 0, end_line = 0, end_column = 0;  // end exclusive, as in the report
    std::vector<std::string> killed_by, covered_by;
    double duration_ms = 0;
    std::string original;     // the source text the mutant replaces
    std::string line_before;  // the mutated line(s) as written, whitespace folded
    std::string line_after;   // the same with the replacement in place

    /// Survived or NoCoverage: a change no test notices.
    bool undetected() const { return status == MutantStatus::Survived || status == MutantStatus::NoCoverage; }
};

struct FileView {
    std::string path;
    std::string source;
    std::vector<MutantView> mutants;  // in location order
    ScoreCounts counts;
};

struct TestView {
    std::string id, name;
    std::string file;   // the test file as the report names it
    unsigned line = 0;  // of its TEST macro; 0 when unknown
};

struct ReportView {
    std::string project;          // the last part of projectRoot, or "" when the report has none
    std::string tool;             // framework name and version
    std::vector<FileView> files;  // in name order
    std::vector<TestView> tests;  // in report order
    ScoreCounts counts;
    Thresholds thresholds;

    /// Every undetected mutant: Survived first, then NoCoverage, each in file and location order.
    std::vector<const MutantView*> undetected() const;
};

/// Reads a report that check_report accepted.
ReportView view_report(const nlohmann::ordered_json& report);

/// The thresholds a report carries (`thresholds`, and `config.thresholds.break` when mutator wrote it).
Thresholds report_thresholds(const nlohmann::ordered_json& report);

/// The gtest name (`Suite.Name`) a report's test id stands for: without CTest's TEST_PREFIX (`unit.`), a
/// value-parameterized test's `Prefix/` and `/N`, a typed test's `/N` and `<Type>`, and the `ctest:` mark
/// of a name two tests share. The one way both tools match a test they know to the report's ids.
std::string gtest_name_of(std::string_view report_id);

/// "76.8%", or "n/a" when there is no valid mutant.
std::string score_text(const ScoreCounts& counts);

}  // namespace mlab
