// mutator lab, plan: the presets, the lab's view of the tests, and the choice of the bugs.

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mutator/lab.hpp"
#include "mutator/variants.hpp"
#include "phases.hpp"

namespace mutator {
using nlohmann::ordered_json;

namespace {

bool ends_with_path(const std::string& file, const std::string& suffix) {
    return file == suffix || (file.size() > suffix.size() && file.ends_with(suffix) &&
                              file[file.size() - suffix.size() - 1] == '/');
}

bool function_matches(const std::string& qualified, const std::string& wanted) {
    return qualified == wanted || qualified.ends_with("::" + wanted);
}

bool same_line(const MutationSite& a, const MutationSite& b) {
    return a.file == b.file && a.line <= b.end_line && b.line <= a.end_line;
}

// The tests of the starter copy and of the reference suite, by name.
struct Suites {
    std::set<std::string> visible, reference;
};

// The starter copy keeps every test file with a starter test, and every test of unknown place: sets the
// plan's dropped files and starter tests. Throws mlab::InputError when no test carries a suite's label.
Suites split_suites(const std::vector<LabTest>& tests, const LabSettings& settings, LabPlan& plan) {
    std::set<std::string> kept_files, all_files;
    bool any_starter = false, any_reference = false;
    for (const LabTest& test : tests) {
        any_starter = any_starter || test.starter;
        any_reference = any_reference || test.reference;
        if (!test.file.empty()) {
            all_files.insert(test.file);
            if (test.starter) {
                kept_files.insert(test.file);
            }
        }
    }
    if (!any_starter) {
        throw mlab::InputError(fmt::format(
            "--starter-label {}: no test carries it (see ctest --print-labels)", settings.starter_label));
    }
    if (!any_reference) {
        throw mlab::InputError(fmt::format(
            "--reference-label {}: no test carries it (see ctest --print-labels)", settings.reference_label));
    }
    std::set_difference(all_files.begin(), all_files.end(), kept_files.begin(), kept_files.end(),
                        std::back_inserter(plan.dropped_files));
    Suites suites;
    for (const LabTest& test : tests) {
        if (test.file.empty() || kept_files.count(test.file) > 0) {
            suites.visible.insert(test.name);
            plan.starter_tests.push_back(test.name);
        }
        if (test.reference) {
            suites.reference.insert(test.name);
        }
    }
    return suites;
}

// The mutants that qualify: killed by a reference test and by no starter test; and why the others do not.
struct Qualified {
    std::vector<MutationSite> candidates;
    std::map<std::string, std::vector<std::string>>
        caught_by;                               // by site id: the reference tests that kill it
    std::map<std::string, std::string> why_not;  // by site id
};

Qualified qualify(const std::vector<MutationSite>& sites,
                  const std::map<std::string, const mlab::MutantView*>& outcomes, const Suites& suites) {
    Qualified qualified;
    for (const MutationSite& site : sites) {
        const auto outcome = outcomes.find(site.id);
        if (outcome == outcomes.end()) {
            continue;
        }
        std::vector<std::string> by_reference, by_starter;
        for (const std::string& test : outcome->second->killed_by) {
            if (suites.reference.count(test) > 0) {
                by_reference.push_back(test);
            }
            if (suites.visible.count(test) > 0) {
                by_starter.push_back(test);
            }
        }
        if (outcome->second->status != mlab::MutantStatus::Killed || by_reference.empty()) {
            qualified.why_not[site.id] = fmt::format("the reference suite does not kill it ({})",
                                                     mlab::status_name(outcome->second->status));
        } else if (!by_starter.empty()) {
            qualified.why_not[site.id] =
                fmt::format("the starter suite already catches it ({})", joined(by_starter));
        } else {
            qualified.candidates.push_back(site);
            qualified.caught_by[site.id] = by_reference;
        }
    }
    return qualified;
}

// Exactly the preset's bugs, each of which must qualify.
void choose_preset_bugs(const std::vector<MutationSite>& sites, const Qualified& qualified,
                        const LabSettings& settings, LabPlan& plan) {
    const LabPreset& preset = find_lab_preset(settings.preset);
    const std::vector<MutationSite> wanted = preset_sites(preset, sites);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const MutationSite& site = wanted[i];
        const auto caught_by = qualified.caught_by.find(site.id);
        if (caught_by == qualified.caught_by.end()) {
            const auto reason = qualified.why_not.find(site.id);
            throw mlab::InputError(
                fmt::format("--preset {}: the bug at {}:{} ({} -> {}) does not qualify: {}", preset.name,
                            site.file, site.line, site.original, site.replacement,
                            reason == qualified.why_not.end() ? "it was not analysed" : reason->second));
        }
        plan.bugs.push_back(LabBug{site, caught_by->second, preset.bugs[i].hint});
    }
}

// settings.bugs of the qualifying mutants, spread by seed, never two on one line.
void choose_seeded_bugs(const Qualified& qualified, const LabSettings& settings, LabPlan& plan) {
    const std::size_t wanted = settings.bugs;
    for (const MutationSite& site :
         choose_variants(qualified.candidates, qualified.candidates.size(), settings.seed)) {
        if (plan.bugs.size() == wanted) {
            break;
        }
        const bool clashes = std::any_of(plan.bugs.begin(), plan.bugs.end(),
                                         [&](const LabBug& bug) { return same_line(bug.site, site); });
        if (!clashes) {
            plan.bugs.push_back(LabBug{site, qualified.caught_by.at(site.id),
                                       variant_manifest(site).at("hint").get<std::string>()});
        }
    }
    if (plan.bugs.size() < wanted) {
        throw mlab::InputError(fmt::format(
            "--bugs {}: only {} of the {} mutants analysed qualify (killed by the '{}' tests, missed by the "
            "'{}' "
            "tests){}; ask for at most {}",
            wanted, plan.qualified, plan.analysed, settings.reference_label, settings.starter_label,
            plan.bugs.size() < plan.qualified
                ? fmt::format(", {} of them on distinct lines", plan.bugs.size())
                : "",
            plan.bugs.size()));
    }
}

}  // namespace

