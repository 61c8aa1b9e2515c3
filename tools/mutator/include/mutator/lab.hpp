#pragma once
// `mutator lab`: a ready-to-hand-out lab from a project with two test suites. The phases:
// analyse (one mutation run over every test, giving the kill matrix) → plan (the mutants the reference suite
// kills and the starter suite misses, spread by seed) → write (the starter repository with the bugs in,
// one patch per bug, the answer key, the checker's settings) → verify (the starter builds and its tests
// pass).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlab/report/view.hpp"
#include "mutator/site.hpp"
#include "mutator/test_suite.hpp"

namespace mutator {

struct LabSettings {
    std::size_t bugs = 0;  // 0 with a preset: the preset's own count
    std::uint64_t seed = 1;
    std::string preset;  // empty, or a name of lab_presets()
    std::string reference_label = "reference";
    std::string starter_label = "starter";
    std::vector<std::string> ai_tests;  // the AI-written test files the checker's `curator check` covers
    unsigned min_kept = 2, min_discarded = 1;
};

/// One bug a preset names: the site whose file ends with `file`, inside `function`, with this rule family,
/// original and replacement text; and the hint the key gives for it.
struct PresetBug {
    std::string file, function, family, original, replacement, hint;
};

struct LabPreset {
    std::string name, description;
    std::vector<PresetBug> bugs;
    std::vector<std::string> ai_tests;  // the default --ai-tests
};

/// Every preset `--preset` knows.
const std::vector<LabPreset>& lab_presets();

/// The preset of that name; throws mlab::InputError naming the value and the known presets.
const LabPreset& find_lab_preset(const std::string& name);

/// The sites a preset names, in its order; throws mlab::InputError naming a bug no site matches.
std::vector<MutationSite> preset_sites(const LabPreset& preset, const std::vector<MutationSite>& sites);

/// A test as the lab sees it: where it is written (root-relative, empty when unknown) and its suites.
struct LabTest {
    std::string name, file;
    bool starter = false, reference = false;
};

std::vector<LabTest> lab_tests(const std::vector<TestCase>& tests, const LabSettings& settings);

struct LabBug {
    MutationSite site;
    std::vector<std::string> caught_by;  // the reference tests that kill it
    std::string hint;
};

struct LabPlan {
    std::vector<LabBug> bugs;
    std::vector<std::string> dropped_files;  // test files without a starter test: not in the starter copy
    std::vector<std::string> starter_tests;  // the tests the starter copy keeps
    std::size_t analysed = 0;                // mutants in the report
    std::size_t qualified = 0;  // killed by the reference suite, missed by the starter copy's tests
};

/// Chooses the bugs from the analysis `report` (a mutation report over every test, read typed): the mutants
/// that a reference test kills and no test the starter copy keeps kills, spread over files and operators by
/// seed, never two on one line. With a preset, exactly its sites, each of which must qualify. Throws
/// mlab::InputError when fewer qualify than asked for, saying how many did, or when a preset bug does not.
LabPlan plan_lab(const std::vector<MutationSite>& sites, const mlab::ReportView& report,
                 const std::vector<LabTest>& tests, const LabSettings& settings);

struct LabOutput {
    std::filesystem::path project_root;    // the root the sites' and tests' paths are relative to
    std::filesystem::path source_dir;      // the CMake source folder that is copied
    std::filesystem::path user_build_dir;  // configured like this for the verification
    std::filesystem::path work_dir;        // the verification build goes here
    bool verify = true;
    unsigned jobs = 1;
};

/// The starter copy's tests, and how they did in the verification.
struct LabVerification {
    std::vector<std::string> tests;
    bool ran = false;
};

/// Writes OUT/{starter/, patches/, key/, checker.json} all at once or not at all (see docs/lab.md). The
/// starter copy is verified before it is committed: it must configure, build and pass its tests with the
/// bugs in, and keep every starter test. Throws mlab::InputError when it does not.
LabVerification write_lab(const LabPlan& plan, const LabSettings& settings,
                          const nlohmann::ordered_json& report, const LabOutput& output,
                          const std::filesystem::path& out,
                          const std::function<void(std::string_view)>& note);

/// The mutated file: `original` with every one of `sites` (all of this file, none overlapping) applied.
std::string apply_sites(std::string original, std::vector<MutationSite> sites);

}  // namespace mutator
