// The Markdown summary: what a CI job appends to $GITHUB_STEP_SUMMARY or posts on a merge request.
// Deterministic (no times), so the same report always gives the same text.

#include <fmt/format.h>
#include <algorithm>

#include "mutator/render.hpp"

namespace mutator {
namespace {

// Text inside a table cell: no line breaks, no column separators.
std::string cell(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n' || c == '\r') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

// The longest run of backticks in `text`: a code span or fence around it needs one more.
std::size_t longest_backtick_run(std::string_view text) {
    std::size_t longest = 0, run = 0;
    for (const char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

// Inline code that survives any backticks inside it.
std::string code(std::string_view text) {
    const std::string fence(longest_backtick_run(text) + 1, '`');
    const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
    return fence + (pad ? " " : "") + std::string(text) + (pad ? " " : "") + fence;
}

// A ``` fence for a block holding both lines.
std::string fence_for(std::string_view a, std::string_view b) {
    const std::size_t longest = std::max(longest_backtick_run(a), longest_backtick_run(b));
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string verdict(const ScoreCounts& counts, const Thresholds& thresholds, std::optional<double> break_at) {
    if (!counts.has_score()) {
        return "No mutant could be judged (none was killed, survived or left uncovered), so there is no "
               "score.";
    }
    const double score = counts.score();
    std::string text;
    if (score >= thresholds.high) {
        text = fmt::format("🟢 At or above the high threshold ({}%).", thresholds.high);
    } else if (score >= thresholds.low) {
        text = fmt::format("🟡 Between the low ({}%) and high ({}%) thresholds.", thresholds.low,
                           thresholds.high);
    } else {
        text = fmt::format("🔴 Below the low threshold ({}%).", thresholds.low);
    }
    if (break_at) {
        text += score < *break_at ? fmt::format(" **Fails** the break threshold ({:g}%).", *break_at)
                                  : fmt::format(" Passes the break threshold ({:g}%).", *break_at);
    }
    return text;
}

}  // namespace

std::string render_markdown(const nlohmann::ordered_json& report, const RenderOptions& options) {
    const ReportView view = view_report(report);
    const ScoreCounts& counts = view.counts;
    const std::optional<double> break_at = options.break_at ? options.break_at : view.thresholds.break_at;
    std::string out = fmt::format("## Mutation score{}: {}\n\n",
                                  view.project.empty() ? "" : " of " + view.project, score_text(counts));
    out += fmt::format("{} of {} mutants detected. {}\n\n", counts.detected(), counts.valid(),
                       verdict(counts, view.thresholds, break_at));
    out +=
        "| Killed | Timeout | Survived | No coverage | Compile error | Runtime error | Ignored | Total |\n";
    out += "|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n\n", counts.killed, counts.timeout,
                       counts.survived, counts.no_coverage, counts.compile_error, counts.runtime_error,
                       counts.ignored, counts.total());
    if (counts.equivalent + counts.duplicate > 0) {
        out += fmt::format(
            "Of the ignored, {} equivalent and {} duplicate{}: the compiler generates the same code as the "
            "original (or as another survivor), so no test can tell them apart; they are not in the "
            "score.\n\n",
            counts.equivalent, counts.duplicate, counts.duplicate == 1 ? "" : "s");
    }
    if (!view.files.empty()) {
        out += "### By file\n\n";
        out += "| File | Score | Killed | Timeout | Survived | No coverage | Not judged |\n";
        out += "|---|---:|---:|---:|---:|---:|---:|\n";
        for (const FileView& file : view.files) {
            const ScoreCounts& c = file.counts;
            out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", cell(code(file.path)), score_text(c),
                               c.killed, c.timeout, c.survived, c.no_coverage, c.total() - c.valid());
        }
        out += "\n";
    }
    const std::vector<const MutantView*> undetected = view.undetected();
    if (!undetected.empty()) {
        const std::size_t shown = std::min(options.top, undetected.size());
        out += shown == undetected.size()
                   ? fmt::format("### Surviving mutants ({})\n\n", undetected.size())
                   : fmt::format("### Surviving mutants (the first {} of {})\n\n", shown, undetected.size());
        out += "Each is a change to the code that no test notices: a test that fails on it is missing.\n\n";
        for (std::size_t i = 0; i < shown; ++i) {
            const MutantView& mutant = *undetected[i];
            out += fmt::format(
                "{}. {} {} — {}{}\n", i + 1,
                code(fmt::format("{}:{}:{}", mutant.file, mutant.line, mutant.column)), code(mutant.mutator),
                mutant.status == MutantStatus::Survived ? "survived" : "no test reaches it",
                mutant.covered_by.empty() ? ""
                                          : fmt::format(" ({} test{} run{} it)", mutant.covered_by.size(),
                                                        mutant.covered_by.size() == 1 ? "" : "s",
                                                        mutant.covered_by.size() == 1 ? "s" : ""));
            const std::string fence = fence_for(mutant.line_before, mutant.line_after);
            const std::string indent(std::to_string(i + 1).size() + 2, ' ');  // under the item's text
            out += fmt::format("{0}{1}diff\n{0}- {2}\n{0}+ {3}\n{0}{1}\n", indent, fence, mutant.line_before,
                               mutant.line_after);
        }
        if (shown < undetected.size()) {
            out += fmt::format("\n…and {} more: see the HTML report.\n", undetected.size() - shown);
        }
    }
    return out;
}

}  // namespace mutator
