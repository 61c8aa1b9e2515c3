#pragma once
// mutator lab's phases, each apart: plan (plan.cpp: which mutants become bugs), write (write.cpp: the
// starter copy, the patches, the key, the checker's settings), verify (verify.cpp: the starter copy builds
// and its tests pass); lab.cpp runs write, verify and the starter's first commit in order.

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlab/common/process.hpp"
#include "mlab/report/view.hpp"
#include "mutator/lab.hpp"

namespace mutator {

// ---- shared by the phases ---------------------------------------------------------------------------------

std::string joined(const std::vector<std::string>& items);

/// Runs a command (git with no user or system configuration); throws mlab::InputError saying `what`
/// failed, with the last line it printed.
mlab::ProcessResult run_checked(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                                const std::string& what);

// ---- plan -------------------------------------------------------------------------------------------------

/// id → every mutant of the analysis report.
std::map<std::string, const mlab::MutantView*> outcomes_of(const mlab::ReportView& report);

// ---- write ------------------------------------------------------------------------------------------------

/// What the starter copy leaves out and changes, by source-relative path. Throws mlab::InputError for a
/// file outside the source folder.
struct StarterChanges {
    std::set<std::string> dropped;                                  // the plan's dropped test files
    std::map<std::string, std::vector<MutationSite>> bugs_by_file;  // each file's bugs
};
StarterChanges starter_changes(const LabPlan& plan, const LabOutput& output);

/// The starter copy in `starter`: the source folder without the dropped files, with the bugs in.
void write_starter(const StarterChanges& changes, const LabOutput& output,
                   const std::filesystem::path& starter, const std::filesystem::path& out);

/// patches/bug-NN.patch, one per bug, and key/ (bugs.json, README.md, the analysis report) in `folder`.
void write_answer_key(const LabPlan& plan, const LabSettings& settings, const nlohmann::ordered_json& report,
                      const LabOutput& output, const std::filesystem::path& folder);

/// checker.json in `folder`, and a copy in the starter copy's .mutation-lab/ for its CI job.
void write_checker(const LabPlan& plan, const LabSettings& settings, const std::filesystem::path& folder,
                   const std::filesystem::path& starter);

// ---- verify -----------------------------------------------------------------------------------------------

/// Configures the copy `starter` in `build` like the user's build, and builds it.
void configure_and_build(const LabOutput& output, const std::filesystem::path& starter,
                         const std::filesystem::path& build);

/// Configures, builds and runs the starter copy's tests in WORK/verify; the bugs must leave them passing and
/// every one of `starter_tests` listed. Throws mlab::InputError when they do not.
LabVerification verify_starter(const std::vector<std::string>& starter_tests, const LabOutput& output,
                               const std::filesystem::path& starter,
                               const std::function<void(std::string_view)>& note);

}  // namespace mutator
