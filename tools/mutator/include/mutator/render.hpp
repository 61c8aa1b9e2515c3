#pragma once
// The formats a stored report renders to, one renderer each, in one table: `mutator report --format`,
// the default outputs of `run` and `merge`, and the docs all come from it.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mlab/common/text.hpp"
#include "mutator/report_view.hpp"

namespace mutator {

struct RenderOptions {
    std::string path_prefix;  // put before file paths in annotations and SARIF (project not at the repo root)
    std::size_t top = 10;     // surviving mutants listed in the Markdown summary
    std::optional<double> break_at;  // the gate in force, when it differs from the report's own
};

struct ReportFormat {
    std::string_view name;       // --format NAME
    std::string_view file_name;  // what `run --reports` writes into the output folder
    std::string_view summary;    // one line for --help and the docs
    std::string (*render)(const nlohmann::ordered_json& report, const RenderOptions& options);
};

std::span<const ReportFormat> report_formats();
const ReportFormat* find_report_format(std::string_view name);
/// "json, html, ..." for messages.
std::string report_format_names();

std::string render_json(const nlohmann::ordered_json& report, const RenderOptions& options);
/// The mutation-testing-elements viewer with the report, in one file that opens offline.
std::string render_html(const nlohmann::ordered_json& report, const RenderOptions& options);
/// Tests × mutants per file, sortable, with the mutants only one test kills; one offline file.
std::string render_matrix(const nlohmann::ordered_json& report, const RenderOptions& options);
std::string render_markdown(const nlohmann::ordered_json& report, const RenderOptions& options);
/// GitHub Actions `::warning` workflow commands, one per surviving or uncovered mutant.
std::string render_github(const nlohmann::ordered_json& report, const RenderOptions& options);
/// SARIF 2.1.0: one rule per mutator, one result per surviving or uncovered mutant.
std::string render_sarif(const nlohmann::ordered_json& report, const RenderOptions& options);

/// `file` under `prefix` (a folder, with or without its final '/'); `file` itself when there is none.
std::string prefixed_path(const std::string& prefix, const std::string& file);

/// One sentence on what a surviving or uncovered mutant means, with its code before and after.
std::string mutant_message(const MutantView& mutant);

/// `text` safe inside a <script> element: every '<' written as \u003c (valid in JSON and JavaScript strings).
std::string script_safe_json(const std::string& json);
using mlab::html_escape;

}  // namespace mutator
