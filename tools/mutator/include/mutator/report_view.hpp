#pragma once
// A checked report, read once into plain structs for the renderers (Markdown, annotations, SARIF, the
// HTML pages): each mutant with its original code and its one-line diff, each file's counts, the tests.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mutator/config.hpp"
#include "mutator/mutant_result.hpp"

namespace mutator {

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

/// "76.8%", or "n/a" when there is no valid mutant.
std::string score_text(const ScoreCounts& counts);

}  // namespace mutator
