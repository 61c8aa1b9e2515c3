// mutator lab, write: the starter copy with the bugs in, one patch per bug, the answer key, the checker's
// settings.

#include <map>
#include <set>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/project_copy.hpp"
#include "mlab/common/text.hpp"
#include "mutator/mutant_build.hpp"
#include "mutator/mutation_text.hpp"
#include "mutator/variants.hpp"
#include "phases.hpp"

namespace mutator {
namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// A line without its trailing blanks; its indentation is part of what the key shows.
std::string rtrim(std::string text) {
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) {
        text.pop_back();
    }
    return text;
}

std::string line_of(const std::string& text, unsigned line) {
    const std::vector<std::string_view> lines = mlab::split_lines(text);
    return line >= 1 && line <= lines.size() ? std::string(lines[line - 1]) : std::string();
}

// The project path (relative to the root the scan used) as a path relative to the copied source folder.
std::string in_source(const LabOutput& output, const std::string& file) {
    const fs::path absolute = mlab::canonical_or_same(output.project_root / file);
    const std::optional<fs::path> relative =
        mlab::relative_inside(absolute, mlab::canonical_or_same(output.source_dir));
    if (!relative) {
        throw mlab::InputError(
            fmt::format("{}: outside the project's source folder {}; the lab copies only "
                        "that folder",
                        absolute.string(), output.source_dir.string()));
    }
    return relative->generic_string();
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
        text += fmt::format("- original: `{}`\n", rtrim(bug["originalLine"].get<std::string>()));
        text += fmt::format("- with the bug: `{}`\n", rtrim(bug["mutatedLine"].get<std::string>()));
        text += fmt::format("- caught by: {}\n", joined(bug["caughtBy"].get<std::vector<std::string>>()));
        text += fmt::format("- hint for students: {}\n", bug["hint"].get<std::string>());
        text += fmt::format("- patch: `{}` (`git apply -R` of it in the starter repository fixes the bug)\n",
                            bug["patch"].get<std::string>());
    }
    return text;
}

}  // namespace

StarterChanges starter_changes(const LabPlan& plan, const LabOutput& output) {
    StarterChanges changes;
    for (const std::string& file : plan.dropped_files) {
        changes.dropped.insert(in_source(output, file));
    }
    for (const LabBug& bug : plan.bugs) {
        changes.bugs_by_file[in_source(output, bug.site.file)].push_back(bug.site);
    }
    return changes;
}

void write_starter(const StarterChanges& changes, const LabOutput& output, const fs::path& starter,
                   const fs::path& out) {
    // The source folder as every copy takes it (mlab::left_out_of_copies), without the user's build, the
    // work folder, the output's folder and the dropped files, and with the bugs in.
    const fs::path source = mlab::canonical_or_same(output.source_dir);
    mlab::TreeCopy rules;
    rules.skipped_folders = {mlab::canonical_or_same(output.user_build_dir),
                             mlab::canonical_or_same(output.work_dir),
                             mlab::canonical_or_same(fs::absolute(out).parent_path())};
    rules.dropped = changes.dropped;
    for (const auto& [file, sites] : changes.bugs_by_file) {
        rules.replacements[source / file] = apply_sites(mlab::read_file(source / file), sites);
    }
    mlab::sync_tree(source, starter, rules);
    if (!fs::exists(starter / ".gitignore")) {
        mlab::write_file_atomic(starter / ".gitignore", "/build/\n.curator/backups/\n.curator/drafts/\n");
    }
}

void write_answer_key(const LabPlan& plan, const LabSettings& settings, const ordered_json& report,
                      const LabOutput& output, const fs::path& folder) {
    ordered_json bugs = ordered_json::array();
    fs::create_directories(folder / "patches");
    const int width = plan.bugs.size() >= 100 ? 3 : 2;
    for (std::size_t i = 0; i < plan.bugs.size(); ++i) {
        const LabBug& bug = plan.bugs[i];
        const std::string file = in_source(output, bug.site.file);
        const std::string original = mlab::read_file(output.source_dir / file);
        const std::string mutated = apply_site(original, bug.site);
        const std::string patch = fmt::format("patches/bug-{:0{}}.patch", i + 1, width);
        mlab::write_file_atomic(folder / patch, unified_diff(file, original, mutated));
        bugs.push_back(bug_json(bug, i + 1, rtrim(line_of(original, bug.site.line)),
                                rtrim(line_of(mutated, bug.site.line)), patch));
    }
    fs::create_directories(folder / "key");
    ordered_json key{{"lab", "mutator lab"},
                     {"seed", settings.seed},
                     {"preset", settings.preset},
                     {"analysed", plan.analysed},
                     {"qualified", plan.qualified},
                     {"droppedTestFiles", plan.dropped_files},
                     {"bugs", bugs}};
    mlab::write_file_atomic(folder / "key" / "bugs.json", key.dump(2) + "\n");
    mlab::write_file_atomic(folder / "key" / "README.md", key_markdown(bugs, settings, plan));
    mlab::write_file_atomic(folder / "key" / "mutation-report.json", report.dump(2) + "\n");
}

void write_checker(const LabPlan& plan, const LabSettings& settings, const fs::path& folder,
                   const fs::path& starter) {
    ordered_json checker{{"checker", "mutation-lab"},
                         {"version", 1},
                         {"tests", {{"allMustPass", true}, {"required", plan.starter_tests}}},
                         {"curation",
                          {{"files", settings.ai_tests},
                           {"minKept", settings.min_kept},
                           {"minDiscarded", settings.min_discarded}}},
                         {"bugs", plan.bugs.size()}};
    mlab::write_file_atomic(folder / "checker.json", checker.dump(2) + "\n");
    // A copy in the students' repository for its CI job (docs/ci.md); it names no bug.
    fs::create_directories(starter / ".mutation-lab");
    mlab::write_file_atomic(starter / ".mutation-lab" / "checker.json", checker.dump(2) + "\n");
}

std::string apply_sites(std::string original, std::vector<MutationSite> sites) {
    std::sort(sites.begin(), sites.end(),
              [](const MutationSite& a, const MutationSite& b) { return a.offset > b.offset; });
    for (const MutationSite& site : sites) {
        original = apply_site(original, site);
    }
    return original;
}

}  // namespace mutator
