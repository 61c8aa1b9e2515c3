// The cells and lines the renderings of `curator report` share.

#include "render/report_cells.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

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

namespace {

/// Where two labels are the same, each of them gets `more(i)` appended.
void disambiguate(std::vector<std::string>& labels, const std::function<std::string(std::size_t)>& more) {
    std::map<std::string, std::size_t> count;
    for (const std::string& label : labels) {
        ++count[label];
    }
    std::vector<std::string> out = labels;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (count[labels[i]] > 1) {
            out[i] += more(i);
        }
    }
    labels = std::move(out);
}

}  // namespace

std::vector<std::string> column_labels(const std::vector<JoinedMutant>& mutants) {
    std::vector<std::string> labels;
    for (const JoinedMutant& mutant : mutants) {
        labels.push_back(
            fmt::format("{}:{}", std::filesystem::path(mutant.file).filename().string(), mutant.line));
    }
    disambiguate(labels, [&](std::size_t i) {
        const std::string& mutator = mutants[i].mutator;
        return " " + mutator.substr(0, mutator.find('.'));
    });
    disambiguate(labels, [&](std::size_t i) {
        const std::string& mutator = mutants[i].mutator;
        const std::size_t dot = mutator.find('.');
        return dot == std::string::npos ? std::string() : mutator.substr(dot);
    });
    std::map<std::string, std::size_t> seen;
    disambiguate(labels, [&](std::size_t i) { return fmt::format(" #{}", ++seen[labels[i]]); });
    return labels;
}

std::string kills_footnote(const Join& join) {
    const bool from_generate = std::any_of(join.tests.begin(), join.tests.end(), [](const JoinedTest& test) {
        return test.kills_from == "generate";
    });
    return from_generate ? "* kills from the generate funnel's record (the test did not run in the report)"
                         : "";
}

std::string where(const JoinedMutant& mutant) {
    return fmt::format("{}:{} ({}: {})", mutant.file, mutant.line, mutant.mutator,
                       mlab::shorten(mutant.description, 80));
}

}  // namespace curator::renderers
