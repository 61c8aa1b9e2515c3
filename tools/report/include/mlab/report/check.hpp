#pragma once
// Reading a mutation report from disk: every value the readers rely on checked first, so a bad report is
// one line naming the file and the JSON pointer of the first bad value, never a crash.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "mlab/report/view.hpp"

namespace mlab {

/// Reads a mutation-report.json (ours, or another tool's of schema version 1 or 2) and checks it
/// (check_report); throws InputError naming the file when it is not one.
nlohmann::ordered_json read_report_json(const std::filesystem::path& path);

/// read_report_json, read into its view.
ReportView read_report(const std::filesystem::path& path);

/// The check on a parsed report; `name` is how the error names it.
void check_report(const nlohmann::ordered_json& report, const std::string& name);

}  // namespace mlab
