#include "mutator/lab.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"
#include "mutator/mutant_build.hpp"
#include "mutator/mutation_text.hpp"
#include "mutator/variants.hpp"

namespace mutator {
namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

bool ends_with_path(const std::string& file, const std::string& suffix) {
    return file == suffix || (file.size() > suffix.size() && file.ends_with(suffix) &&
                              file[file.size() - suffix.size() - 1] == '/');
}

bool function_matches(const std::string& qualified, const std::string& wanted) {
    return qualified == wanted || qualified.ends_with("::" + wanted);
}

// id → (status, killedBy) of every mutant of the report.
struct Outcome {
    std::string status;
    std::vector<std::string> killed_by;
};

std::map<std::string, Outcome> outcomes_of(const ordered_json& report) {
    std::map<std::string, Outcome> outcomes;
    const auto files = report.find("files");
    if (files == report.end()) {
        return outcomes;
    }
    for (const auto& [path, file] : files->items()) {
        const auto mutants = file.find("mutants");
        if (mutants == file.end()) {
            continue;
        }
        for (const ordered_json& mutant : *mutants) {
            Outcome outcome;
            outcome.status = mutant.value("status", "");
            if (const auto killed = mutant.find("killedBy"); killed != mutant.end()) {
                outcome.killed_by = killed->get<std::vector<std::string>>();
            }
            outcomes[mutant.value("id", "")] = outcome;
        }
    }
    return outcomes;
}

bool same_line(const MutationSite& a, const MutationSite& b) {
    return a.file == b.file && a.line <= b.end_line && b.line <= a.end_line;
}

std::string line_of(const std::string& text, unsigned line) {
    const std::vector<std::string_view> lines = mlab::split_lines(text);
    return line >= 1 && line <= lines.size() ? std::string(lines[line - 1]) : std::string();
}

std::string joined(const std::vector<std::string>& items) {
    return fmt::format("{}", fmt::join(items, ", "));
}

std::string rtrim(std::string text) {
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) {
        text.pop_back();
    }
    return text;
}

// The project path (relative to the root the scan used) as a path relative to the copied source folder.
std::string in_source(const LabOutput& output, const std::string& file) {
    const fs::path absolute = mlab::canonical_or_same(output.project_root / file);
    const fs::path relative = absolute.lexically_relative(mlab::canonical_or_same(output.source_dir));
    if (relative.empty() || *relative.begin() == "..") {
        throw mlab::InputError(
            fmt::format("{}: outside the project's source folder {}; the lab copies only "
                        "that folder",
                        absolute.string(), output.source_dir.string()));
    }
    return relative.generic_string();
}

// Copies the source folder without version control, build folders, reviews, and the `dropped` files.
void copy_sources(const LabOutput& output, const fs::path& to, const std::set<std::string>& dropped,
                  const fs::path& out) {
    const fs::path source = mlab::canonical_or_same(output.source_dir);
    const std::set<fs::path> skipped_places{mlab::canonical_or_same(output.user_build_dir),
                                            mlab::canonical_or_same(output.work_dir),
                                            mlab::canonical_or_same(fs::absolute(out).parent_path())};
    fs::create_directories(to);
    for (auto it = fs::recursive_directory_iterator(source); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path& path = it->path();
        const fs::path relative = path.lexically_relative(source);
        const fs::path target = to / relative;
        if (it->is_directory() && !it->is_symlink()) {
            const fs::path canonical = mlab::canonical_or_same(path);
            const bool skip = left_out_of_source_copies(path) || path.filename() == ".curator" ||
                              (skipped_places.count(canonical) > 0 && canonical != source);
            if (skip) {
                it.disable_recursion_pending();
            } else {
                fs::create_directories(target);
            }
            continue;
        }
        if (dropped.count(relative.generic_string()) > 0) {
            continue;
        }
        if (it->is_symlink()) {
            fs::create_symlink(fs::read_symlink(path), target);
        } else if (it->is_regular_file()) {
            fs::copy_file(path, target);
        }
    }
}

mlab::ProcessResult run_checked(const std::vector<std::string>& argv, const fs::path& cwd,
                                const std::string& what) {
    mlab::ProcessOptions options;
    options.working_directory = cwd;
    options.timeout = std::chrono::hours(1);
    options.environment = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_CONFIG_GLOBAL", "/dev/null"}};
    mlab::ProcessResult result = mlab::run_process(argv, options);
    if (!result.succeeded()) {
        std::string output = result.standard_output + result.standard_error;
        const std::vector<std::string_view> lines = mlab::split_lines(output);
        std::string last;
        for (auto line = lines.rbegin(); line != lines.rend() && last.empty(); ++line) {
            last = rtrim(std::string(*line));
        }
        throw mlab::InputError(fmt::format("{} failed: {}", what, last.empty() ? "no output" : last));
    }
    return result;
}

