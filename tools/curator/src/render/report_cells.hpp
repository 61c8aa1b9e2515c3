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
/// "file:line (mutator: description)".
std::string where(const JoinedMutant& mutant);

}  // namespace curator::renderers
