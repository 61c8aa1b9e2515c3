// The funnel's evidence of one test as the one line the output file, review and check show.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "curator/funnel.hpp"

namespace curator {

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
        parts.push_back(evidence.lines.empty() ? std::string("executes no line of the source file")
                        : evidence.new_lines.empty()
                            ? std::string("covers no line the existing tests miss")
                            : fmt::format("covers {} line{} the existing tests miss",
                                          evidence.new_lines.size(),
                                          evidence.new_lines.size() == 1 ? "" : "s"));
    }
    if (evidence.mutation_measured) {
        if (evidence.kills.empty()) {
            parts.push_back("kills no mutant");
        } else if (evidence.unique_kills.empty()) {
            parts.push_back(fmt::format("kills {} mutant{}, all also killed by existing tests",
                                        evidence.kills.size(), evidence.kills.size() == 1 ? "" : "s"));
        } else {
            parts.push_back(fmt::format("kills {} mutant{} the existing tests miss",
                                        evidence.unique_kills.size(),
                                        evidence.unique_kills.size() == 1 ? "" : "s"));
        }
    }
    if (!evidence.duplicate_of.empty()) {
        parts.push_back("same body as existing test " + evidence.duplicate_of);
    }
    std::string line;
    for (const std::string& part : parts) {
        line += (line.empty() ? "" : "; ") + part;
    }
    return line;
}

}  // namespace curator
