// mutator run's output folder and report.

#include "output.hpp"

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/process.hpp"

namespace mutator {
namespace fs = std::filesystem;

OutputFolder::OutputFolder(const fs::path& out_dir, std::string options_text, bool resume)
    : lock_(created(out_dir)), store_(out_dir / "results.db"), options_text_(std::move(options_text)) {
    if (store_.meta("state").value_or("") != "running") {
        return;
    }
    if (!resume) {
        throw mlab::InputError(
            fmt::format("{} holds an unfinished run: add --resume to finish it, or choose another --out",
                        out_dir.string()));
    }
    if (store_.meta("options").value_or(options_text_) != options_text_) {
        throw mlab::InputError(fmt::format("--resume: {} was started with other options ({})",
                                           out_dir.string(), store_.meta("options").value_or("")));
    }
}

// A folder that cannot be written fails before any work.
const fs::path& OutputFolder::created(const fs::path& out_dir) {
    std::error_code error;
    fs::create_directories(out_dir, error);
    if (error) {
        throw mlab::FileError(
            fmt::format("cannot create the output folder {}: {}", out_dir.string(), error.message()));
    }
    return out_dir;
}

void OutputFolder::mark_running() {
    store_.set_meta("state", "running");
    store_.set_meta("options", options_text_);
}

void OutputFolder::mark_finished() {
    store_.set_meta("state", "finished");
}

RunOutcome report_run(const std::vector<SiteState>& states, const MutantsDone& done,
                      std::vector<TestCase> tests, const PhaseTimes& times,
                      std::chrono::steady_clock::time_point started, const ReportOptions& options) {
    ReportInput input;
    input.root = options.root;
    input.version = options.version;
    input.times = times;
    input.config = options.config;
    input.thresholds = options.thresholds;
    for (std::size_t i = 0; i < states.size(); ++i) {
        input.mutants.emplace_back(states[i].site, done.results[i].value_or(MutantResult{}));
    }
    for (const TestCase& test : tests) {
        ReportTest entry{test.name, test.source_file, test.source_line};
        if (entry.file.empty()) {
            const fs::path program(test.command.front());
            entry.file = program.lexically_relative(options.build_dir).string();
        }
        input.tests.push_back(entry);
    }
    RunOutcome outcome;
    outcome.report = make_report(input);
    // The report phase up to here: the JSON's own writing is the one thing a report's times leave out.
    input.times.report = mlab::milliseconds_since(started);
    set_performance(outcome.report, input.times);
    outcome.tests = std::move(tests);
    outcome.report_path = options.out_dir / "mutation-report.json";
    outcome.interrupted = done.interrupted;
    outcome.reused = done.reused;
    outcome.executed = done.executed;
    mlab::write_file_atomic(outcome.report_path, outcome.report.dump(2) + "\n");
    return outcome;
}

}  // namespace mutator
