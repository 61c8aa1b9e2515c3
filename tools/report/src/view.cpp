#include "mlab/report/view.hpp"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include <fmt/format.h>

#include "mlab/common/text.hpp"

namespace mlab {
namespace {
using ordered_json = nlohmann::ordered_json;

std::vector<std::string> strings_at(const ordered_json& mutant, const char* key) {
    return mutant.contains(key) ? mutant[key].get<std::vector<std::string>>() : std::vector<std::string>{};
}

// Byte offset of a 1-based line and column in `source`, clamped to the text.
std::size_t offset_of(std::string_view source, unsigned line, unsigned column) {
    std::size_t offset = 0;
    for (unsigned current = 1; current < line && offset < source.size(); ++current) {
        const std::size_t newline = source.find('\n', offset);
        if (newline == std::string_view::npos) {
            return source.size();
        }
        offset = newline + 1;
    }
    std::size_t line_end = source.find('\n', offset);
    if (line_end == std::string_view::npos) {
        line_end = source.size();
    }
    return std::min(line_end, offset + (column > 0 ? column - 1 : 0));  // never past its own line
}

// The original text, and the whole lines around it before and after the replacement.
void fill_code(MutantView& mutant, std::string_view source) {
    const std::size_t begin = offset_of(source, mutant.line, mutant.column);
    const std::size_t end = std::max(begin, offset_of(source, mutant.end_line, mutant.end_column));
    mutant.original = std::string(source.substr(begin, end - begin));
    const std::size_t line_begin = source.rfind('\n', begin == 0 ? 0 : begin - 1);
    const std::size_t first = begin == 0 || line_begin == std::string_view::npos ? 0 : line_begin + 1;
    std::size_t last = source.find('\n', end);
    if (last == std::string_view::npos) {
        last = source.size();
    }
    const std::string_view head = source.substr(first, begin - first);
    const std::string_view tail = source.substr(end, last - end);
    mutant.line_before = fold_whitespace(std::string(head) + mutant.original + std::string(tail));
    mutant.line_after = fold_whitespace(std::string(head) + mutant.replacement + std::string(tail));
}

MutantView mutant_view(const std::string& file, const std::string& source, const ordered_json& mutant) {
    MutantView view;
    view.file = file;
    view.id = mutant["id"].get<std::string>();
    view.mutator = mutant["mutatorName"].get<std::string>();
    view.replacement = mutant.value("replacement", "");
    view.description = mutant.value("description", "");
    view.reason = mutant.value("statusReason", "");
    view.status = parse_status(mutant["status"].get<std::string>()).value_or(MutantStatus::Pending);
    const ordered_json& location = mutant["location"];
    view.line = location["start"]["line"].get<unsigned>();
    view.column = location["start"]["column"].get<unsigned>();
    view.end_line = location["end"]["line"].get<unsigned>();
    view.end_column = location["end"]["column"].get<unsigned>();
    view.killed_by = strings_at(mutant, "killedBy");
    view.covered_by = strings_at(mutant, "coveredBy");
    view.duration_ms = mutant.value("duration", 0.0);
    fill_code(view, source);
    if (view.description.empty()) {
        view.description = shorten(fold_whitespace(view.original), 30) + " -> " +
                           shorten(fold_whitespace(view.replacement), 30);
    }
    return view;
}

}  // namespace

std::vector<const MutantView*> ReportView::undetected() const {
    std::vector<const MutantView*> list;
    for (const MutantStatus wanted : {MutantStatus::Survived, MutantStatus::NoCoverage}) {
        for (const FileView& file : files) {
            for (const MutantView& mutant : file.mutants) {
                if (mutant.status == wanted) {
                    list.push_back(&mutant);
                }
            }
        }
    }
    return list;
}

ReportView view_report(const ordered_json& report) {
    ReportView view;
    if (report.contains("projectRoot") && report["projectRoot"].is_string()) {
        view.project = std::filesystem::path(report["projectRoot"].get<std::string>()).filename().string();
    }
    if (report.contains("framework") && report["framework"].is_object()) {
        view.tool = fmt::format("{} {}", report["framework"].value("name", ""),
                                report["framework"].value("version", ""));
    }
    view.thresholds = report_thresholds(report);
    for (const auto& [path, entry] : report["files"].items()) {
        FileView file;
        file.path = path;
        file.source = entry["source"].get<std::string>();
        for (const ordered_json& mutant : entry["mutants"]) {
            file.mutants.push_back(mutant_view(path, file.source, mutant));
            file.counts.add(file.mutants.back().status, file.mutants.back().reason);
            view.counts.add(file.mutants.back().status, file.mutants.back().reason);
        }
        std::stable_sort(file.mutants.begin(), file.mutants.end(),
                         [](const MutantView& a, const MutantView& b) {
                             return std::tie(a.line, a.column, a.id) < std::tie(b.line, b.column, b.id);
                         });
        view.files.push_back(std::move(file));
    }
    std::sort(view.files.begin(), view.files.end(),
              [](const FileView& a, const FileView& b) { return a.path < b.path; });
    if (report.contains("testFiles")) {
        for (const auto& [path, entry] : report["testFiles"].items()) {
            for (const ordered_json& test : entry["tests"]) {
                TestView item{test["id"].get<std::string>(), test["name"].get<std::string>(), path, 0};
                if (test.contains("location")) {
                    item.line = test["location"]["start"]["line"].get<unsigned>();
                }
                view.tests.push_back(std::move(item));
            }
        }
    }
    return view;
}

Thresholds report_thresholds(const ordered_json& report) {
    Thresholds thresholds;
    if (report.contains("thresholds")) {
        thresholds.high = static_cast<int>(report["thresholds"].value("high", 80.0));
        thresholds.low = static_cast<int>(report["thresholds"].value("low", 60.0));
    }
    if (report.contains("config") && report["config"].is_object() &&
        report["config"].contains("thresholds") && report["config"]["thresholds"].is_object() &&
        report["config"]["thresholds"].contains("break") &&
        report["config"]["thresholds"]["break"].is_number()) {
        thresholds.break_at = report["config"]["thresholds"]["break"].get<double>();
    }
    return thresholds;
}

std::string gtest_name_of(std::string_view report_id) {
    std::string_view id = report_id;
    if (id.starts_with("ctest:")) {
        id.remove_prefix(6);
    }
    if (const auto type = id.find('<'); type != std::string_view::npos) {
        id = id.substr(0, type);  // CTest's name of a typed test: Suite.Name<Type>
    }
    const auto dot = id.rfind('.');
    if (dot == std::string_view::npos) {
        return std::string(report_id);  // not a gtest name
    }
    std::string_view name = id.substr(dot + 1);
    name = name.substr(0, name.find('/'));  // Name/3: a value-parameterized instance
    std::string_view suite = id.substr(0, dot);
    if (const auto slash = suite.rfind('/'); slash != std::string_view::npos) {
        const std::string_view last = suite.substr(slash + 1);
        const bool numbered = !last.empty() && last.find_first_not_of("0123456789") == std::string_view::npos;
        suite = numbered ? suite.substr(0, slash) : last;  // Suite/0 (typed) or Prefix/Suite (parameterized)
        suite = suite.substr(suite.rfind('/') == std::string_view::npos ? 0 : suite.rfind('/') + 1);
    }
    // CTest's TEST_PREFIX ("unit.") stands before the suite: the suite is the last dotted part.
    suite = suite.substr(suite.rfind('.') == std::string_view::npos ? 0 : suite.rfind('.') + 1);
    return std::string(suite) + "." + std::string(name);
}

std::string score_text(const ScoreCounts& counts) {
    return counts.has_score() ? fmt::format("{:.1f}%", counts.score()) : "n/a";
}

}  // namespace mlab
