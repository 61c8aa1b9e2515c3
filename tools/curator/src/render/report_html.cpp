// `curator report` as a self-contained HTML page: the score, warnings, a tests × mutants heatmap coloured
// by decision, and the decisions table.

#include "curator/join.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mlab/common/text.hpp"
#include "render/report_cells.hpp"

namespace curator {
using renderers::decision_cell;
using renderers::kills_cell;
using renderers::list_of;
using renderers::score_line;
using renderers::where;

namespace {
using mlab::html_escape;

constexpr const char* kHead = R"(<!DOCTYPE html>
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

std::string warnings_list(const Join& join) {
    if (join.warnings.empty()) {
        return "";
    }
    std::string out = "<ul id=\"warnings\">\n";
    for (const JoinWarning& warning : join.warnings) {
        out += "<li class=\"warn\" data-kind=\"" + warning.kind + "\">" + html_escape(warning.message) +
               "</li>\n";
    }
    return out + "</ul>\n";
}

/// One test's row of the heatmap: a filled cell per mutant it kills, a star where only it does.
std::string heatmap_row(const Join& join, const JoinedTest& test) {
    const std::string decision(decision_name(test.decision));
    std::string out = fmt::format(
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
    return out + "</tr>\n";
}

/// Tests × mutants, and a last row for the other tests of the suite that kill each mutant.
std::string heatmap(const Join& join) {
    std::string out = "<table class=\"heat\" id=\"heatmap\"><thead><tr><th>Test</th><th>Decision</th>";
    const std::vector<std::string> labels = renderers::column_labels(join.mutants);
    for (std::size_t m = 0; m < join.mutants.size(); ++m) {
        out += fmt::format("<th class=\"m\" title=\"{}\">{}</th>", html_escape(where(join.mutants[m])),
                           html_escape(labels[m]));
    }
    out += "</tr></thead><tbody>\n";
    for (const JoinedTest& test : join.tests) {
        out += heatmap_row(join, test);
    }
    out += "<tr data-test=\"\"><th>other tests</th><td></td>";
    for (const JoinedMutant& mutant : join.mutants) {
        out += mutant.other_killers.empty() ? std::string("<td class=\"c\"></td>")
                                            : fmt::format("<td class=\"c other\" title=\"{}\"></td>",
                                                          html_escape(list_of(mutant.other_killers, 5)));
    }
    return out + "</tr>\n</tbody></table>\n<p>&#9733; = no other running test kills this mutant.</p>\n";
}

std::string decisions_table(const Join& join) {
    std::string out =
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
    if (const std::string footnote = renderers::kills_footnote(join); !footnote.empty()) {
        out += "<p id=\"kills-footnote\">" + html_escape(footnote) + "</p>\n";
    }
    return out;
}

}  // namespace

std::string render_join_html(const Join& join) {
    std::string out = kHead;
    out += "<p id=\"score\">" + html_escape(score_line(join)) + "</p>\n";
    out += "<p>Report: <code>" + html_escape(join.report_file) +
           "</code>. A filled cell: the test kills the mutant, "
           "coloured by the test's decision (<span class=\"badge kept\">KEPT</span> <span class=\"badge "
           "fixed\">FIXED</span> <span class=\"badge discarded\">DISCARDED</span> <span class=\"badge "
           "pending\">pending</span>); the last row: other tests of the suite that kill it too.</p>\n";
    out += warnings_list(join);
    out += heatmap(join);
    out += decisions_table(join);
    for (const std::string& note : join.notes) {
        out += "<p class=\"note\">" + html_escape(note) + "</p>\n";
    }
    out += "</body></html>\n";
    return out;
}

}  // namespace curator
