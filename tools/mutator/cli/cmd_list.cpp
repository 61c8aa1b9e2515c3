// mutator list: every mutation site of the project, one per line or as JSON.

#include <iostream>

#include <fmt/format.h>

#include "common.hpp"
#include "mutator/mutation_text.hpp"
#include "mutator/site_json.hpp"

namespace mutator::cli {
namespace {

struct ListOptions {
    ScanOptions scan;
    std::string format = "text";
};

int run_list(const ListOptions& options) {
    const Scan scan = run_scan(options.scan);
    if (options.format == "json") {
        std::cout << site_list_to_json(scan.sites).dump(2) << "\n";
        return 0;
    }
    std::size_t listed = 0;
    std::size_t suppressed = 0;
    for (const MutationSite& site : scan.sites.sites) {
        if (site.suppressed) {
            ++suppressed;
            continue;
        }
        ++listed;
        std::cout << fmt::format("{}:{}:{}  {}  {}  ({})  {}\n", site.file, site.line, site.column,
                                 site.family, one_line_change(site, 40),
                                 site.function.empty() ? "-" : site.function, site.id);
    }
    std::cout << fmt::format("{} sites in {} files ({} translation units); {}\n", listed, scan.sites.files,
                             scan.sites.translation_units, skipped_summary(scan.sites, suppressed));
    return 0;
}

}  // namespace

void register_list(CLI::App& app, Command& command) {
    auto options = std::make_shared<ListOptions>();
    CLI::App* list =
        app.add_subcommand("list", "Print every mutation site: file:line:col OPERATOR change (function) id");
    add_scan_options(*list, options->scan, true);
    list->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}));
    list->callback([&command, options] { command = [options] { return run_list(*options); }; });
}

}  // namespace mutator::cli
