#pragma once
// A mutant's status as the mutation-testing-elements schema names it (from the mutant's side), the counts a
// mutation score is made of, and the thresholds a report is judged by.

#include <cstddef>
#include <optional>
#include <string_view>

namespace mlab {

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

/// The statusReason of an Ignored mutant whose code the compiler makes the same as the original's
/// (mutator run's compiler-equivalence check), and the start of one whose code is another mutant's.
inline constexpr std::string_view kEquivalentReason = "equivalent: the compiler generates the same code";
inline constexpr std::string_view kDuplicateReason = "duplicate: the compiler generates the same code as ";

/// The score counts: detected = Killed + Timeout, undetected = Survived + NoCoverage.
struct ScoreCounts {
    std::size_t killed = 0, survived = 0, no_coverage = 0, compile_error = 0, runtime_error = 0, timeout = 0,
                ignored = 0, pending = 0;
    std::size_t equivalent = 0, duplicate = 0;  // of the ignored, by their statusReason
    void add(MutantStatus status, std::string_view reason = {});
    std::size_t detected() const { return killed + timeout; }
    std::size_t valid() const { return killed + timeout + survived + no_coverage; }
    std::size_t total() const;
    /// detected / valid × 100 (0 when there is no valid mutant; see has_score()).
    double score() const;
    bool has_score() const { return valid() > 0; }
};

/// Where a mutation score counts as good (>= high) or poor (< low) in reports, and the score below which a
/// gate fails (mutator's `--break`).
struct Thresholds {
    int high = 80;
    int low = 60;
    std::optional<double> break_at;
};

}  // namespace mlab
