// `curator report` as Markdown: the score, a table of the curated tests, warnings and notes.

#include "curator/join.hpp"

#include <fmt/format.h>

#include "mlab/common/text.hpp"
#include "render/report_cells.hpp"

namespace curator {
using renderers::decision_cell;
using renderers::kills_cell;
using renderers::score_line;

std::string render_join_markdown(const Join& join) {
    auto cell = [](std::string text) { return mlab::replace_all(std::move(text), "|", "\\|"); };
    std::string out = "## Curated tests × mutants\n\n";
    out += score_line(join) + "\n\n";
    out += "| Test | File | Decision | Kills | Only it kills | Reason |\n|---|---|---|---:|---:|---|\n";
    for (const JoinedTest& test : join.tests) {
        out += fmt::format("| `{}` | {}:{} | {} | {} | {} | {} |\n", test.id, cell(test.file), test.line,
                           decision_cell(test), kills_cell(test), test.only_kills.size(), cell(test.reason));
    }
    if (const std::string footnote = renderers::kills_footnote(join); !footnote.empty()) {
        out += "\n\\" + footnote + "\n";
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

}  // namespace curator
