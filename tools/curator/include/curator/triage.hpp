#pragma once
// `curator triage`: asks a model whether each mutant a mutation run left Survived is equivalent (no test
// could tell it from the original), and records each answer beside the report for a person to confirm.
// It never changes the report or its score: a model's judgement alone is wrong too often for that.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "curator/generate.hpp"

namespace curator {

struct TriageOptions {
    std::filesystem::path report;  // mutation-report.json, or the `mutator run --out` folder holding it
    std::filesystem::path out;     // empty: triage.json beside the report
    GenerateOptions model;         // provider, base_url, model, config_file, timeouts, cache, prompts_dir
    unsigned context_lines = 12;   // lines of code shown before and after the mutant
    std::size_t limit = 0;         // ask about at most this many survivors (0: all)
};

/// One survivor and what the model said of it.
struct TriageAnswer {
    std::string id, file, mutator, line_before, line_after;
    unsigned line = 0;
    std::string
        verdict;  // "equivalent", "not equivalent", "unsure", "unclear" (no verdict line) or "not asked"
    std::string reason;
};

struct TriageResult {
    std::vector<TriageAnswer> answers;
    std::filesystem::path written;
    std::string model;  // provider and model, as asked
};

/// The verdict and reason of a reply's first line that starts with EQUIVALENT, NOT EQUIVALENT or UNSURE
/// (any case, Markdown emphasis ignored); "unclear" with the reply's first line otherwise.
std::pair<std::string, std::string> parse_verdict(const std::string& reply);

/// Asks about each Survived mutant of the report, one call each, and writes the answers (JSON, atomically).
/// Throws mlab::InputError for a report that cannot be read or a model that cannot be asked.
TriageResult triage(const TriageOptions& options, const std::function<void(const std::string&)>& progress);

}  // namespace curator
