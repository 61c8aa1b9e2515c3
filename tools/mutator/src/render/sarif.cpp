// SARIF 2.1.0 for code scanning (GitHub's upload-sarif, GitLab, IDE viewers): one rule per mutator, one
// result per surviving or uncovered mutant, located on the mutated code.

#include <map>

#include <fmt/format.h>

#include "mutator/render.hpp"
#include "mutator/rules.hpp"

namespace mutator {

namespace {
using ordered_json = nlohmann::ordered_json;

// The rule of one mutator: what it changes, how to answer a surviving mutant of it, an example.
ordered_json sarif_rule(const std::string& mutator) {
    const RuleInfo* rule = find_rule(mutator);
    const FamilyInfo* family = rule != nullptr ? find_family(rule->family) : nullptr;
    const std::string description =
        rule != nullptr ? std::string(rule->description) : fmt::format("Mutation operator {}", mutator);
    ordered_json entry{
        {"id", mutator},
        {"shortDescription", {{"text", description}}},
        {"fullDescription",
         {{"text", family != nullptr ? fmt::format("{}: {}. A surviving mutant is a change of this kind that "
                                                   "no test notices.",
                                                   family->title, description)
                                     : description + ". A surviving mutant is a change of this kind that no "
                                                     "test notices."}}},
        {"help",
         {{"text",
           "Write or strengthen a test so that it fails when the code is changed this way, or mark "
           "the mutant as equivalent with a suppression comment if no behaviour changes."}}},
        {"defaultConfiguration", {{"level", "warning"}}},
        {"properties", {{"tags", {"mutation-testing"}}}}};
    if (rule != nullptr) {
        entry["properties"]["example"] = fmt::format("{} -> {}", rule->example_before, rule->example_after);
    }
    return entry;
}

// One result: the mutant located on the mutated code.
ordered_json sarif_result(const MutantView& mutant, std::size_t rule_index, const RenderOptions& options) {
    ordered_json region{{"startLine", mutant.line},
                        {"startColumn", mutant.column},
                        {"endLine", mutant.end_line},
                        {"endColumn", mutant.end_column}};  // SARIF's end column is exclusive too
    if (!mutant.original.empty()) {
        region["snippet"] = {{"text", mutant.original}};
    }
    return ordered_json{
        {"ruleId", mutant.mutator},
        {"ruleIndex", rule_index},
        {"kind", "fail"},
        {"level", mutant.status == MutantStatus::Survived ? "warning" : "note"},
        {"message", {{"text", mutant_message(mutant)}}},
        {"locations",
         {{{"physicalLocation",
            {{"artifactLocation",
              {{"uri", prefixed_path(options.path_prefix, mutant.file)}, {"uriBaseId", "%SRCROOT%"}}},
             {"region", region}}}}}},
        {"partialFingerprints", {{"mutantId/v1", mutant.id}}},
        {"properties",
         {{"status", std::string(status_name(mutant.status))},
          {"replacement", mutant.replacement},
          {"coveredBy", mutant.covered_by}}}};
}

// The tool that found the results: the mutator, with the report's version when it names one.
ordered_json sarif_driver(const ordered_json& report, const ordered_json& rules) {
    ordered_json driver{{"name", "mutator"}, {"rules", rules}};
    if (report.contains("framework") && report["framework"].is_object() &&
        report["framework"].contains("version") && report["framework"]["version"].is_string()) {
        driver["version"] = report["framework"]["version"];
    }
    return driver;
}

}  // namespace

std::string render_sarif(const nlohmann::ordered_json& report, const RenderOptions& options) {
    const ReportView view = view_report(report);
    const std::vector<const MutantView*> undetected = view.undetected();

    std::map<std::string, std::size_t> rule_index;
    ordered_json rules = ordered_json::array();
    for (const MutantView* mutant : undetected) {
        if (rule_index.emplace(mutant->mutator, rules.size()).second) {
            rules.push_back(sarif_rule(mutant->mutator));
        }
    }
    ordered_json results = ordered_json::array();
    for (const MutantView* mutant : undetected) {
        results.push_back(sarif_result(*mutant, rule_index.at(mutant->mutator), options));
    }
    ordered_json run{{"tool", {{"driver", sarif_driver(report, rules)}}},
                     {"automationDetails", {{"id", "mutation-testing/"}}},
                     {"results", results}};
    if (view.counts.has_score()) {
        run["properties"] = {{"mutationScore", view.counts.score()},
                             {"detected", view.counts.detected()},
                             {"valid", view.counts.valid()}};
    }
    const ordered_json sarif{
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", {run}}};
    return sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace mutator
