// mutator operators: the operator table, as text, Markdown (docs/operators.md) or JSON.

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "mutator/rules.hpp"

namespace mutator::cli {
namespace {

int run_operators(const std::string& format) {
    if (format == "markdown") {
        std::cout << rules_markdown();
        return 0;
    }
    if (format == "json") {
        nlohmann::json rules = nlohmann::json::array();
        for (const RuleInfo& rule : all_rules()) {
            rules.push_back({{"name", rule.name},
                             {"family", rule.family},
                             {"description", rule.description},
                             {"before", rule.example_before},
                             {"after", rule.example_after}});
        }
        std::cout << nlohmann::json{{"rules", rules}}.dump(2) << "\n";
        return 0;
    }
    for (const FamilyInfo& family : all_families()) {
        std::cout << family.name << "  " << family.title << "\n";
        for (const RuleInfo& rule : all_rules()) {
            if (rule.family == family.name) {
                std::cout << fmt::format("  {:<30} {}\n", rule.name, rule.description);
            }
        }
    }
    return 0;
}

}  // namespace

void register_operators(CLI::App& app, Command& command) {
    auto format = std::make_shared<std::string>("text");
    CLI::App* operators = app.add_subcommand("operators", "List the mutation operators and their rules");
    operators->add_option("--format", *format, "text, markdown or json")
        ->check(CLI::IsMember({"text", "markdown", "json"}));
    operators->callback([&command, format] { command = [format] { return run_operators(*format); }; });
}

}  // namespace mutator::cli
