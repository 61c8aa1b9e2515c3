// `curator report`: the student's decisions joined with a mutation report's kill matrix (the renderings are
// in render/report_*.cpp).

#include "curator/join.hpp"
#include "curator/review.hpp"
#include "curator/sidecar.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/report/check.hpp"
#include "render/report_cells.hpp"

namespace curator {
namespace fs = std::filesystem;

namespace {

bool is_kept(const JoinedTest& test) {
    return test.decision == Decision::kept || test.decision == Decision::fixed;
}

struct ReportMutant {
    JoinedMutant shown;
    mlab::MutantStatus status = mlab::MutantStatus::Pending;
    std::vector<std::string> killed_by;  // gtest names (mlab::gtest_name_of)
};

/// What `curator report` needs of a mutation report: its mutants with their killers, and every test id it
/// knows (from killedBy, coveredBy and testFiles).
struct MutationReport {
    std::vector<ReportMutant> mutants;
    std::set<std::string> tests;
    std::map<std::string, std::size_t> index;  // mutant id -> its place in `mutants`
};

/// Throws mlab::InputError naming `report_file` when it is not a mutation report.
MutationReport read_mutation_report(const fs::path& report_file) {
    const mlab::ReportView report = mlab::read_report(report_file);
    MutationReport out;
    for (const mlab::FileView& file : report.files) {
        for (const mlab::MutantView& mutant : file.mutants) {
            ReportMutant row;
            row.shown = {mutant.id,
                         file.path,
                         mutant.line,
                         mutant.mutator,
                         mutant.description,
                         std::string(mlab::status_name(mutant.status)),
                         {}};
            row.status = mutant.status;
            for (const std::string& test : mutant.killed_by) {
                row.killed_by.push_back(mlab::gtest_name_of(test));
            }
            out.tests.insert(row.killed_by.begin(), row.killed_by.end());
            for (const std::string& test : mutant.covered_by) {
                out.tests.insert(mlab::gtest_name_of(test));
            }
            out.index.emplace(row.shown.id, out.mutants.size());
            out.mutants.push_back(std::move(row));
        }
    }
    for (const mlab::TestView& test : report.tests) {
        out.tests.insert(mlab::gtest_name_of(test.id));
    }
    return out;
}

/// The sidecar's record of each measured test's kills, from the generate funnel.
std::map<std::string, std::vector<std::string>> sidecar_kills(const fs::path& file) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [name, test] : read_sidecar(file).tests) {
        if (test.mutation_measured) {
            out[name].assign(test.kills.begin(), test.kills.end());
        }
    }
    return out;
}

/// A curated test's kills: from the report when it ran there, else from its generate run's record.
/// Returns whether they come from the record although the test is live.
bool find_kills(JoinedTest& joined, bool runs, const MutationReport& report,
                const std::map<std::string, std::vector<std::string>>& recorded,
                std::vector<std::string>& notes) {
    if (runs && report.tests.count(joined.id) != 0) {
        joined.kills_from = "report";
        for (const ReportMutant& mutant : report.mutants) {
            if (std::find(mutant.killed_by.begin(), mutant.killed_by.end(), joined.id) !=
                mutant.killed_by.end()) {
                joined.kills.push_back(mutant.shown.id);
            }
        }
        return false;
    }
    const auto found = recorded.find(joined.id);
    if (found == recorded.end()) {
        notes.push_back(fmt::format("{}: no kill data (not in the report, no funnel record)", joined.id));
        return false;
    }
    joined.kills_from = "generate";
    std::size_t unknown = 0;
    for (const std::string& id : found->second) {
        if (report.index.count(id) != 0) {
            joined.kills.push_back(id);
        } else {
            ++unknown;
        }
    }
    if (unknown > 0) {
        notes.push_back(
            fmt::format("{}: {} of the mutants its generate run killed are not in "
                        "the report (the code changed since?)",
                        joined.id, unknown));
    }
    return runs;
}

/// The curated tests of every file, with their decisions and kills.
void join_curated_tests(const std::vector<fs::path>& files, const std::vector<std::string>& shown_names,
                        Ledgers& ledgers, const MutationReport& report, Join& join) {
    std::size_t live_not_run = 0;
    for (std::size_t f = 0; f < files.size(); ++f) {
        const TestFile parsed = parse_test_file(mlab::read_file(files[f]));
        const std::map<std::string, std::vector<std::string>> recorded = sidecar_kills(files[f]);
        for (const TestStanding& standing : standings(files[f], parsed, ledgers.of(files[f]))) {
            const TestBlock& test = *standing.test;
            JoinedTest joined;
            joined.file = shown_names[f];
            joined.id = test.id();
            joined.line = test.first_line;
            joined.decision = test.decision();
            joined.reason = test.reason();
            joined.stale = standing.stale;
            live_not_run += find_kills(joined, !test.commented_out, report, recorded, join.notes) ? 1 : 0;
            join.tests.push_back(std::move(joined));
        }
    }
    if (live_not_run > 0) {
        join.notes.push_back(
            fmt::format("{} live test{} did not run in the report (not built into its suite?); "
                        "their kills come from the generate funnel's record",
                        live_not_run, live_not_run == 1 ? "" : "s"));
    }
}

