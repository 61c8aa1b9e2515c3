// `curator report` as text for the terminal: a table of the curated tests, then warnings, notes and the
// mutation score with and without them.

#include "curator/join.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mlab/common/text.hpp"
#include "render/report_cells.hpp"

namespace curator {
using renderers::decision_cell;
using renderers::kills_cell;
using renderers::score_line;

std::string render_join_text(const Join& join) {
    std::size_t width = 4;
    for (const JoinedTest& test : join.tests) {
        width = std::max(width, test.id.size());
    }
    std::string out = fmt::format("{:<{}}  {:<17}  {:>5}  {:>7}  {}\n", "TEST", width, "DECISION", "KILLS",
                                  "ONLY IT", "REASON");
    for (const JoinedTest& test : join.tests) {
        out += fmt::format("{:<{}}  {:<17}  {:>5}  {:>7}  {}\n", test.id, width, decision_cell(test),
                           kills_cell(test), test.only_kills.size(), mlab::shorten(test.reason, 60));
    }
    if (const std::string footnote = renderers::kills_footnote(join); !footnote.empty()) {
        out += footnote + "\n";
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

}  // namespace curator