// Configures, builds and runs the starter copy's tests in WORK/verify; the bugs must leave them passing.
LabVerification verify_starter(const LabPlan& plan, const LabOutput& output, const fs::path& starter,
                               const std::function<void(std::string_view)>& note) {
    LabVerification verification;
    const fs::path build = output.work_dir / "verify";
    std::error_code ignored;
    fs::remove_all(build, ignored);
    fs::create_directories(build);
    const std::string generator = mlab::cmake_cache_value(output.user_build_dir, "CMAKE_GENERATOR");
    std::vector<std::string> configure{"cmake", "-S", starter.string(), "-B", build.string()};
    if (!generator.empty()) {
        configure.insert(configure.end(), {"-G", generator});
    }
    for (std::string& option : mlab::cmake_copy_options(output.user_build_dir, output.source_dir, starter)) {
        configure.push_back(std::move(option));
    }
    note("verify: configuring and building the starter project with the bugs in");
    run_checked(configure, {}, "configuring the starter project");
    run_checked({"cmake", "--build", build.string(), "--parallel", std::to_string(std::max(1U, output.jobs))},
                {}, "building the starter project");
    for (const TestCase& test : discover_ctest_tests(build)) {
        verification.tests.push_back(test.name);
    }
    std::vector<std::string> missing;
    for (const std::string& name : plan.starter_tests) {
        if (std::find(verification.tests.begin(), verification.tests.end(), name) ==
            verification.tests.end()) {
            missing.push_back(name);
        }
    }
    if (!missing.empty()) {
        throw mlab::InputError(
            fmt::format("the starter project lost {} of its tests ({}): does its CMake skip "
                        "a test target whose source file the lab left out? (docs/lab.md)",
                        missing.size(), joined(missing)));
    }
    note(fmt::format("verify: running the starter project's {} tests", verification.tests.size()));
    mlab::ProcessOptions options;
    options.timeout = std::chrono::hours(1);
    const mlab::ProcessResult tests = mlab::run_process(
        {"ctest", "--test-dir", build.string(), "-j", std::to_string(std::max(1U, output.jobs))}, options);
    if (!tests.succeeded()) {
        std::vector<std::string> failed;
        for (const std::string_view line : mlab::split_lines(tests.standard_output)) {
            const std::string text = rtrim(std::string(line));
            if (const auto dash = text.find(" - ");
                text.find("(Failed)") != std::string::npos || text.find("(Timeout)") != std::string::npos) {
                failed.push_back(mlab::trim(text.substr(dash == std::string::npos ? 0 : dash + 3)));
            }
        }
        throw mlab::InputError(fmt::format(
            "the starter project's tests fail with the bugs in ({}): the bugs interact; try another --seed",
            failed.empty() ? "see ctest in " + build.string() : joined(failed)));
    }
    verification.ran = true;
    fs::remove_all(build, ignored);
    return verification;
}

ordered_json bug_json(const LabBug& bug, std::size_t number, const std::string& original_line,
                      const std::string& mutated_line, const std::string& patch) {
    const json manifest = variant_manifest(bug.site);
    return ordered_json{{"bug", number},
                        {"id", bug.site.id},
                        {"file", bug.site.file},
                        {"line", bug.site.line},
                        {"column", bug.site.column},
                        {"function", bug.site.function},
                        {"operator", bug.site.family},
                        {"mutator", bug.site.rule},
                        {"original", bug.site.original},
                        {"replacement", bug.site.replacement},
                        {"originalLine", original_line},
                        {"mutatedLine", mutated_line},
                        {"description", manifest.at("description")},
                        {"caughtBy", bug.caught_by},
                        {"hint", bug.hint},
                        {"patch", patch}};
}

