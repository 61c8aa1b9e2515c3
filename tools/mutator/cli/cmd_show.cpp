// mutator show: the unified diff of one mutant.

#include <iostream>

#include "common.hpp"
#include "mlab/common/files.hpp"
#include "mutator/mutation_text.hpp"

namespace mutator::cli {
namespace {

struct ShowOptions {
    ScanOptions scan;
    std::string id;
};

int run_show(const ShowOptions& options) {
    const Scan scan = run_scan(options.scan);
    const MutationSite& site = site_by_id(scan.sites, options.id);
    const std::string original = mlab::read_file(scan.project.root() / site.file);
    std::cout << unified_diff(site.file, original, apply_site(original, site));
    return 0;
}

}  // namespace

void register_show(CLI::App& app, Command& command) {
    auto options = std::make_shared<ShowOptions>();
    CLI::App* show = app.add_subcommand("show", "Print the unified diff of one mutant");
    show->add_option("id", options->id, "The mutant's id (from 'mutator list')")->required();
    add_scan_options(*show, options->scan, false);
    show->callback([&command, options] { command = [options] { return run_show(*options); }; });
}

}  // namespace mutator::cli
