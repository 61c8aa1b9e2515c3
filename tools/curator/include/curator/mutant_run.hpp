#pragma once
// A `mutator run` that `curator generate` builds on: its report (which mutants no existing test kills, and
// which tests kill the others) and, when its output folder is at hand, its shared mutant build, against
// which new tests are built and run with each mutant switched on (mlab/common/mutant_switch.hpp).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mlab/common/mutant_switch.hpp"
#include "mlab/report/view.hpp"

namespace curator {

struct MutantRun {
    std::filesystem::path report_file;
    std::filesystem::path folder;        // the run's --out folder; empty for a report on its own
    std::filesystem::path project_root;  // the report's projectRoot: its paths are relative to it
    mlab::ReportView report;
    std::optional<mlab::SwitchTable> switches;  // set: the shared build (folder/build) can be reused

    std::filesystem::path build_dir() const { return folder / "build"; }
    /// The report's file entry of `source` (an absolute path), or null.
    const mlab::FileView* file_of(const std::filesystem::path& source) const;
};

/// Opens a run from its report file or its output folder (which holds mutation-report.json). Throws
/// mlab::InputError naming `path` when it holds no report, the report is not one Mutation Lab reads, or
/// the report's copy of one of `sources` differs from the file as it is now (the run is out of date).
MutantRun open_mutant_run(const std::filesystem::path& path,
                          const std::vector<std::filesystem::path>& sources, const std::string& flag);

/// One mutant of the sources as the prompt and the evidence name it: "ROR <= -> < at src/a.cpp:9".
std::string mutant_label(const mlab::MutantView& mutant);

/// The mutants of `sources` no test of the run detects (Survived, then NoCoverage), minus `killed`.
std::vector<const mlab::MutantView*> undetected_mutants(const MutantRun& run,
                                                        const std::vector<std::filesystem::path>& sources,
                                                        const std::vector<std::string>& killed);

/// The mutation score of `sources` once `killed` (ids of undetected mutants that new tests kill) count as
/// detected.
mlab::ScoreCounts score_of(const MutantRun& run, const std::vector<std::filesystem::path>& sources,
                           const std::vector<std::string>& killed);

}  // namespace curator

namespace curator {

/// `mutator run` over `sources` of the project built in `build_dir`, into `out` (a folder curator keeps:
/// the run is incremental, so a later call with unchanged code and tests runs no mutant again).
struct MutatorRunRequest {
    std::filesystem::path mutator;
    std::filesystem::path build_dir;
    std::filesystem::path out;
    std::vector<std::filesystem::path> sources;
    std::string test_label;  // --test-label, when set
    unsigned jobs = 2;
};

/// The finished run, or nullopt with `problem` set to the mutator's own error line.
std::optional<MutantRun> run_mutator(const MutatorRunRequest& request, std::string& problem);

}  // namespace curator