std::string key_markdown(const ordered_json& bugs, const LabSettings& settings, const LabPlan& plan) {
    std::string text = fmt::format(
        "# Answer key\n\n{} bug{} ({}), chosen from {} qualifying mutants of {} "
        "analysed: each is killed by the reference suite and missed by the starter "
        "suite.\n\nKeep this folder from the students.\n",
        plan.bugs.size(), plan.bugs.size() == 1 ? "" : "s",
        settings.preset.empty() ? fmt::format("seed {}", settings.seed) : "preset " + settings.preset,
        plan.qualified, plan.analysed);
    for (const ordered_json& bug : bugs) {
        text += fmt::format(
            "\n## Bug {}: {}:{}{}\n\n", bug["bug"].get<std::size_t>(), bug["file"].get<std::string>(),
            bug["line"].get<unsigned>(),
            bug["function"].get<std::string>().empty() ? "" : ", in " + bug["function"].get<std::string>());
        text += fmt::format("- change ({}): `{}` became `{}`\n", bug["mutator"].get<std::string>(),
                            bug["original"].get<std::string>(), bug["replacement"].get<std::string>());
        text += fmt::format("- original: `{}`\n", mlab::trim(bug["originalLine"].get<std::string>()));
        text += fmt::format("- with the bug: `{}`\n", mlab::trim(bug["mutatedLine"].get<std::string>()));
        text += fmt::format("- caught by: {}\n", joined(bug["caughtBy"].get<std::vector<std::string>>()));
        text += fmt::format("- hint for students: {}\n", bug["hint"].get<std::string>());
        text += fmt::format("- patch: `{}` (`git apply -R` of it in the starter repository fixes the bug)\n",
                            bug["patch"].get<std::string>());
    }
    return text;
}

}  // namespace

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

