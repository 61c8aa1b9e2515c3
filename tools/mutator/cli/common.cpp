#include "common.hpp"
#include "mlab/common/cli_options.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/process.hpp"
#include "mutator/arid.hpp"
#include "mutator/config.hpp"
#include "mutator/site_finder.hpp"

namespace mutator::cli {
namespace fs = std::filesystem;
std::vector<std::string> split_commas(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const std::string& value : values) {
        std::size_t start = 0;
        while (start <= value.size()) {
            const std::size_t end = std::min(value.find(',', start), value.size());
            if (end > start) {
                out.push_back(value.substr(start, end - start));
            }
            start = end + 1;
        }
    }
    return out;
}

void add_scan_options(CLI::App& command, ScanOptions& options, bool with_paths) {
    command
        .add_option("-p,--build-dir", options.build_dir,
                    "The project's build folder (holds compile_commands.json)")
        ->transform(mlab::absolute_path_option())
        ->required();
    command.add_option("--root", options.root, "The project's source root (default: from CMakeCache.txt)")
        ->transform(mlab::absolute_path_option());
    command.add_option("--config", options.config, "Config file (default: ROOT/mutator.yml when present)")
        ->transform(mlab::absolute_path_option());
    // Each list option takes one value per flag (a comma list for names, one glob or pair per flag), so the
    // paths after it stay paths: `--disable CR src/x.cc` disables CR and mutates src/x.cc.
    command
        .add_option("--operators", options.operators,
                    "Only these families or rules, a comma list, e.g. ROR,AOR.add_to_sub")
        ->allow_extra_args(false);
    command.add_option("--disable", options.disable, "Switch off these families or rules (a comma list)")
        ->allow_extra_args(false);
    command
        .add_option("--include", options.include,
                    "Only files matching this root-relative glob (repeat the flag for more)")
        ->allow_extra_args(false);
    command
        .add_option("--exclude", options.exclude, "Skip files matching this root-relative glob (repeatable)")
        ->allow_extra_args(false);
    command
        .add_option("--string-pair", options.string_pairs,
                    "An SLR pair FROM=TO (adds to mutator.yml's; repeatable)")
        ->allow_extra_args(false);
    if (with_paths) {
        command.add_option("paths", options.paths, "Only sites in these files or folders")
            ->transform(mlab::absolute_path_option());
    }
}

Scan run_scan(const ScanOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    Project project = Project::open(options.build_dir, options.root);
    Config config =
        options.config.empty() ? load_project_config(project.root()) : load_config(options.config);

    OperatorSettings settings;
    const std::vector<std::string> operators =
        options.operators.empty() ? config.operators : split_commas(options.operators);
    std::vector<std::string> disable = config.disable;
    for (const std::string& name : split_commas(options.disable)) {
        disable.push_back(name);
    }
    try {
        settings.rules = RuleSelection(operators, disable);
    } catch (const std::invalid_argument& error) {
        throw mlab::InputError(error.what());
    }
    settings.string_pairs = config.string_pairs;
    for (const std::string& pair : options.string_pairs) {
        const auto equals = pair.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw mlab::InputError("--string-pair '" + pair + "': expected FROM=TO");
        }
        settings.string_pairs.emplace_back(pair.substr(0, equals), pair.substr(equals + 1));
    }
    settings.arid_names = config.arid ? *config.arid : default_arid_names();
    settings.assertion_macros = config.assertions ? *config.assertions : default_assertion_macros();
    settings.mutate_member_defaults = config.default_member_initializers;

    std::vector<std::string> include = config.include;
    include.insert(include.end(), options.include.begin(), options.include.end());
    std::vector<std::string> exclude = config.exclude;
    exclude.insert(exclude.end(), options.exclude.begin(), options.exclude.end());
    ProjectScope scope(project.root(), project.build_dir(), include, exclude);

    FinderOptions finder{settings, {}, test_only_units(project)};
    for (const std::string& path : options.paths) {
        std::error_code error;
        finder.paths.push_back(fs::weakly_canonical(fs::absolute(path), error).string());
    }
    SiteList sites = find_sites(project, scope, finder);
    return Scan{std::move(project), std::move(sites), std::move(config), mlab::milliseconds_since(started)};
}

std::string skipped_summary(const SiteList& list, std::size_t suppressed) {
    std::vector<std::pair<std::string, std::size_t>> parts(list.skipped.begin(), list.skipped.end());
    if (suppressed > 0) {
        parts.emplace_back("suppressed", suppressed);
    }
    std::string text;
    std::size_t total = 0;
    for (const auto& [reason, count] : parts) {
        text += fmt::format("{}{} {}", text.empty() ? "" : ", ", count, reason);
        total += count;
    }
    return total == 0 ? "skipped: none" : fmt::format("skipped: {} ({})", total, text);
}

const MutationSite& site_by_id(const SiteList& sites, const std::string& id) {
    for (const MutationSite& site : sites.sites) {
        if (site.id == id) {
            return site;
        }
    }
    throw mlab::InputError("no mutant with id '" + id + "' (see 'mutator list')");
}

}  // namespace mutator::cli