std::map<std::string, const mlab::MutantView*> outcomes_of(const mlab::ReportView& report) {
    std::map<std::string, const mlab::MutantView*> outcomes;
    for (const mlab::FileView& file : report.files) {
        for (const mlab::MutantView& mutant : file.mutants) {
            outcomes[mutant.id] = &mutant;
        }
    }
    return outcomes;
}

const std::vector<LabPreset>& lab_presets() {
    static const std::vector<LabPreset> presets{
        {"seed-lab",
         "target_app: part A's boundary bug in filter_by_max_item_id, part B's created_at/timestamp mismatch",
         {{"src/interaction.cpp", "filter_by_max_item_id", "ROR", "<=", "<",
           "An interaction whose item_id equals max_item_id should be kept by filter_by_max_item_id: write "
           "the "
           "unit test for that boundary."},
          {"src/mapping.cpp", "interaction_from_record", "SLR", "\"created_at\"", "\"timestamp\"",
           "GET /interactions/ answers 500: run the e2e suite, then read the server's log for the field it "
           "could not find."}},
         {"tests/unit/test_interactions_ai.cpp"}},
    };
    return presets;
}

const LabPreset& find_lab_preset(const std::string& name) {
    std::vector<std::string> names;
    for (const LabPreset& preset : lab_presets()) {
        if (preset.name == name) {
            return preset;
        }
        names.push_back(preset.name);
    }
    throw mlab::InputError(fmt::format("--preset {}: no such preset (known: {})", name, joined(names)));
}

std::vector<MutationSite> preset_sites(const LabPreset& preset, const std::vector<MutationSite>& sites) {
    std::vector<MutationSite> found;
    for (const PresetBug& bug : preset.bugs) {
        const auto site = std::find_if(sites.begin(), sites.end(), [&](const MutationSite& candidate) {
            return ends_with_path(candidate.file, bug.file) &&
                   function_matches(candidate.function, bug.function) && candidate.family == bug.family &&
                   candidate.original == bug.original && candidate.replacement == bug.replacement;
        });
        if (site == sites.end()) {
            throw mlab::InputError(fmt::format(
                "--preset {}: no mutation site {} '{}' -> '{}' in {} ({}); is this the project the preset is "
                "for, with its mutator.yml?",
                preset.name, bug.family, bug.original, bug.replacement, bug.function, bug.file));
        }
        found.push_back(*site);
    }
    return found;
}

std::vector<LabTest> lab_tests(const std::vector<TestCase>& tests, const LabSettings& settings) {
    std::vector<LabTest> lab;
    for (const TestCase& test : tests) {
        const auto has = [&](const std::string& label) {
            return std::find(test.labels.begin(), test.labels.end(), label) != test.labels.end();
        };
        lab.push_back(
            LabTest{test.name, test.source_file, has(settings.starter_label), has(settings.reference_label)});
    }
    return lab;
}

LabPlan plan_lab(const std::vector<MutationSite>& sites, const mlab::ReportView& report,
                 const std::vector<LabTest>& tests, const LabSettings& settings) {
    LabPlan plan;
    const Suites suites = split_suites(tests, settings, plan);
    const std::map<std::string, const mlab::MutantView*> outcomes = outcomes_of(report);
    plan.analysed = outcomes.size();
    const Qualified qualified = qualify(sites, outcomes, suites);
    plan.qualified = qualified.candidates.size();
    if (!settings.preset.empty()) {
        choose_preset_bugs(sites, qualified, settings, plan);
    } else {
        choose_seeded_bugs(qualified, settings, plan);
    }
    return plan;
}

}  // namespace mutator
