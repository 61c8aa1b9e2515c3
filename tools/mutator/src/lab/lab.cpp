// mutator lab: write the lab (the starter copy, the answer key, the checker's settings), verify the starter
// copy, and give it its first commit, all in one folder that appears at once or not at all.

#include "mutator/lab.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/text.hpp"
#include "mutator/variants.hpp"
#include "phases.hpp"

namespace mutator {
namespace fs = std::filesystem;

std::string joined(const std::vector<std::string>& items) {
    return fmt::format("{}", fmt::join(items, ", "));
}

mlab::ProcessResult run_checked(const std::vector<std::string>& argv, const fs::path& cwd,
                                const std::string& what) {
    mlab::ProcessOptions options;
    options.working_directory = cwd;
    options.timeout = std::chrono::hours(1);
    options.environment = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_CONFIG_GLOBAL", "/dev/null"}};
    mlab::ProcessResult result = mlab::run_process(argv, options);
    if (!result.succeeded()) {
        std::string output = result.standard_output + result.standard_error;
        const std::vector<std::string_view> lines = mlab::split_lines(output);
        std::string last;
        for (auto line = lines.rbegin(); line != lines.rend() && last.empty(); ++line) {
            last = mlab::trim(std::string(*line));
        }
        throw mlab::InputError(fmt::format("{} failed: {}", what, last.empty() ? "no output" : last));
    }
    return result;
}

namespace {

// The starter copy as a git repository of one commit: the students' starting point.
void commit_starter(const fs::path& starter) {
    run_checked({"git", "init", "-q", "-b", "main"}, starter, "git init in the starter project");
    run_checked({"git", "add", "-A"}, starter, "git add in the starter project");
    run_checked({"git", "-c", "user.name=Mutation Lab", "-c", "user.email=mutation-lab@localhost", "commit",
                 "-q", "-m", "The lab's starting point"},
                starter, "git commit in the starter project");
}

}  // namespace

LabVerification write_lab(const LabPlan& plan, const LabSettings& settings,
                          const nlohmann::ordered_json& report, const LabOutput& output, const fs::path& out,
                          const std::function<void(std::string_view)>& note) {
    const StarterChanges changes = starter_changes(plan, output);
    LabVerification verification;
    write_directory_atomically(out, [&](const fs::path& temp) {
        const fs::path starter = temp / "starter";
        write_starter(changes, output, starter, out);
        write_answer_key(plan, settings, report, output, temp);
        write_checker(plan, settings, temp, starter);
        if (output.verify) {
            verification = verify_starter(plan.starter_tests, output, starter, note);
        }
        commit_starter(starter);
    });
    return verification;
}

}  // namespace mutator
