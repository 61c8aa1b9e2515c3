#include "mlab/report/check.hpp"

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace mlab {
namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

ordered_json read_report_json(const fs::path& path) {
    std::string text;
    try {
        text = read_file(path);
    } catch (const FileError& error) {
        throw InputError(error.what());
    }
    ordered_json report;
    try {
        report = ordered_json::parse(text);
    } catch (const nlohmann::json::exception& error) {
        const std::string what = error.what();
        throw InputError(fmt::format("{}: not JSON ({}): {}", path.string(),
                                     text.empty() ? "the file is empty" : "truncated or corrupt",
                                     what.substr(what.find(']') + 2)));
    }
    check_report(report, path.string());
    return report;
}

namespace {

constexpr long kMaxPosition = 100'000'000;  // lines and columns beyond this are not a source file's

// A whole number, also when written 80.0 (JSON Schema's "integer" accepts it).
bool whole_number(const ordered_json& value) {
    return value.is_number_integer() ||
           (value.is_number_float() &&
            value.get<double>() == static_cast<double>(static_cast<long>(value.get<double>())));
}

// Checks one value of a report; every failure names the report and the JSON pointer of the value.
class ReportChecker {
  public:
    explicit ReportChecker(std::string name) : name_(std::move(name)) {}

    [[noreturn]] void fail(const std::string& pointer, const std::string& what) const {
        throw InputError(fmt::format("{}: {}: {}", name_, pointer.empty() ? "/" : pointer, what));
    }
    const ordered_json& object(const ordered_json& parent, const std::string& pointer,
                               const char* key) const {
        const ordered_json& value = member(parent, pointer, key);
        if (!value.is_object()) {
            fail(pointer + "/" + key, "expected an object");
        }
        return value;
    }
    std::string string(const ordered_json& parent, const std::string& pointer, const char* key) const {
        const ordered_json& value = member(parent, pointer, key);
        if (!value.is_string()) {
            fail(pointer + "/" + key, "expected a string");
        }
        return value.get<std::string>();
    }
    void optional_string(const ordered_json& parent, const std::string& pointer, const char* key) const {
        if (parent.contains(key) && !parent[key].is_string()) {
            fail(pointer + "/" + key, "expected a string");
        }
    }
    void optional_number(const ordered_json& parent, const std::string& pointer, const char* key) const {
        if (parent.contains(key) && !parent[key].is_number()) {
            fail(pointer + "/" + key, "expected a number");
        }
    }
    void optional_strings(const ordered_json& parent, const std::string& pointer, const char* key) const {
        if (!parent.contains(key)) {
            return;
        }
        const ordered_json& list = parent[key];
        if (!list.is_array() ||
            !std::all_of(list.begin(), list.end(), [](const auto& v) { return v.is_string(); })) {
            fail(pointer + "/" + key, "expected a list of test ids");
        }
    }
    void position(const ordered_json& parent, const std::string& pointer, const char* key) const {
        const ordered_json& value = object(parent, pointer, key);
        for (const char* part : {"line", "column"}) {
            const ordered_json& number = member(value, pointer + "/" + key, part);
            if (!number.is_number_integer() || number.get<long>() < 1 || number.get<long>() > kMaxPosition) {
                fail(pointer + "/" + key + "/" + part, "expected a whole number from 1 up");
            }
        }
    }

  private:
    const ordered_json& member(const ordered_json& parent, const std::string& pointer,
                               const char* key) const {
        if (!parent.contains(key)) {
            fail(pointer, fmt::format("'{}' is missing", key));
        }
        return parent[key];
    }
    std::string name_;
};

std::string pointer_part(const std::string& key) {
    std::string escaped;
    for (const char c : key) {
        escaped += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    }
    return "/" + escaped;
}

void check_schema_version(const ReportChecker& check, const ordered_json& report) {
    if (!report.contains("schemaVersion") || !report["schemaVersion"].is_string()) {
        check.fail("/schemaVersion", "missing: not a mutation-testing-elements report");
    }
    const std::string version = report["schemaVersion"].get<std::string>();
    const std::string major = version.substr(0, version.find('.'));
    if (major != "1" && major != "2") {
        check.fail(
            "/schemaVersion",
            fmt::format("schema version '{}' is not one Mutation Lab reads (versions 1 and 2)", version));
    }
}

void check_mutant(const ReportChecker& check, const ordered_json& mutant, const std::string& here) {
    if (!mutant.is_object()) {
        check.fail(here, "expected an object");
    }
    check.string(mutant, here, "id");
    check.string(mutant, here, "mutatorName");
    if (!parse_status(check.string(mutant, here, "status"))) {
        check.fail(here + "/status", fmt::format("unknown status '{}'", mutant["status"].get<std::string>()));
    }
    const ordered_json& location = check.object(mutant, here, "location");
    check.position(location, here + "/location", "start");
    check.position(location, here + "/location", "end");
    for (const char* key : {"replacement", "description", "statusReason"}) {
        check.optional_string(mutant, here, key);
    }
    check.optional_strings(mutant, here, "killedBy");
    check.optional_strings(mutant, here, "coveredBy");
    check.optional_number(mutant, here, "duration");
}

void check_files(const ReportChecker& check, const ordered_json& report) {
    const ordered_json& files = check.object(report, "", "files");
    for (const auto& [file, entry] : files.items()) {
        const std::string at = "/files" + pointer_part(file);
        if (!entry.is_object()) {
            check.fail(at, "expected an object");
        }
        check.string(entry, at, "source");
        if (!entry.contains("mutants") || !entry["mutants"].is_array()) {
            check.fail(at + "/mutants", "expected a list of mutants");
        }
        std::size_t index = 0;
        for (const ordered_json& mutant : entry["mutants"]) {
            check_mutant(check, mutant, fmt::format("{}/mutants/{}", at, index++));
        }
    }
}

void check_thresholds(const ReportChecker& check, const ordered_json& report) {
    const ordered_json& thresholds = check.object(report, "", "thresholds");
    for (const char* key : {"high", "low"}) {
        if (!thresholds.contains(key) || !whole_number(thresholds[key]) ||
            thresholds[key].get<double>() < 0 || thresholds[key].get<double>() > 100) {
            check.fail(std::string("/thresholds/") + key, "expected a whole number from 0 to 100");
        }
    }
}

void check_test_files(const ReportChecker& check, const ordered_json& report) {
    for (const auto& [file, entry] : check.object(report, "", "testFiles").items()) {
        const std::string at = "/testFiles" + pointer_part(file);
        if (!entry.is_object() || !entry.contains("tests") || !entry["tests"].is_array()) {
            check.fail(at + "/tests", "expected a list of tests");
        }
        std::size_t index = 0;
        for (const ordered_json& test : entry["tests"]) {
            const std::string here = fmt::format("{}/tests/{}", at, index++);
            if (!test.is_object()) {
                check.fail(here, "expected an object");
            }
            check.string(test, here, "id");
            check.string(test, here, "name");
            if (test.contains("location")) {
                check.position(check.object(test, here, "location"), here + "/location", "start");
            }
        }
    }
}

// projectRoot, config, framework, performance: each optional, each checked when present.
void check_run_details(const ReportChecker& check, const ordered_json& report) {
    check.optional_string(report, "", "projectRoot");
    if (report.contains("config") && !report["config"].is_object()) {
        check.fail("/config", "expected an object");
    }
    if (report.contains("framework")) {
        const ordered_json& framework = check.object(report, "", "framework");
        check.string(framework, "/framework", "name");
        check.optional_string(framework, "/framework", "version");
    }
    if (report.contains("performance")) {
        const ordered_json& performance = check.object(report, "", "performance");
        for (const char* key : {"setup", "initialRun", "mutation", "total"}) {
            check.optional_number(performance, "/performance", key);
        }
        if (performance.contains("phases")) {
            const ordered_json& phases = check.object(performance, "/performance", "phases");
            for (const auto& [name, time] : phases.items()) {
                check.optional_number(phases, "/performance/phases", name.c_str());
            }
        }
    }
}

}  // namespace

void check_report(const ordered_json& report, const std::string& name) {
    const ReportChecker check(name);
    if (!report.is_object()) {
        check.fail("", "not a mutation report (expected a JSON object)");
    }
    check_schema_version(check, report);
    check_files(check, report);
    if (report.contains("thresholds")) {
        check_thresholds(check, report);
    }
    if (report.contains("testFiles")) {
        check_test_files(check, report);
    }
    check_run_details(check, report);
}

ReportView read_report(const fs::path& path) {
    return view_report(read_report_json(path));
}

}  // namespace mlab
