#pragma once
// What running one mutant found out, with the statuses named as the mutation-testing-elements schema
// names them (from the mutant's side).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mutator {

enum class MutantStatus {
    Killed,
    Survived,
    NoCoverage,
    CompileError,
    RuntimeError,
    Timeout,
    Ignored,
    Pending
};

std::string_view status_name(MutantStatus status);
std::optional<MutantStatus> parse_status(std::string_view name);

struct MutantResult {
    MutantStatus status = MutantStatus::Pending;
    std::string reason;                   // why: the killing test's failure, the signal, the compiler error
    std::vector<std::string> killed_by;   // test ids, sorted
    std::vector<std::string> covered_by;  // test ids, sorted
    std::chrono::milliseconds duration{0};
    unsigned tests_completed = 0;
};

/// The score counts: detected = Killed + Timeout, undetected = Survived + NoCoverage.
struct ScoreCounts {
    std::size_t killed = 0, survived = 0, no_coverage = 0, compile_error = 0, runtime_error = 0, timeout = 0,
                ignored = 0, pending = 0;
    void add(MutantStatus status);
    std::size_t detected() const { return killed + timeout; }
    std::size_t valid() const { return killed + timeout + survived + no_coverage; }
    std::size_t total() const;
    /// detected / valid × 100 (0 when there is no valid mutant; see has_score()).
    double score() const;
    bool has_score() const { return valid() > 0; }
};

}  // namespace mutator
