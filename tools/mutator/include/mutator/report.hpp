#pragma once
// Phase 6, report: the mutation-testing-elements JSON report (schema version 2) with killedBy and
// coveredBy for every mutant, merging shard reports, and the figures a summary shows. Everything after a
// run reads the report, not the run's internals, so a merged report renders like any other.

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlab/report/check.hpp"
#include "mlab/report/view.hpp"
#include "mutator/config.hpp"
#include "mutator/mutant_result.hpp"
#include "mutator/site.hpp"

namespace mutator {

struct ReportTest {
    std::string id;    // the CTest name; what killedBy and coveredBy refer to
    std::string file;  // root-relative source of the test, or the test program when it was not found
    unsigned line = 0;
};

struct PhaseTimes {
    std::chrono::milliseconds build{0}, baseline{0}, mutation{0};
};

struct ReportInput {
    std::filesystem::path root;
    std::vector<std::pair<const MutationSite*, MutantResult>> mutants;
    std::vector<ReportTest> tests;
    PhaseTimes times;
    nlohmann::ordered_json config = nlohmann::ordered_json::object();
    std::string version;
    Thresholds thresholds;
};

/// The report of one run. Reads each mutated file's source from the root. Mutants are in file order.
nlohmann::ordered_json make_report(const ReportInput& input);

/// One report from shard reports of the same project: mutants united by id (a detected status wins over
/// an undetected one), killedBy and coveredBy united, tests united, times added.
/// Throws mlab::InputError when a report is not schema version 2 or the projects differ.
nlohmann::ordered_json merge_reports(const std::vector<nlohmann::ordered_json>& reports);

using mlab::check_report;
using mlab::read_report_json;
using mlab::report_thresholds;

struct SummaryMutant {
    std::string file;
    unsigned line = 0, column = 0;
    std::string mutator, description, id, reason;
    MutantStatus status = MutantStatus::Pending;
    std::chrono::milliseconds duration{0};
};

struct FileSummary {
    std::string file;
    ScoreCounts counts;
};

struct ReportSummary {
    ScoreCounts counts;
    std::vector<FileSummary> files;
    std::vector<SummaryMutant> survivors;  // Survived and NoCoverage, in file order
    std::vector<SummaryMutant> slowest;    // at most five, slowest first
    std::size_t tests = 0;
    PhaseTimes times;
};

ReportSummary summarize_report(const nlohmann::ordered_json& report);

}  // namespace mutator
