#pragma once
// Phase 6, report: the mutation-testing-elements JSON report (schema version 2) with killedBy and
// coveredBy for every mutant, merging shard reports, and the figures a summary shows. Everything after a
// run reads the report, not the run's internals, so a merged report renders like any other.

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
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

/// Where a run's wall time went, phase by phase. The report's `performance` holds each under `phases`, and
/// the schema's three sums: `setup` (scan, select, build), `initialRun` (tests, baseline) and `mutation`
/// (mutants, equivalence, report): together the run's wall time up to its JSON report.
struct PhaseTimes {
    std::chrono::milliseconds scan{0};         // parse the sources, find the sites
    std::chrono::milliseconds select{0};       // the user's tests, the changed lines, this run's mutants
    std::chrono::milliseconds build{0};        // instrument, configure and build the mutants' build
    std::chrono::milliseconds tests{0};        // list the mutant build's tests
    std::chrono::milliseconds baseline{0};     // the tests with no mutant on, coverage, the noise
    std::chrono::milliseconds mutants{0};      // each mutant against its covering tests
    std::chrono::milliseconds equivalence{0};  // the survivors compiled to compare their code
    std::chrono::milliseconds report{0};       // the report assembled (its writing is not counted)

    std::chrono::milliseconds setup() const { return scan + select + build; }
    std::chrono::milliseconds initial_run() const { return tests + baseline; }
    std::chrono::milliseconds mutation() const { return mutants + equivalence + report; }
    std::chrono::milliseconds total() const { return setup() + initial_run() + mutation(); }
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

/// Each phase's name in the report's `performance.phases` and its time, in run order.
std::vector<std::pair<std::string_view, std::chrono::milliseconds>> phases_of(const PhaseTimes& times);

/// Sets the report's `performance`: the schema's three sums, the total, and each phase under `phases`.
void set_performance(nlohmann::ordered_json& report, const PhaseTimes& times);

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
