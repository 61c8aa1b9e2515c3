#pragma once
// mutator run's output folder: locked for one run at a time, its store of results, and phase 7, the report
// written into it.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlab/common/files.hpp"
#include "mutants.hpp"
#include "mutator/report.hpp"
#include "mutator/results_store.hpp"
#include "mutator/run.hpp"
#include "select.hpp"

namespace mutator {

/// OUT, created and locked, and OUT/results.db. Throws mlab::FileError when OUT cannot be created, and
/// mlab::InputError when it holds an unfinished run that this one may not resume (no --resume, or other
/// options: `options_text`).
class OutputFolder {
  public:
    OutputFolder(const std::filesystem::path& out_dir, std::string options_text, bool resume);

    ResultsStore& store() { return store_; }
    /// From here on an interrupted run can be resumed.
    void mark_running();
    void mark_finished();

  private:
    static const std::filesystem::path& created(const std::filesystem::path& out_dir);

    mlab::FolderLock lock_;  // one run at a time in one folder: a second would corrupt the stored results
    ResultsStore store_;
    std::string options_text_;
};

struct ReportOptions {
    std::filesystem::path root;       // the report's paths are relative to it
    std::filesystem::path build_dir;  // a test's program is named relative to it when its source is unknown
    std::filesystem::path out_dir;
    std::string version;
    nlohmann::ordered_json config;  // options_json
    Thresholds thresholds;
};

/// Phase 7: writes OUT/mutation-report.json; the report phase's time is counted from `started`. An
/// interrupted run still reports what it found; the rest is Pending.
RunOutcome report_run(const std::vector<SiteState>& states, const MutantsDone& done,
                      std::vector<TestCase> tests, const PhaseTimes& times,
                      std::chrono::steady_clock::time_point started, const ReportOptions& options);

}  // namespace mutator
