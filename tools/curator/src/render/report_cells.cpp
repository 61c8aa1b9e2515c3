// The cells and lines the renderings of `curator report` share.

#include "render/report_cells.hpp"

#include <fmt/format.h>

#include "mlab/common/text.hpp"

namespace curator::renderers {

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
    const double with = join.with_curated.score();
    const double without = join.without_curated.score();
    return fmt::format(
        "mutation score: {:.1f}% with the curated tests ({} of {}), {:.1f}% without ({} of {}): "
        "{:+.1f} points",
        with, join.with_curated.detected(), join.with_curated.valid(), without,
        join.without_curated.detected(), join.without_curated.valid(), with - without);
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

}  // namespace curator::renderers
