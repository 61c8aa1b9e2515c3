#pragma once
// What `run` and `merge` print: live progress on stderr, and the summary of a report on stdout.

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mutator/run.hpp"

namespace mutator::cli {

/// Progress on stderr: one line redrawn in place on a terminal, plain lines (every tenth of the work)
/// otherwise, so CI logs stay short.
class ProgressPrinter : public RunObserver {
  public:
    ProgressPrinter(std::ostream& out, bool quiet);
    void phase(std::string_view name, std::string_view detail) override;
    void mutant_done(const MutationSite& site, const MutantResult& result, const RunProgress& progress,
                     const ScoreCounts& so_far, bool reused) override;
    void note(std::string_view text) override;
    void info(std::string_view text) override;
    void finish();

  private:
    std::ostream& out_;
    bool terminal_;
    bool quiet_;
    bool line_open_ = false;
    std::size_t last_tenth_ = 0;
    std::chrono::steady_clock::time_point started_;
};

/// The summary of a report: score, counts per status and per file, surviving mutants with their change,
/// the slowest mutants, and the time each phase took.
void print_summary(std::ostream& out, const nlohmann::ordered_json& report,
                   const std::vector<std::filesystem::path>& files);

/// The exit code of the break threshold the report carries (`--break`, or `thresholds.break` in
/// mutator.yml): 1 when the score is below it, else 0.
int gate(const nlohmann::ordered_json& report, std::ostream& err);

}  // namespace mutator::cli
