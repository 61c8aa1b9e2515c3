#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "mutator/operator.hpp"

namespace mutator {
namespace {

std::vector<FamilyInfo> collect_families() {
    std::vector<FamilyInfo> families;
    for (const MutationOperator* op : all_operators()) {
        families.push_back(op->family());
    }
    return families;
}

std::vector<RuleInfo> collect_rules() {
    std::vector<RuleInfo> rules;
    for (const MutationOperator* op : all_operators()) {
        rules.insert(rules.end(), op->rules().begin(), op->rules().end());
    }
    return rules;
}

// A table cell: '|' would end the cell.
std::string cell(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '|') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

}  // namespace

std::span<const FamilyInfo> all_families() {
    static const std::vector<FamilyInfo> families = collect_families();
    return families;
}

std::span<const RuleInfo> all_rules() {
    static const std::vector<RuleInfo> rules = collect_rules();
    return rules;
}

const RuleInfo* find_rule(std::string_view name) {
    for (const RuleInfo& rule : all_rules()) {
        if (rule.name == name) {
            return &rule;
        }
    }
    return nullptr;
}

const FamilyInfo* find_family(std::string_view name) {
    for (const FamilyInfo& family : all_families()) {
        if (family.name == name) {
            return &family;
        }
    }
    return nullptr;
}

RuleSelection::RuleSelection() {
    for (const RuleInfo& rule : all_rules()) {
        on_.push_back(rule.name);
    }
}

RuleSelection::RuleSelection(const std::vector<std::string>& enabled,
                             const std::vector<std::string>& disabled) {
    auto expand = [](const std::string& name) {
        std::vector<std::string_view> names;
        if (const RuleInfo* rule = find_rule(name)) {
            names.push_back(rule->name);
        } else if (find_family(name) != nullptr) {
            for (const RuleInfo& rule : all_rules()) {
                if (rule.family == name) {
                    names.push_back(rule.name);
                }
            }
        } else {
            throw std::invalid_argument("unknown operator '" + name + "' (see 'mutator operators')");
        }
        return names;
    };
    if (enabled.empty()) {
        *this = RuleSelection();
    } else {
        for (const std::string& name : enabled) {
            for (std::string_view rule : expand(name)) {
                if (std::find(on_.begin(), on_.end(), rule) == on_.end()) {
                    on_.push_back(rule);
                }
            }
        }
    }
    for (const std::string& name : disabled) {
        for (std::string_view rule : expand(name)) {
            on_.erase(std::remove(on_.begin(), on_.end(), rule), on_.end());
        }
    }
}

bool RuleSelection::enabled(std::string_view rule) const {
    return std::find(on_.begin(), on_.end(), rule) != on_.end();
}

std::string rules_markdown() {
    std::ostringstream out;
    out << "# Mutation operators\n\n"
        << "Generated from the operator table (`tools/mutator/src/operators/`) by `mutator operators "
           "--format "
           "markdown`;\na test keeps this page equal to that output. Switch a family or a rule on or off by "
           "name with\n`--operators` / `--disable` or in `mutator.yml`.\n";
    for (const FamilyInfo& family : all_families()) {
        out << "\n## " << family.name << ": " << family.title << "\n\n"
            << "| rule | what it does | before | after |\n|---|---|---|---|\n";
        for (const RuleInfo& rule : all_rules()) {
            if (rule.family == family.name) {
                const std::string after =
                    rule.example_after.empty() ? "(removed)" : "`" + cell(rule.example_after) + "`";
                out << "| `" << rule.name << "` | " << cell(rule.description) << " | `"
                    << cell(rule.example_before) << "` | " << after << " |\n";
            }
        }
    }
    return out.str();
}

}  // namespace mutator