LabPlan plan_lab(const std::vector<MutationSite>& sites, const ordered_json& report,
                 const std::vector<LabTest>& tests, const LabSettings& settings) {
    LabPlan plan;
    // The starter copy keeps every test file with a starter test, and every test of unknown place.
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
    std::set<std::string> visible, reference;
    for (const LabTest& test : tests) {
        if (test.file.empty() || kept_files.count(test.file) > 0) {
            visible.insert(test.name);
            plan.starter_tests.push_back(test.name);
        }
        if (test.reference) {
            reference.insert(test.name);
        }
    }

    const std::map<std::string, Outcome> outcomes = outcomes_of(report);
    plan.analysed = outcomes.size();
    std::vector<MutationSite> candidates;
    std::map<std::string, std::vector<std::string>> caught_by;
    std::map<std::string, std::string> why_not;
    for (const MutationSite& site : sites) {
        const auto outcome = outcomes.find(site.id);
        if (outcome == outcomes.end()) {
            continue;
        }
        std::vector<std::string> by_reference, by_starter;
        for (const std::string& test : outcome->second.killed_by) {
            if (reference.count(test) > 0) {
                by_reference.push_back(test);
            }
            if (visible.count(test) > 0) {
                by_starter.push_back(test);
            }
        }
        if (outcome->second.status != "Killed" || by_reference.empty()) {
            why_not[site.id] =
                fmt::format("the reference suite does not kill it ({})", outcome->second.status);
        } else if (!by_starter.empty()) {
            why_not[site.id] = fmt::format("the starter suite already catches it ({})", joined(by_starter));
        } else {
            candidates.push_back(site);
            caught_by[site.id] = by_reference;
        }
    }
    plan.qualified = candidates.size();

    if (!settings.preset.empty()) {
        const LabPreset& preset = find_lab_preset(settings.preset);
        const std::vector<MutationSite> wanted = preset_sites(preset, sites);
        for (std::size_t i = 0; i < wanted.size(); ++i) {
            const MutationSite& site = wanted[i];
            if (caught_by.count(site.id) == 0) {
                const auto reason = why_not.find(site.id);
                throw mlab::InputError(
                    fmt::format("--preset {}: the bug at {}:{} ({} -> {}) does not qualify: {}", preset.name,
                                site.file, site.line, site.original, site.replacement,
                                reason == why_not.end() ? "it was not analysed" : reason->second));
            }
            plan.bugs.push_back(LabBug{site, caught_by[site.id], preset.bugs[i].hint});
        }
        return plan;
    }

    const std::size_t wanted = settings.bugs;
    for (const MutationSite& site : choose_variants(candidates, candidates.size(), settings.seed)) {
        if (plan.bugs.size() == wanted) {
            break;
        }
        const bool clashes = std::any_of(plan.bugs.begin(), plan.bugs.end(),
                                         [&](const LabBug& bug) { return same_line(bug.site, site); });
        if (!clashes) {
            plan.bugs.push_back(
                LabBug{site, caught_by[site.id], variant_manifest(site).at("hint").get<std::string>()});
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
    return plan;
}

std::string apply_sites(std::string original, std::vector<MutationSite> sites) {
    std::sort(sites.begin(), sites.end(),
              [](const MutationSite& a, const MutationSite& b) { return a.offset > b.offset; });
    for (const MutationSite& site : sites) {
        original = apply_site(original, site);
    }
    return original;
}

LabVerification write_lab(const LabPlan& plan, const LabSettings& settings, const ordered_json& report,
                          const LabOutput& output, const fs::path& out,
                          const std::function<void(std::string_view)>& note) {
    std::set<std::string> dropped;
    for (const std::string& file : plan.dropped_files) {
        dropped.insert(in_source(output, file));
    }
    std::map<std::string, std::vector<MutationSite>> by_file;  // source-relative file → its bugs
    for (const LabBug& bug : plan.bugs) {
        by_file[in_source(output, bug.site.file)].push_back(bug.site);
    }
    LabVerification verification;
    write_directory_atomically(out, [&](const fs::path& temp) {
        const fs::path starter = temp / "starter";
        copy_sources(output, starter, dropped, out);
        for (const auto& [file, sites] : by_file) {
            const std::string original = mlab::read_file(output.source_dir / file);
            const auto permissions = fs::status(output.source_dir / file).permissions();
            mlab::write_file_atomic(starter / file, apply_sites(original, sites));
            fs::permissions(starter / file, permissions);
        }
        if (!fs::exists(starter / ".gitignore")) {
            mlab::write_file_atomic(starter / ".gitignore", "/build/\n.curator/backups/\n.curator/drafts/\n");
        }

        ordered_json bugs = ordered_json::array();
        fs::create_directories(temp / "patches");
        const int width = plan.bugs.size() >= 100 ? 3 : 2;
        for (std::size_t i = 0; i < plan.bugs.size(); ++i) {
            const LabBug& bug = plan.bugs[i];
            const std::string file = in_source(output, bug.site.file);
            const std::string original = mlab::read_file(output.source_dir / file);
            const std::string mutated = apply_site(original, bug.site);
            const std::string patch = fmt::format("patches/bug-{:0{}}.patch", i + 1, width);
            mlab::write_file_atomic(temp / patch, unified_diff(file, original, mutated));
            bugs.push_back(bug_json(bug, i + 1, rtrim(line_of(original, bug.site.line)),
                                    rtrim(line_of(mutated, bug.site.line)), patch));
        }
        fs::create_directories(temp / "key");
        ordered_json key{{"lab", "mutator lab"},
                         {"seed", settings.seed},
                         {"preset", settings.preset},
                         {"analysed", plan.analysed},
                         {"qualified", plan.qualified},
                         {"droppedTestFiles", plan.dropped_files},
                         {"bugs", bugs}};
        mlab::write_file_atomic(temp / "key" / "bugs.json", key.dump(2) + "\n");
        mlab::write_file_atomic(temp / "key" / "README.md", key_markdown(bugs, settings, plan));
        mlab::write_file_atomic(temp / "key" / "mutation-report.json", report.dump(2) + "\n");

        ordered_json checker{{"checker", "mutation-lab"},
                             {"version", 1},
                             {"tests", {{"allMustPass", true}, {"required", plan.starter_tests}}},
                             {"curation",
                              {{"files", settings.ai_tests},
                               {"minKept", settings.min_kept},
                               {"minDiscarded", settings.min_discarded}}},
                             {"bugs", plan.bugs.size()}};
        mlab::write_file_atomic(temp / "checker.json", checker.dump(2) + "\n");
        // A copy in the students' repository for its CI job (docs/ci.md); it names no bug.
        fs::create_directories(starter / ".mutation-lab");
        mlab::write_file_atomic(starter / ".mutation-lab" / "checker.json", checker.dump(2) + "\n");

        if (output.verify) {
            verification = verify_starter(plan, output, starter, note);
        }
        run_checked({"git", "init", "-q", "-b", "main"}, starter, "git init in the starter project");
        run_checked({"git", "add", "-A"}, starter, "git add in the starter project");
        run_checked({"git", "-c", "user.name=Mutation Lab", "-c", "user.email=mutation-lab@localhost",
                     "commit", "-q", "-m", "The lab's starting point"},
                    starter, "git commit in the starter project");
    });
    return verification;
}

}  // namespace mutator
