// `curator report`: decisions × kill matrix, and its four renderings.

#include "curator/join.hpp"
#include "curator/review.hpp"
#include "curator/sidecar.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

namespace {

/// A report's test id without a parameterised test's "Instance/" prefix and "/N" suffix.
std::string plain_test_id(std::string id) {
    const std::size_t dot = id.find('.');
    const std::size_t slash = id.find('/');
    if (slash != std::string::npos && dot != std::string::npos && slash < dot) {
        id.erase(0, slash + 1);
    }
    const std::size_t last = id.rfind('/');
    if (last != std::string::npos && last > id.find('.')) {
        id.erase(last);
    }
    return id;
}

bool is_detected(const std::string& status) {
    return status == "Killed" || status == "Timeout";
}
bool is_valid(const std::string& status) {
    return is_detected(status) || status == "Survived" || status == "NoCoverage";
}

struct ReportMutant {
    JoinedMutant shown;
    std::vector<std::string> killed_by;
};

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

std::string list_of(const std::vector<std::string>& items, std::size_t limit) {
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
        out += (i == 0 ? "" : ", ") + items[i];
    }
    if (items.size() > limit) {
        out += fmt::format(" and {} more", items.size() - limit);
    }
    return out;
}

std::string where(const JoinedMutant& mutant) {
    return fmt::format("{}:{} ({}: {})", mutant.file, mutant.line, mutant.mutator,
                       mlab::shorten(mutant.description, 80));
}

}  // namespace

