// GitHub Actions workflow commands: one `::warning` per surviving or uncovered mutant, shown on the
// changed lines of a pull request and in the run's summary.

#include <fmt/format.h>

#include "mutator/render.hpp"

namespace mutator {
namespace {

// The escaping the Actions runner undoes: data escapes %, CR and LF; properties also ':' and ','.
std::string escape_data(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '%':
                out += "%25";
                break;
            case '\r':
                out += "%0D";
                break;
            case '\n':
                out += "%0A";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string escape_property(std::string_view text) {
    std::string out;
    for (const char c : escape_data(text)) {
        switch (c) {
            case ':':
                out += "%3A";
                break;
            case ',':
                out += "%2C";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

std::string mutant_message(const MutantView& mutant) {
    if (mutant.status == MutantStatus::NoCoverage) {
        return fmt::format("No test runs this code: `{}` could become `{}` unnoticed ({}).",
                           mutant.line_before, mutant.line_after, mutant.description);
    }
    return fmt::format("Every test still passes when `{}` becomes `{}` ({}; {} test{} ran it).",
                       mutant.line_before, mutant.line_after, mutant.description, mutant.covered_by.size(),
                       mutant.covered_by.size() == 1 ? "" : "s");
}

std::string render_github(const nlohmann::ordered_json& report, const RenderOptions& options) {
    const ReportView view = view_report(report);
    std::string out;
    for (const MutantView* mutant : view.undetected()) {
        // The runner's endColumn is the last column of the annotation; the report's end is exclusive.
        const unsigned end_column = mutant->end_line == mutant->line
                                        ? std::max(mutant->column, mutant->end_column - 1)
                                        : std::max(1U, mutant->end_column - 1);
        const std::string title =
            fmt::format("{} mutant {}", mutant->status == MutantStatus::Survived ? "Surviving" : "Uncovered",
                        mutant->mutator);
        out += fmt::format("::warning file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                           escape_property(prefixed_path(options.path_prefix, mutant->file)), mutant->line,
                           mutant->column, mutant->end_line, end_column, escape_property(title),
                           escape_data(mutant_message(*mutant)));
    }
    return out;
}

}  // namespace mutator
