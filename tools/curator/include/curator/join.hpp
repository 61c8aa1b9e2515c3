#pragma once
// `curator report`: the student's decisions joined with a mutation report's kill matrix. Per curated test:
// its decision, the mutants it kills, the mutants only it kills; warnings where a decision and the kill
// matrix disagree; the mutation score with and without the curated tests.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "curator/ledger.hpp"
#include "curator/reviewed_file.hpp"
#include "mlab/report/status.hpp"

namespace curator {

struct JoinedTest {
    std::string file;  // as given on the command line
    std::string id;
    std::size_t line = 0;
    Decision decision = Decision::none;
    std::string reason;
    bool stale = false;
    /// Where its kills come from: "report" (it ran in the mutation report), "generate" (the funnel's
    /// record in the sidecar, for tests the report did not run, such as discarded ones), "" (no data).
    std::string kills_from;
    std::vector<std::string> kills;       // mutant ids, in report order
    std::vector<std::string> only_kills;  // ... that no other running test kills
};

struct JoinedMutant {
    std::string id;
    std::string file;
    unsigned line = 0;
    std::string mutator;
    std::string description;
    std::string status;
    std::vector<std::string> other_killers;  // tests of the report that are not curated
};

struct JoinWarning {
    std::string kind;  // kept_kills_nothing, kept_nothing_new, discarded_only_killer, identical_kills
    std::string test;
    std::string message;
};

struct Join {
    std::string report_file;
    std::vector<JoinedTest> tests;
    std::vector<JoinedMutant> mutants;  // every mutant some curated test kills, by file and line
    std::vector<JoinWarning> warnings;
    mlab::ScoreCounts with_curated;  // the report, plus kept tests' recorded kills when it did not run them
    mlab::ScoreCounts without_curated;  // no kept or fixed test
    std::size_t total_mutants = 0;
    std::vector<std::string> notes;
};

/// Throws mlab::InputError naming `report_file` when it is not a mutation report.
Join join_report(const std::filesystem::path& report_file, const std::vector<std::filesystem::path>& files,
                 const std::vector<std::string>& shown_names, Ledgers& ledgers);

std::string render_join_text(const Join& join);
std::string render_join_markdown(const Join& join);
nlohmann::ordered_json render_join_json(const Join& join);
/// A self-contained page (no script, no external file): the table and a tests × mutants heatmap whose
/// cells are coloured by the test's decision.
std::string render_join_html(const Join& join);

}  // namespace curator