Join join_report(const fs::path& report_file, const std::vector<fs::path>& files,
                 const std::vector<std::string>& shown_names, Ledgers& ledgers) {
    Join join;
    join.report_file = report_file.string();
    ordered_json report;
    try {
        report = ordered_json::parse(mlab::read_file(report_file));
    } catch (const nlohmann::json::parse_error& error) {
        throw mlab::InputError(fmt::format("{}: not JSON: {}", report_file.string(), error.what()));
    }
    if (!report.is_object() || !report.contains("files") || !report["files"].is_object()) {
        throw mlab::InputError(
            fmt::format("{}: not a mutation report (no \"files\" object)", report_file.string()));
    }

    // The kill matrix, and every test id the report knows.
    std::vector<ReportMutant> mutants;
    std::set<std::string> report_tests;
    for (const auto& [file, entry] : report["files"].items()) {
        for (const ordered_json& mutant : entry.value("mutants", ordered_json::array())) {
            ReportMutant row;
            row.shown.id = mutant.value("id", "");
            row.shown.file = file;
            row.shown.line = mutant.contains("location") ? mutant["location"]["start"].value("line", 0U) : 0U;
            row.shown.mutator = mutant.value("mutatorName", "");
            row.shown.description = mutant.value("description", row.shown.mutator);
            row.shown.status = mutant.value("status", "");
            for (const char* field : {"killedBy", "coveredBy"}) {
                for (const ordered_json& test : mutant.value(field, ordered_json::array())) {
                    const std::string id = plain_test_id(test.get<std::string>());
                    report_tests.insert(id);
                    if (std::string_view(field) == "killedBy") {
                        row.killed_by.push_back(id);
                    }
                }
            }
            mutants.push_back(std::move(row));
        }
    }
    const ordered_json test_files = report.value("testFiles", ordered_json::object());
    for (const auto& [file, entry] : test_files.items()) {
        for (const ordered_json& test : entry.value("tests", ordered_json::array())) {
            report_tests.insert(plain_test_id(test.value("id", "")));
        }
    }
    join.total_mutants = mutants.size();
    std::map<std::string, std::size_t> mutant_index;
    for (std::size_t m = 0; m < mutants.size(); ++m) {
        mutant_index.emplace(mutants[m].shown.id, m);
    }

    // The curated tests and their kills.
    std::set<std::string> curated_ids;
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
            const bool runs = !test.commented_out;
            if (runs && report_tests.count(joined.id) != 0) {
                joined.kills_from = "report";
                for (const ReportMutant& mutant : mutants) {
                    if (std::find(mutant.killed_by.begin(), mutant.killed_by.end(), joined.id) !=
                        mutant.killed_by.end()) {
                        joined.kills.push_back(mutant.shown.id);
                    }
                }
            } else if (const auto found = recorded.find(joined.id); found != recorded.end()) {
                joined.kills_from = "generate";
                std::size_t unknown = 0;
                for (const std::string& id : found->second) {
                    if (mutant_index.count(id) != 0) {
                        joined.kills.push_back(id);
                    } else {
                        ++unknown;
                    }
                }
                if (unknown > 0) {
                    join.notes.push_back(
                        fmt::format("{}: {} of the mutants its generate run killed are not in "
                                    "the report (the code changed since?)",
                                    joined.id, unknown));
                }
                live_not_run += runs ? 1 : 0;
            } else {
                join.notes.push_back(
                    fmt::format("{}: no kill data (not in the report, no funnel record)", joined.id));
            }
            curated_ids.insert(joined.id);
            join.tests.push_back(std::move(joined));
        }
    }

    if (live_not_run > 0) {
        join.notes.push_back(
            fmt::format("{} live test{} did not run in the report (not built into its suite?); "
                        "their kills come from the generate funnel's record",
                        live_not_run, live_not_run == 1 ? "" : "s"));
    }

    // Who kills each mutant among the tests that run: the report's tests plus kept tests known only from
    // the funnel's record. Discarded tests do not run.
    std::vector<std::set<std::string>> running_killers(mutants.size());
    for (std::size_t m = 0; m < mutants.size(); ++m) {
        for (const std::string& id : mutants[m].killed_by) {
            running_killers[m].insert(id);
            if (curated_ids.count(id) == 0) {
                mutants[m].shown.other_killers.push_back(id);
            }
        }
    }
    for (const JoinedTest& test : join.tests) {
        if (test.kills_from == "generate" && test.decision != Decision::discarded) {
            for (const std::string& id : test.kills) {
                running_killers[mutant_index.at(id)].insert(test.id);
            }
        }
    }
    std::set<std::size_t> shown_mutants;
    for (JoinedTest& test : join.tests) {
        for (const std::string& id : test.kills) {
            const std::size_t m = mutant_index.at(id);
            shown_mutants.insert(m);
            std::set<std::string> others = running_killers[m];
            others.erase(test.id);
            if (others.empty()) {
                test.only_kills.push_back(id);
            }
        }
    }

    // Scores.
    for (std::size_t m = 0; m < mutants.size(); ++m) {
        const std::string& status = mutants[m].shown.status;
        if (!is_valid(status)) {
            continue;
        }
        ++join.with_curated.valid;
        ++join.without_curated.valid;
        const bool detected = is_detected(status) || !running_killers[m].empty();
        join.with_curated.detected += detected ? 1 : 0;
        const bool by_others = status == "Timeout" ||
                               std::any_of(running_killers[m].begin(), running_killers[m].end(),
                                           [&](const std::string& id) { return curated_ids.count(id) == 0; });
        join.without_curated.detected += by_others ? 1 : 0;
    }

    // Warnings.
    for (const JoinedTest& test : join.tests) {
        const bool kept = test.decision == Decision::kept || test.decision == Decision::fixed;
        if (kept && !test.kills_from.empty() && test.kills.empty()) {
            join.warnings.push_back(
                {"kept_kills_nothing", test.id,
                 fmt::format("{} is {} but kills no mutant", test.id, decision_name(test.decision))});
        } else if (kept && !test.kills.empty() && test.only_kills.empty()) {
            join.warnings.push_back(
                {"kept_nothing_new", test.id,
                 fmt::format(
                     "{} is {} but kills nothing new: each of its {} mutant{} is also killed by another "
                     "test",
                     test.id, decision_name(test.decision), test.kills.size(),
                     test.kills.size() == 1 ? "" : "s")});
        }
        if (test.decision == Decision::discarded) {
            for (const std::string& id : test.only_kills) {
                join.warnings.push_back(
                    {"discarded_only_killer", test.id,
                     fmt::format("you discarded {}, the only test that catches the bug at {}", test.id,
                                 where(mutants[mutant_index.at(id)].shown))});
            }
        }
    }
    for (std::size_t a = 0; a < join.tests.size(); ++a) {
        for (std::size_t b = a + 1; b < join.tests.size(); ++b) {
            const JoinedTest& first = join.tests[a];
            const JoinedTest& second = join.tests[b];
            auto kept = [](const JoinedTest& test) {
                return test.decision == Decision::kept || test.decision == Decision::fixed;
            };
            if (kept(first) && kept(second) && !first.kills.empty() &&
                std::set<std::string>(first.kills.begin(), first.kills.end()) ==
                    std::set<std::string>(second.kills.begin(), second.kills.end())) {
                join.warnings.push_back(
                    {"identical_kills", second.id,
                     fmt::format("{} and {} are both kept and kill the same {} mutant{}", first.id, second.id,
                                 first.kills.size(), first.kills.size() == 1 ? "" : "s")});
            }
        }
    }
    for (const std::size_t m : shown_mutants) {
        join.mutants.push_back(mutants[m].shown);
    }
    std::stable_sort(join.mutants.begin(), join.mutants.end(),
                     [](const JoinedMutant& a, const JoinedMutant& b) {
                         return std::tie(a.file, a.line) < std::tie(b.file, b.line);
                     });
    return join;
}

