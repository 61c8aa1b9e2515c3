#pragma once
// What running one mutant found out, with the statuses named as the mutation-testing-elements schema
// names them (from the mutant's side).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mlab/report/status.hpp"

namespace mutator {

using mlab::MutantStatus;
using mlab::parse_status;
using mlab::ScoreCounts;
using mlab::status_name;

struct MutantResult {
    MutantStatus status = MutantStatus::Pending;
    std::string reason;                   // why: the killing test's failure, the signal, the compiler error
    std::vector<std::string> killed_by;   // test ids, sorted
    std::vector<std::string> covered_by;  // test ids, sorted
    std::chrono::milliseconds duration{0};
    unsigned tests_completed = 0;
    /// A hash of the code the compiler-equivalence check compiled for a survivor (not stored: judged on
    /// every run), so `mutator merge` finds the duplicates among shards as one run finds them.
    std::string code;
};

}  // namespace mutator
