#include <algorithm>

#include "mutator/render.hpp"

namespace mutator {
namespace {

constexpr ReportFormat kFormats[] = {
    {"json", "mutation-report.json", "the mutation-testing-elements report (schema 2) with the kill matrix",
     render_json},
    {"html", "mutation-report.html", "the mutation-testing-elements viewer, one file that opens offline",
     render_html},
    {"matrix", "kill-matrix.html", "tests x mutants: which test kills which mutant, one offline file",
     render_matrix},
    {"markdown", "mutation-report.md", "a summary for $GITHUB_STEP_SUMMARY or a merge request",
     render_markdown},
    {"github", "mutation-annotations.txt", "GitHub Actions ::warning annotations for surviving mutants",
     render_github},
    {"sarif", "mutation-report.sarif", "SARIF 2.1.0 for code scanning, one result per surviving mutant",
     render_sarif},
};

}  // namespace

std::span<const ReportFormat> report_formats() {
    return kFormats;
}

const ReportFormat* find_report_format(std::string_view name) {
    const auto it = std::find_if(std::begin(kFormats), std::end(kFormats),
                                 [&](const ReportFormat& format) { return format.name == name; });
    return it == std::end(kFormats) ? nullptr : &*it;
}

std::string report_format_names() {
    std::string names;
    for (const ReportFormat& format : kFormats) {
        names += (names.empty() ? "" : ", ") + std::string(format.name);
    }
    return names;
}

std::string render_json(const nlohmann::ordered_json& report, const RenderOptions& /*options*/) {
    return report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string prefixed_path(const std::string& prefix, const std::string& file) {
    if (prefix.empty()) {
        return file;
    }
    return prefix.back() == '/' ? prefix + file : prefix + "/" + file;
}

std::string script_safe_json(const std::string& json) {
    std::string out;
    out.reserve(json.size());
    for (const char c : json) {
        if (c == '<') {
            out += "\\u003c";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace mutator