namespace {

std::string decision_cell(const JoinedTest& test) {
    std::string out(test.decision == Decision::pending || test.decision == Decision::none
                        ? decision_name(test.decision)
                        : decision_keyword(test.decision));
    return test.stale ? out + " (stale)" : out;
}

std::string kills_cell(const JoinedTest& test) {
    if (test.kills_from.empty()) {
        return "?";
    }
    return std::to_string(test.kills.size()) + (test.kills_from == "generate" ? "*" : "");
}

std::string score_line(const Join& join) {
    const double with = join.with_curated.percent();
    const double without = join.without_curated.percent();
    return fmt::format(
        "mutation score: {:.1f}% with the curated tests ({} of {}), {:.1f}% without ({} of {}): "
        "{:+.1f} points",
        with, join.with_curated.detected, join.with_curated.valid, without, join.without_curated.detected,
        join.without_curated.valid, with - without);
}

}  // namespace

std::string render_join_text(const Join& join) {
    std::size_t width = 4;
    for (const JoinedTest& test : join.tests) {
        width = std::max(width, test.id.size());
    }
    std::string out = fmt::format("{:<{}}  {:<17}  {:>5}  {:>7}  {}\n", "TEST", width, "DECISION", "KILLS",
                                  "ONLY IT", "REASON");
    bool from_generate = false;
    for (const JoinedTest& test : join.tests) {
        from_generate = from_generate || test.kills_from == "generate";
        out += fmt::format("{:<{}}  {:<17}  {:>5}  {:>7}  {}\n", test.id, width, decision_cell(test),
                           kills_cell(test), test.only_kills.size(), mlab::shorten(test.reason, 60));
    }
    if (from_generate) {
        out += "* kills from the generate funnel's record (the test did not run in the report)\n";
    }
    for (const JoinWarning& warning : join.warnings) {
        out += "warning: " + warning.message + "\n";
    }
    for (const std::string& note : join.notes) {
        out += "note: " + note + "\n";
    }
    out += score_line(join) + "\n";
    return out;
}

std::string render_join_markdown(const Join& join) {
    auto cell = [](std::string text) { return mlab::replace_all(std::move(text), "|", "\\|"); };
    std::string out = "## Curated tests × mutants\n\n";
    out += score_line(join) + "\n\n";
    out += "| Test | File | Decision | Kills | Only it kills | Reason |\n|---|---|---|---:|---:|---|\n";
    for (const JoinedTest& test : join.tests) {
        out += fmt::format("| `{}` | {}:{} | {} | {} | {} | {} |\n", test.id, cell(test.file), test.line,
                           decision_cell(test), kills_cell(test), test.only_kills.size(), cell(test.reason));
    }
    if (std::any_of(join.tests.begin(), join.tests.end(),
                    [](const JoinedTest& test) { return test.kills_from == "generate"; })) {
        out += "\n\\* kills from the generate funnel's record (the test did not run in the report)\n";
    }
    if (!join.warnings.empty()) {
        out += "\n### Warnings\n\n";
        for (const JoinWarning& warning : join.warnings) {
            out += "- " + cell(warning.message) + "\n";
        }
    }
    if (!join.notes.empty()) {
        out += "\n### Notes\n\n";
        for (const std::string& note : join.notes) {
            out += "- " + cell(note) + "\n";
        }
    }
    return out;
}

ordered_json render_join_json(const Join& join) {
    ordered_json out{{"curator", "report"},
                     {"version", 1},
                     {"mutation_report", join.report_file},
                     {"mutants", join.total_mutants},
                     {"score",
                      {{"with_curated",
                        {{"detected", join.with_curated.detected},
                         {"valid", join.with_curated.valid},
                         {"percent", join.with_curated.percent()}}},
                       {"without_curated",
                        {{"detected", join.without_curated.detected},
                         {"valid", join.without_curated.valid},
                         {"percent", join.without_curated.percent()}}}}},
                     {"tests", ordered_json::array()},
                     {"killed_mutants", ordered_json::array()},
                     {"warnings", ordered_json::array()},
                     {"notes", join.notes}};
    for (const JoinedTest& test : join.tests) {
        out["tests"].push_back(
            {{"file", test.file},
             {"test", test.id},
             {"line", test.line},
             {"decision", decision_name(test.decision)},
             {"reason", test.reason},
             {"stale", test.stale},
             {"kills_from", test.kills_from.empty() ? ordered_json() : ordered_json(test.kills_from)},
             {"kills", test.kills},
             {"only_kills", test.only_kills}});
    }
    for (const JoinedMutant& mutant : join.mutants) {
        out["killed_mutants"].push_back({{"id", mutant.id},
                                         {"file", mutant.file},
                                         {"line", mutant.line},
                                         {"mutator", mutant.mutator},
                                         {"description", mutant.description},
                                         {"status", mutant.status},
                                         {"other_killers", mutant.other_killers}});
    }
    for (const JoinWarning& warning : join.warnings) {
        out["warnings"].push_back(
            {{"kind", warning.kind}, {"test", warning.test}, {"message", warning.message}});
    }
    return out;
}

