// The `mutator run` curator generate builds on: its report, its shared build's switches, and what is still
// undetected (mutant_run.hpp).

#include "curator/mutant_run.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "mlab/common/diagnostics.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"
#include "mlab/report/check.hpp"

namespace curator {
namespace fs = std::filesystem;

const mlab::FileView* MutantRun::file_of(const fs::path& source) const {
    const std::optional<fs::path> relative =
        project_root.empty() ? std::nullopt : mlab::relative_inside(source, project_root);
    for (const mlab::FileView& file : report.files) {
        if (relative ? fs::path(file.path) == *relative : source.string().ends_with("/" + file.path)) {
            return &file;
        }
    }
    return nullptr;
}

MutantRun open_mutant_run(const fs::path& path, const std::vector<fs::path>& sources,
                          const std::string& flag) {
    MutantRun run;
    run.report_file = fs::is_directory(path) ? path / "mutation-report.json" : path;
    if (!fs::is_regular_file(run.report_file)) {
        throw mlab::InputError(fmt::format(
            "{} {}: no mutation report there (run `mutator run --out DIR` first)", flag, path.string()));
    }
    const nlohmann::ordered_json json = mlab::read_report_json(run.report_file);
    run.report = mlab::view_report(json);
    run.project_root = json.value("projectRoot", std::string());
    run.folder = run.report_file.parent_path();
    run.switches = fs::is_directory(run.build_dir()) ? mlab::read_switches(mlab::switches_file(run.folder))
                                                     : std::nullopt;
    for (const fs::path& source : sources) {
        const mlab::FileView* file = run.file_of(source);
        if (file == nullptr) {
            throw mlab::InputError(
                fmt::format("{} {}: the report has no mutant of {}", flag, path.string(), source.string()));
        }
        if (!file->source.empty() && file->source != mlab::read_file(source)) {
            throw mlab::InputError(
                fmt::format("{} {}: {} changed since this mutation run; run `mutator run` again", flag,
                            path.string(), file->path));
        }
    }
    return run;
}

std::string mutant_label(const mlab::MutantView& mutant) {
    const std::string family = mutant.mutator.substr(0, mutant.mutator.find('.'));
    // The description may end with the function it is in ("<= -> < in ns::f"): the location says it.
    static const std::regex kInFunction(R"( in [A-Za-z_~][A-Za-z0-9_:~<>, ]*$)");
    return fmt::format("{} {} at {}:{}", family, std::regex_replace(mutant.description, kInFunction, ""),
                       mutant.file, mutant.line);
}

namespace {

std::vector<const mlab::FileView*> files_of(const MutantRun& run, const std::vector<fs::path>& sources) {
    std::vector<const mlab::FileView*> files;
    for (const fs::path& source : sources) {
        if (const mlab::FileView* file = run.file_of(source)) {
            files.push_back(file);
        }
    }
    return files;
}

}  // namespace

std::vector<const mlab::MutantView*> undetected_mutants(const MutantRun& run,
                                                        const std::vector<fs::path>& sources,
                                                        const std::vector<std::string>& killed) {
    const std::set<std::string> gone(killed.begin(), killed.end());
    std::vector<const mlab::MutantView*> undetected;
    for (const mlab::MutantStatus status : {mlab::MutantStatus::Survived, mlab::MutantStatus::NoCoverage}) {
        for (const mlab::FileView* file : files_of(run, sources)) {
            for (const mlab::MutantView& mutant : file->mutants) {
                if (mutant.status == status && gone.count(mutant.id) == 0) {
                    undetected.push_back(&mutant);
                }
            }
        }
    }
    return undetected;
}

mlab::ScoreCounts score_of(const MutantRun& run, const std::vector<fs::path>& sources,
                           const std::vector<std::string>& killed) {
    const std::set<std::string> now_killed(killed.begin(), killed.end());
    mlab::ScoreCounts counts;
    for (const mlab::FileView* file : files_of(run, sources)) {
        for (const mlab::MutantView& mutant : file->mutants) {
            counts.add(mutant.undetected() && now_killed.count(mutant.id) > 0 ? mlab::MutantStatus::Killed
                                                                              : mutant.status);
        }
    }
    return counts;
}

}  // namespace curator

namespace curator {

std::optional<MutantRun> run_mutator(const MutatorRunRequest& request, std::string& problem) {
    std::vector<std::string> argv{request.mutator.string(),
                                  "run",
                                  "-p",
                                  request.build_dir.string(),
                                  "--out",
                                  request.out.string(),
                                  "--reports",
                                  "json",
                                  "--jobs",
                                  std::to_string(request.jobs),
                                  "-q"};
    if (!request.test_label.empty()) {
        argv.insert(argv.end(), {"--test-label", request.test_label});
    }
    for (const fs::path& source : request.sources) {
        argv.push_back(source.string());
    }
    mlab::ProcessOptions options;
    options.timeout = std::chrono::hours(2);
    options.cancel = mlab::InterruptGuard::flag();
    const mlab::ProcessResult done = mlab::run_process(argv, options);
    mlab::stop_if_interrupted();
    if (!done.succeeded()) {
        problem = mlab::first_error_line(done.standard_error + done.standard_output);
        if (problem.empty()) {
            problem = mlab::shorten(mlab::fold_whitespace(done.standard_error), 240);
        }
        return std::nullopt;
    }
    return open_mutant_run(request.out, request.sources, "mutator run --out");
}

}  // namespace curator
