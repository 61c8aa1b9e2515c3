#pragma once
// Runs the site finder on C++ code in a string and describes each site as "RULE original -> replacement".

#include <string>
#include <vector>

#include "mutator/arid.hpp"
#include "mutator/site_finder.hpp"

namespace mutator::testing {

inline OperatorSettings settings_for(const std::vector<std::string>& operators,
                                     std::vector<std::pair<std::string, std::string>> pairs = {}) {
    OperatorSettings settings;
    settings.rules = RuleSelection(operators, {});
    settings.string_pairs = std::move(pairs);
    settings.arid_names = {"printf", "std::printf", "spdlog::*", "log_*"};
    settings.assertion_macros = default_assertion_macros();
    return settings;
}

inline std::vector<std::string> describe(const SiteList& list) {
    std::vector<std::string> out;
    for (const MutationSite& site : list.sites) {
        out.push_back(site.rule + " " + site.original + " -> " + site.replacement +
                      (site.suppressed ? " [suppressed]" : ""));
    }
    return out;
}

/// The sites of `code` for the given families or rules.
inline std::vector<std::string> mutants(const std::string& code, const std::vector<std::string>& operators,
                                        std::vector<std::pair<std::string, std::string>> pairs = {}) {
    return describe(find_sites_in_code(code, settings_for(operators, std::move(pairs))));
}

}  // namespace mutator::testing