std::string render_join_html(const Join& join) {
    using mlab::html_escape;
    std::string out = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Curated tests × mutants</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1f24}
table{border-collapse:collapse}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;font-size:.85rem;text-align:left}
.heat td.c{width:1.1rem;height:1.1rem;padding:0}
.heat th.m{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;font-family:monospace}
.kept{background:#2da44e}.fixed{background:#0969da}.discarded{background:#cf222e}
.pending,.none{background:#9a6700}.other{background:#8c959f}
.badge{color:#fff;border-radius:.3rem;padding:0 .35rem}
.warn{color:#9a6700}
</style></head><body>
<h1>Curated tests × mutants</h1>
)";
    out += "<p id=\"score\">" + html_escape(score_line(join)) + "</p>\n";
    out += "<p>Report: <code>" + html_escape(join.report_file) +
           "</code>. A filled cell: the test kills the mutant, "
           "coloured by the test's decision (<span class=\"badge kept\">KEPT</span> <span class=\"badge "
           "fixed\">FIXED</span> <span class=\"badge discarded\">DISCARDED</span> <span class=\"badge "
           "pending\">pending</span>); the last row: other tests of the suite that kill it too.</p>\n";
    if (!join.warnings.empty()) {
        out += "<ul id=\"warnings\">\n";
        for (const JoinWarning& warning : join.warnings) {
            out += "<li class=\"warn\" data-kind=\"" + warning.kind + "\">" + html_escape(warning.message) +
                   "</li>\n";
        }
        out += "</ul>\n";
    }
    out += "<table class=\"heat\" id=\"heatmap\"><thead><tr><th>Test</th><th>Decision</th>";
    for (const JoinedMutant& mutant : join.mutants) {
        out += fmt::format("<th class=\"m\" title=\"{}\">{}:{}</th>", html_escape(where(mutant)),
                           html_escape(fs::path(mutant.file).filename().string()), mutant.line);
    }
    out += "</tr></thead><tbody>\n";
    for (const JoinedTest& test : join.tests) {
        const std::string decision(decision_name(test.decision));
        out += fmt::format(
            "<tr data-test=\"{}\"><th title=\"{}\">{}</th><td><span class=\"badge {}\">{}</span></td>",
            html_escape(test.id), html_escape(test.reason), html_escape(test.id), decision,
            html_escape(decision_cell(test)));
        for (const JoinedMutant& mutant : join.mutants) {
            const bool kills = std::find(test.kills.begin(), test.kills.end(), mutant.id) != test.kills.end();
            const bool only =
                std::find(test.only_kills.begin(), test.only_kills.end(), mutant.id) != test.only_kills.end();
            out += kills ? fmt::format("<td class=\"c {}\" title=\"{} kills {}{}\">{}</td>", decision,
                                       html_escape(test.id), html_escape(mutant.id), only ? " (only it)" : "",
                                       only ? "&#9733;" : "")
                         : "<td class=\"c\"></td>";
        }
        out += "</tr>\n";
    }
    out += "<tr data-test=\"\"><th>other tests</th><td></td>";
    for (const JoinedMutant& mutant : join.mutants) {
        out += mutant.other_killers.empty() ? std::string("<td class=\"c\"></td>")
                                            : fmt::format("<td class=\"c other\" title=\"{}\"></td>",
                                                          html_escape(list_of(mutant.other_killers, 5)));
    }
    out += "</tr>\n</tbody></table>\n<p>&#9733; = no other running test kills this mutant.</p>\n";
    out +=
        "<h2>Decisions</h2>\n<table "
        "id=\"decisions\"><tr><th>Test</th><th>File</th><th>Decision</th><th>Kills</th>"
        "<th>Only it kills</th><th>Reason</th></tr>\n";
    for (const JoinedTest& test : join.tests) {
        out += fmt::format(
            "<tr><td><code>{}</code></td><td>{}:{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            html_escape(test.id), html_escape(test.file), test.line, html_escape(decision_cell(test)),
            kills_cell(test), test.only_kills.size(), html_escape(test.reason));
    }
    out += "</table>\n";
    for (const std::string& note : join.notes) {
        out += "<p class=\"note\">" + html_escape(note) + "</p>\n";
    }
    out += "</body></html>\n";
    return out;
}

}  // namespace curator