/// Who kills each mutant among the tests that run: the report's tests plus kept tests known only from the
/// funnel's record (discarded tests do not run). Fills each report mutant's other (not curated) killers.
std::vector<std::set<std::string>> running_killers(MutationReport& report, const Join& join,
                                                   const std::set<std::string>& curated_ids) {
    std::vector<std::set<std::string>> killers(report.mutants.size());
    for (std::size_t m = 0; m < report.mutants.size(); ++m) {
        for (const std::string& id : report.mutants[m].killed_by) {
            killers[m].insert(id);
            if (curated_ids.count(id) == 0) {
                report.mutants[m].shown.other_killers.push_back(id);
            }
        }
    }
    for (const JoinedTest& test : join.tests) {
        if (test.kills_from == "generate" && test.decision != Decision::discarded) {
            for (const std::string& id : test.kills) {
                killers[report.index.at(id)].insert(test.id);
            }
        }
    }
    return killers;
}

/// Each test's only kills (no other running test kills them); returns the mutants some curated test kills.
std::set<std::size_t> find_only_kills(const MutationReport& report,
                                      const std::vector<std::set<std::string>>& killers, Join& join) {
    std::set<std::size_t> shown_mutants;
    for (JoinedTest& test : join.tests) {
        for (const std::string& id : test.kills) {
            const std::size_t m = report.index.at(id);
            shown_mutants.insert(m);
            std::set<std::string> others = killers[m];
            others.erase(test.id);
            if (others.empty()) {
                test.only_kills.push_back(id);
            }
        }
    }
    return shown_mutants;
}

void score(const MutationReport& report, const std::vector<std::set<std::string>>& killers,
           const std::set<std::string>& curated_ids, Join& join) {
    for (std::size_t m = 0; m < report.mutants.size(); ++m) {
        // Valid mutants only: the others count in neither score.
        const mlab::MutantStatus status = report.mutants[m].status;
        mlab::ScoreCounts one;
        one.add(status);
        if (one.valid() == 0) {
            continue;
        }
        const bool timed_out = status == mlab::MutantStatus::Timeout;
        const bool detected = one.detected() > 0 || !killers[m].empty();
        join.with_curated.add(timed_out ? status : detected ? mlab::MutantStatus::Killed : status);
        const bool by_others =
            timed_out || std::any_of(killers[m].begin(), killers[m].end(),
                                     [&](const std::string& id) { return curated_ids.count(id) == 0; });
        join.without_curated.add(timed_out   ? status
                                 : by_others ? mlab::MutantStatus::Killed
                                             : mlab::MutantStatus::Survived);
    }
}

/// Where a decision and the kill matrix disagree, test by test.
void warn_per_test(const MutationReport& report, Join& join) {
    for (const JoinedTest& test : join.tests) {
        if (is_kept(test) && !test.kills_from.empty() && test.kills.empty()) {
            join.warnings.push_back(
                {"kept_kills_nothing", test.id,
                 fmt::format("{} is {} but kills no mutant", test.id, decision_name(test.decision))});
        } else if (is_kept(test) && !test.kills.empty() && test.only_kills.empty()) {
            join.warnings.push_back(
                {"kept_nothing_new", test.id,
                 fmt::format(
                     "{} is {} but kills nothing new: each of its {} mutant{} is also killed by another "
                     "test",
                     test.id, decision_name(test.decision), test.kills.size(),
                     test.kills.size() == 1 ? "" : "s")});
        }
        if (test.decision != Decision::discarded) {
            continue;
        }
        for (const std::string& id : test.only_kills) {
            join.warnings.push_back(
                {"discarded_only_killer", test.id,
                 fmt::format("you discarded {}, the only test that catches the bug at {}", test.id,
                             renderers::where(report.mutants[report.index.at(id)].shown))});
        }
    }
}

/// Two kept tests that kill the same mutants.
void warn_identical_kills(Join& join) {
    for (std::size_t a = 0; a < join.tests.size(); ++a) {
        for (std::size_t b = a + 1; b < join.tests.size(); ++b) {
            const JoinedTest& first = join.tests[a];
            const JoinedTest& second = join.tests[b];
            if (is_kept(first) && is_kept(second) && !first.kills.empty() &&
                std::set<std::string>(first.kills.begin(), first.kills.end()) ==
                    std::set<std::string>(second.kills.begin(), second.kills.end())) {
                join.warnings.push_back(
                    {"identical_kills", second.id,
                     fmt::format("{} and {} are both kept and kill the same {} mutant{}", first.id, second.id,
                                 first.kills.size(), first.kills.size() == 1 ? "" : "s")});
            }
        }
    }
}

}  // namespace

Join join_report(const fs::path& report_file, const std::vector<fs::path>& files,
                 const std::vector<std::string>& shown_names, Ledgers& ledgers) {
    Join join;
    join.report_file = report_file.string();
    MutationReport report = read_mutation_report(report_file);
    join.total_mutants = report.mutants.size();
    join_curated_tests(files, shown_names, ledgers, report, join);
    std::set<std::string> curated_ids;
    for (const JoinedTest& test : join.tests) {
        curated_ids.insert(test.id);
    }
    const std::vector<std::set<std::string>> killers = running_killers(report, join, curated_ids);
    const std::set<std::size_t> shown_mutants = find_only_kills(report, killers, join);
    score(report, killers, curated_ids, join);
    warn_per_test(report, join);
    warn_identical_kills(join);
    for (const std::size_t m : shown_mutants) {
        join.mutants.push_back(report.mutants[m].shown);
    }
    std::stable_sort(join.mutants.begin(), join.mutants.end(),
                     [](const JoinedMutant& a, const JoinedMutant& b) {
                         return std::tie(a.file, a.line) < std::tie(b.file, b.line);
                     });
    return join;
}

}  // namespace curator
