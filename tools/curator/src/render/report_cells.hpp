#pragma once
// The cells and lines the renderings of `curator report` share (internal to curator_lib).

#include <cstddef>
#include <string>
#include <vector>

#include "curator/join.hpp"

namespace curator::renderers {

/// The decision as the tables show it: "KEPT", "pending", ..., with " (stale)" when it is.
std::string decision_cell(const JoinedTest& test);
/// The number of mutants it kills, "*" when they come from the generate funnel's record, "?" when unknown.
std::string kills_cell(const JoinedTest& test);
/// "mutation score: 81.0% with the curated tests (…), 75.0% without (…): +6.0 points".
std::string score_line(const Join& join);
/// The first `limit` items, then "and N more".
std::string list_of(const std::vector<std::string>& items, std::size_t limit);
/// The heatmap's column label of each mutant: `file:line`, with the mutator's family (`ROR`), then its
/// whole name, then a number added where mutants would share a label.
std::vector<std::string> column_labels(const std::vector<JoinedMutant>& mutants);
/// The footnote that explains the "*" of kills_cell, when a test's kills come from the generate record;
/// empty otherwise.
std::string kills_footnote(const Join& join);
/// "file:line (mutator: description)".
std::string where(const JoinedMutant& mutant);

}  // namespace curator::renderers
