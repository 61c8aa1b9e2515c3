#include "mutator/report.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/worker_pool.hpp"
#include "mutator/mutation_text.hpp"

namespace mutator {
namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;
namespace {

ordered_json position(unsigned line, unsigned column) {
    return ordered_json{{"line", line}, {"column", column}};
}

ordered_json mutant_json(const MutationSite& site, const MutantResult& result) {
    ordered_json mutant{
        {"id", site.id},
        {"mutatorName", site.rule},
        {"replacement", site.replacement},
        {"description", one_line_change(site, 80) + (site.function.empty() ? "" : " in " + site.function)},
        {"location",
         {{"start", position(site.line, site.column)}, {"end", position(site.end_line, site.end_column)}}},
        {"status", std::string(status_name(result.status))}};
    if (!result.reason.empty()) {
        mutant["statusReason"] = result.reason;
    }
    if (!result.code.empty()) {
        mutant["codeHash"] = result.code;
    }
    mutant["killedBy"] = result.killed_by;
    mutant["coveredBy"] = result.covered_by;
    mutant["duration"] = result.duration.count();
    mutant["testsCompleted"] = result.tests_completed;
    mutant["static"] = false;
    return mutant;
}

// Higher wins when shards disagree about one mutant.
int status_rank(const std::string& status) {
    static const std::vector<std::string> kOrder{"Pending",    "Ignored",  "CompileError", "RuntimeError",
                                                 "NoCoverage", "Survived", "Timeout",      "Killed"};
    const auto it = std::find(kOrder.begin(), kOrder.end(), status);
    return it == kOrder.end() ? -1 : static_cast<int>(it - kOrder.begin());
}

std::vector<std::string> united(const ordered_json& a, const ordered_json& b) {
    std::set<std::string> all;
    for (const ordered_json* list : {&a, &b}) {
        if (list->is_array()) {
            for (const auto& id : *list) {
                all.insert(id.get<std::string>());
            }
        }
    }
    return {all.begin(), all.end()};
}

bool mutant_before(const ordered_json& a, const ordered_json& b) {
    const auto key = [](const ordered_json& m) {
        return std::make_tuple(m["location"]["start"]["line"].get<unsigned>(),
                               m["location"]["start"]["column"].get<unsigned>(), m["id"].get<std::string>());
    };
    return key(a) < key(b);
}

std::chrono::milliseconds milliseconds_at(const ordered_json& report, const char* name) {
    if (report.contains("performance") && report["performance"].contains(name)) {
        return std::chrono::milliseconds(report["performance"][name].get<long>());
    }
    return std::chrono::milliseconds(0);
}

// The phases under performance.phases, in the order a run goes through them.
constexpr std::array<std::pair<const char*, std::chrono::milliseconds PhaseTimes::*>, 8> kPhases{{
    {"scan", &PhaseTimes::scan},
    {"select", &PhaseTimes::select},
    {"build", &PhaseTimes::build},
    {"tests", &PhaseTimes::tests},
    {"baseline", &PhaseTimes::baseline},
    {"mutants", &PhaseTimes::mutants},
    {"equivalence", &PhaseTimes::equivalence},
    {"report", &PhaseTimes::report},
}};

ordered_json performance_json(const PhaseTimes& times) {
    ordered_json phases = ordered_json::object();
    for (const auto& [name, time] : phases_of(times)) {
        phases[std::string(name)] = time.count();
    }
    return {{"setup", times.setup().count()},
            {"initialRun", times.initial_run().count()},
            {"mutation", times.mutation().count()},
            {"total", times.total().count()},
            {"phases", phases}};
}

// A report's phase times; one without `phases` (an older report) gives its three sums as build, baseline
// and mutants.
PhaseTimes phase_times_of(const ordered_json& report) {
    PhaseTimes times;
    if (report.contains("performance") && report["performance"].contains("phases")) {
        const ordered_json& phases = report["performance"]["phases"];
        for (const auto& [name, member] : kPhases) {
            times.*member = std::chrono::milliseconds(phases.value(name, 0L));
        }
        return times;
    }
    times.build = milliseconds_at(report, "setup");
    times.baseline = milliseconds_at(report, "initialRun");
    times.mutants = milliseconds_at(report, "mutation");
    return times;
}

PhaseTimes& operator+=(PhaseTimes& sum, const PhaseTimes& more) {
    for (const auto& [name, member] : kPhases) {
        sum.*member += more.*member;
    }
    return sum;
}

}  // namespace

std::vector<std::pair<std::string_view, std::chrono::milliseconds>> phases_of(const PhaseTimes& times) {
    std::vector<std::pair<std::string_view, std::chrono::milliseconds>> out;
    out.reserve(kPhases.size());
    for (const auto& [name, member] : kPhases) {
        out.emplace_back(name, times.*member);
    }
    return out;
}

void set_performance(ordered_json& report, const PhaseTimes& times) {
    report["performance"] = performance_json(times);
}

ordered_json make_report(const ReportInput& input) {
    std::map<std::string, std::vector<const std::pair<const MutationSite*, MutantResult>*>> by_file;
    for (const auto& entry : input.mutants) {
        by_file[entry.first->file].push_back(&entry);
    }
    ordered_json files = ordered_json::object();
    for (const auto& [file, entries] : by_file) {
        ordered_json mutants = ordered_json::array();
        for (const auto* entry : entries) {
            mutants.push_back(mutant_json(*entry->first, entry->second));
        }
        std::sort(mutants.begin(), mutants.end(), mutant_before);
        files[file] = ordered_json{
            {"language", "cpp"}, {"source", mlab::read_file(input.root / file)}, {"mutants", mutants}};
    }
    std::map<std::string, ordered_json> test_files;
    for (const ReportTest& test : input.tests) {
        ordered_json entry{{"id", test.id}, {"name", test.id}};
        if (test.line > 0) {
            entry["location"] = {{"start", position(test.line, 1)}};
        }
        test_files[test.file].push_back(entry);
    }
    ordered_json tests_json = ordered_json::object();
    for (auto& [file, tests] : test_files) {
        tests_json[file] = ordered_json{{"tests", tests}};
    }
    const unsigned cores = mlab::jobs_or_cores(0);
    ordered_json config = input.config;
    if (input.thresholds.break_at) {
        config["thresholds"] = {{"break", *input.thresholds.break_at}};
    }
    ordered_json system{{"ci", std::getenv("CI") != nullptr},
                        {"os", {{"platform", "linux"}}},
                        {"cpu", {{"logicalCores", cores}}}};
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && page_size > 0) {
        system["ram"] = {{"total", pages / 1024 * page_size / 1024}};  // MiB
    }
    return ordered_json{{"schemaVersion", "2"},
                        {"thresholds", {{"high", input.thresholds.high}, {"low", input.thresholds.low}}},
                        {"projectRoot", input.root.string()},
                        {"files", files},
                        {"testFiles", tests_json},
                        {"performance", performance_json(input.times)},
                        {"framework", {{"name", "mutation-lab mutator"}, {"version", input.version}}},
                        {"system", system},
                        {"config", config}};
}

