// The funnel's mutation stage: the passing tests added to a copy of the project, `mutator run` over the
// source file, and each test's kills read from the report's kill matrix.

#include "funnel/phases.hpp"

#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/files.hpp"
#include "mlab/common/project_copy.hpp"
#include "mlab/report/check.hpp"

namespace curator::funnel_phases {
namespace fs = std::filesystem;

namespace {

/// The project copied to `root`/project with the passing tests in a file beside the existing tests, added
/// to the target's sources; returns the copy's folder.
fs::path copy_with_candidates(const MutationInput& input, const fs::path& root) {
    const CMakeProject& project = input.project;
    const fs::path copy = root / "project";
    mlab::sync_tree(project.source_dir(), copy);
    ComposeOptions compose_options;
    compose_options.included = input.passing;
    const fs::path candidates =
        copy / fs::relative(input.settings.existing_tests, project.source_dir()).parent_path() /
        "curator_candidates.cpp";
    mlab::write_file_atomic(candidates, compose(input.extraction, compose_options).text);
    const fs::path lists =
        copy / fs::relative(input.target.directory, project.source_dir()) / "CMakeLists.txt";
    std::string text = mlab::read_file(lists);
    text += fmt::format("\n# Added by curator's mutation stage.\ntarget_sources({} PRIVATE \"{}\")\n",
                        input.target.target, candidates.string());
    mlab::write_file_atomic(lists, text);
    return copy;
}

mlab::ProcessResult run_mutator(const MutationInput& input, const fs::path& root, const fs::path& copy) {
    const FunnelSettings& settings = input.settings;
    std::vector<std::string> run{
        settings.mutator.string(),
        "run",
        "-p",
        (root / "build").string(),
        "--out",
        (root / "run").string(),
        "--reports",
        "json",
        "--jobs",
        std::to_string(settings.jobs),
        "-q",
        (copy / fs::relative(settings.source_file, input.project.source_dir())).string()};
    if (!settings.test_label.empty()) {
        run.insert(run.end() - 1, {"--test-label", settings.test_label});
    }
    mlab::ProcessOptions options;
    options.timeout = std::chrono::hours(1);
    return mlab::run_process(run, options);
}

/// The candidate (a passing test) that the report's test id names; -1 for another test.
int candidate_of(const std::string& report_id, const std::vector<std::string>& ids,
                 const std::vector<bool>& passing) {
    const std::string name = mlab::gtest_name_of(report_id);
    for (std::size_t t = 0; t < ids.size(); ++t) {
        if (passing[t] && name == ids[t]) {
            return static_cast<int>(t);
        }
    }
    return -1;
}

/// One mutant's killedBy (`killed`) or coveredBy list credited to the candidates it names: a kill, and a
/// unique kill or a new site when no other test is on the list; the other tests' kills go to existing_kills.
void credit(const std::string& mutant, const std::vector<std::string>& tests, bool killed,
            const std::vector<std::string>& ids, const std::vector<bool>& passing, FunnelResult& result) {
    bool others = false;
    std::vector<int> mine;
    for (const std::string& test : tests) {
        const int t = candidate_of(test, ids, passing);
        if (t >= 0) {
            mine.push_back(t);
            continue;
        }
        others = true;
        if (killed) {
            result.existing_kills[test].push_back(mutant);
        }
    }
    for (const int t : mine) {
        TestEvidence& evidence = result.tests[static_cast<std::size_t>(t)];
        if (killed) {
            evidence.kills.push_back(mutant);
        }
        if (!others) {
            (killed ? evidence.unique_kills : evidence.new_sites).push_back(mutant);
        }
    }
}

/// Each passing test's kills, unique kills and new sites, and the other tests' kills, from the report's
/// kill matrix (every mutant's killedBy and coveredBy).
void read_kill_matrix(const mlab::ReportView& report, const Extraction& extraction,
                      const std::vector<bool>& passing, FunnelResult& result) {
    std::vector<std::string> ids;
    for (const ExtractedTest& test : extraction.tests) {
        ids.push_back(test_id(test));
    }
    for (std::size_t t = 0; t < ids.size(); ++t) {
        result.tests[t].mutation_measured = passing[t];
    }
    for (const mlab::FileView& file : report.files) {
        for (const mlab::MutantView& mutant : file.mutants) {
            credit(mutant.id, mutant.killed_by, true, ids, passing, result);
            credit(mutant.id, mutant.covered_by, false, ids, passing, result);
        }
    }
}

}  // namespace

void mutation_stage(const MutationInput& input, FunnelResult& result) {
    const fs::path root = input.settings.scratch_dir / "mutation";
    fs::remove_all(root);
    const fs::path copy = copy_with_candidates(input, root);
    const mlab::ProcessResult configured = configure_copy(input.project, copy, root / "build");
    if (!configured.succeeded()) {
        result.notes.push_back("mutation stage skipped: the project copy did not configure: " +
                               error_summary(configured.standard_output + configured.standard_error));
        return;
    }
    const mlab::ProcessResult done = run_mutator(input, root, copy);
    const fs::path report_file = root / "run" / "mutation-report.json";
    if (!fs::exists(report_file)) {
        result.notes.push_back("mutation stage failed: " +
                               error_summary(done.standard_error + done.standard_output));
        return;
    }
    result.mutation_report = report_file.string();
    read_kill_matrix(mlab::read_report(report_file), input.extraction, input.passing, result);
}

}  // namespace curator::funnel_phases
