// The funnel's evidence of one test as the one line the output file, review and check show.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "curator/funnel.hpp"

namespace curator {

namespace {

/// "kills ROR <= -> < at src/a.cpp:9, which no existing test kills", or the counts when there are more.
std::string kills_text(const TestEvidence& evidence) {
    if (evidence.kills.empty()) {
        return "kills no mutant";
    }
    if (evidence.unique_kills.empty()) {
        return fmt::format("kills {} mutant{}, all also killed by existing tests", evidence.kills.size(),
                           evidence.kills.size() == 1 ? "" : "s");
    }
    const std::vector<std::string>& labels = evidence.unique_kill_labels;
    if (labels.size() == 1) {
        return fmt::format("kills {}, which no existing test kills", labels.front());
    }
    constexpr std::size_t kNamed = 3;
    std::string named;
    for (std::size_t k = 0; k < labels.size() && k < kNamed; ++k) {
        named += (k == 0 ? "" : ", ") + labels[k];
    }
    if (labels.size() > kNamed) {
        named += fmt::format(" and {} more", labels.size() - kNamed);
    }
    return fmt::format("kills {} mutants no existing test kills ({})", labels.size(), named);
}

}  // namespace

std::string evidence_line(const TestEvidence& evidence) {
    std::vector<std::string> parts;
    switch (evidence.verdict) {
        case Verdict::compile_error:
            return "does not compile: " + evidence.problem;
        case Verdict::link_error:
            return "compiles; " + evidence.problem;
        case Verdict::crashed:
            return "compiles; crashes on the current code: " + evidence.problem;
        case Verdict::timed_out:
            return "compiles; hangs on the current code: " + evidence.problem;
        case Verdict::failed:
            parts.push_back(
                fmt::format("compiles; fails on current code ({}/{} runs): a bug, or a wrong expectation? {}",
                            evidence.runs - evidence.passes, evidence.runs, evidence.problem));
            break;
        case Verdict::flaky:
            parts.push_back(fmt::format("compiles; flaky: passes {}/{}: {}", evidence.passes, evidence.runs,
                                        evidence.problem));
            break;
        case Verdict::passed:
            parts.push_back(fmt::format("compiles; passes {}/{}", evidence.passes, evidence.runs));
            break;
    }
    if (evidence.coverage_measured) {
        const std::size_t lines = evidence.lines_run();
        const std::size_t new_lines = evidence.new_lines_run();
        const char* what = evidence.lines.size() > 1 ? "the source files" : "the source file";
        parts.push_back(lines == 0       ? fmt::format("executes no line of {}", what)
                        : new_lines == 0 ? std::string("covers no line the existing tests miss")
                                         : fmt::format("covers {} line{} the existing tests miss", new_lines,
                                                       new_lines == 1 ? "" : "s"));
    }
    if (evidence.mutation_measured) {
        parts.push_back(kills_text(evidence));
    }
    if (!evidence.duplicate_of.empty()) {
        parts.push_back("same body as existing test " + evidence.duplicate_of);
    }
    if (evidence.repaired_in > 0) {
        parts.push_back(fmt::format("repaired in round {}", evidence.repaired_in));
    } else if (evidence.round > 1) {
        parts.push_back(fmt::format("written in round {}", evidence.round));
    }
    std::string line;
    for (const std::string& part : parts) {
        line += (line.empty() ? "" : "; ") + part;
    }
    return line;
}

}  // namespace curator