namespace {

// One file's mutants of another shard into the merged file's: a mutant both ran keeps the stronger status
// and the union of its killing and covering tests.
void merge_mutants(ordered_json& target, const ordered_json& mutants) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < target.size(); ++i) {
        index.emplace(target[i]["id"].get<std::string>(), i);
    }
    for (const ordered_json& mutant : mutants) {
        const auto found = index.find(mutant["id"].get<std::string>());
        if (found == index.end()) {
            index.emplace(mutant["id"].get<std::string>(), target.size());
            target.push_back(mutant);
            continue;
        }
        ordered_json& existing = target[found->second];
        const std::vector<std::string> killed = united(existing["killedBy"], mutant["killedBy"]);
        const std::vector<std::string> covered = united(existing["coveredBy"], mutant["coveredBy"]);
        if (status_rank(mutant["status"].get<std::string>()) >
            status_rank(existing["status"].get<std::string>())) {
            existing = mutant;
        }
        existing["killedBy"] = killed;
        existing["coveredBy"] = covered;
    }
    std::sort(target.begin(), target.end(), mutant_before);
}

// The duplicates among all shards' survivors, as one run finds them among its own: of the survivors of a
// file with the same compiled code (`codeHash`), the first in report order is kept and the others are
// duplicates of it. A shard saw only its own survivors.
void judge_duplicates(ordered_json& mutants) {
    std::map<std::string, std::string> first_with;  // code → id
    for (ordered_json& mutant : mutants) {
        const std::string reason = mutant.value("statusReason", "");
        const bool duplicate = mutant["status"] == "Ignored" && reason.rfind(mlab::kDuplicateReason, 0) == 0;
        if (!mutant.contains("codeHash") || (mutant["status"] != "Survived" && !duplicate)) {
            continue;
        }
        const auto [it, added] = first_with.emplace(mutant["codeHash"].get<std::string>(), mutant["id"]);
        if (added && duplicate) {
            mutant["status"] = "Survived";
            mutant.erase("statusReason");
        } else if (!added) {
            mutant["status"] = "Ignored";
            mutant["statusReason"] = std::string(mlab::kDuplicateReason) + it->second;
        }
    }
}

