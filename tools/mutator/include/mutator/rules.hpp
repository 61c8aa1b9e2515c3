#pragma once
// The mutation rules: one table, from which the CLI list, the JSON names and docs/operators.md come.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mutator {

/// One mutation rule: its name (FAMILY.rule), family, what it does, and a before/after example.
struct RuleInfo {
    std::string_view name;
    std::string_view family;
    std::string_view description;
    std::string_view example_before;
    std::string_view example_after;
};

/// One family of rules (ROR, AOR, ...): its name, what it mutates, and a hint for a bug in it that names
/// the function but not the answer.
struct FamilyInfo {
    std::string_view name;
    std::string_view title;
    std::string_view hint;  // "{function}" is replaced by the function's name
};

std::span<const FamilyInfo> all_families();
/// Every rule, grouped by family in the order of all_families().
std::span<const RuleInfo> all_rules();
const RuleInfo* find_rule(std::string_view name);
const FamilyInfo* find_family(std::string_view name);

/// Which rules are switched on. Names are families ("ROR") or rules ("ROR.lt_to_le").
class RuleSelection {
  public:
    /// All rules on.
    RuleSelection();
    /// Only the named families and rules on (empty: all), then the disabled ones off.
    /// Throws std::invalid_argument naming an unknown name.
    RuleSelection(const std::vector<std::string>& enabled, const std::vector<std::string>& disabled);

    bool enabled(std::string_view rule) const;

  private:
    std::vector<std::string_view> on_;
};

/// docs/operators.md, generated from the table.
std::string rules_markdown();

}  // namespace mutator