// Another shard's test files into the merged report's: each test once.
void merge_test_files(ordered_json& merged, const ordered_json& test_files) {
    for (const auto& [file, entry] : test_files.items()) {
        ordered_json& tests = merged["testFiles"][file]["tests"];
        std::set<std::string> known;
        for (const ordered_json& test : tests) {
            known.insert(test["id"].get<std::string>());
        }
        for (const ordered_json& test : entry["tests"]) {
            if (known.insert(test["id"].get<std::string>()).second) {
                tests.push_back(test);
            }
        }
    }
}

}  // namespace

ordered_json merge_reports(const std::vector<ordered_json>& reports) {
    if (reports.empty()) {
        throw mlab::InputError("merge: no reports given");
    }
    ordered_json merged = reports.front();
    PhaseTimes times = phase_times_of(merged);
    for (std::size_t r = 1; r < reports.size(); ++r) {
        const ordered_json& report = reports[r];
        if (report.value("projectRoot", "") != merged.value("projectRoot", "")) {
            throw mlab::InputError(fmt::format("merge: the reports come from different projects ({} and {})",
                                               merged.value("projectRoot", ""),
                                               report.value("projectRoot", "")));
        }
        for (const auto& [file, entry] : report["files"].items()) {
            if (!merged["files"].contains(file)) {
                merged["files"][file] = entry;
                continue;
            }
            merge_mutants(merged["files"][file]["mutants"], entry["mutants"]);
        }
        if (report.contains("testFiles")) {
            merge_test_files(merged, report["testFiles"]);
        }
        times += phase_times_of(report);
    }
    merged["performance"] = performance_json(times);
    // Files and tests in name order, whatever order the shards came in.
    ordered_json files = ordered_json::object();
    std::map<std::string, ordered_json> sorted_files;
    for (const auto& [file, entry] : merged["files"].items()) {
        sorted_files[file] = entry;
        judge_duplicates(sorted_files[file]["mutants"]);
    }
    for (auto& [file, entry] : sorted_files) {
        files[file] = entry;
    }
    merged["files"] = files;
    if (merged.contains("config")) {
        merged["config"].erase("shard");
    }
    return merged;
}

ReportSummary summarize_report(const ordered_json& report) {
    ReportSummary summary;
    std::vector<SummaryMutant> all;
    for (const auto& [file, entry] : report["files"].items()) {
        FileSummary file_summary{file, {}};
        for (const ordered_json& mutant : entry["mutants"]) {
            SummaryMutant item;
            item.file = file;
            item.line = mutant["location"]["start"]["line"].get<unsigned>();
            item.column = mutant["location"]["start"]["column"].get<unsigned>();
            item.mutator = mutant.value("mutatorName", "");
            item.description = mutant.value("description", mutant.value("replacement", ""));
            item.id = mutant["id"].get<std::string>();
            item.reason = mutant.value("statusReason", "");
            item.status = parse_status(mutant.value("status", "Pending")).value_or(MutantStatus::Pending);
            item.duration = std::chrono::milliseconds(mutant.value("duration", 0L));
            file_summary.counts.add(item.status, item.reason);
            summary.counts.add(item.status, item.reason);
            if (item.status == MutantStatus::Survived || item.status == MutantStatus::NoCoverage) {
                summary.survivors.push_back(item);
            }
            all.push_back(std::move(item));
        }
        summary.files.push_back(std::move(file_summary));
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const SummaryMutant& a, const SummaryMutant& b) { return a.duration > b.duration; });
    for (std::size_t i = 0; i < all.size() && i < 5 && all[i].duration.count() > 0; ++i) {
        summary.slowest.push_back(all[i]);
    }
    if (report.contains("testFiles")) {
        for (const auto& [file, entry] : report["testFiles"].items()) {
            summary.tests += entry["tests"].size();
        }
    }
    summary.times = phase_times_of(report);
    return summary;
}

}  // namespace mutator
