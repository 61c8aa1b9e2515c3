// mutator variants: a seeded, spread-out set of bug variants for a lab.

#include <iostream>

#include "common.hpp"
#include "mlab/common/cli_options.hpp"
#include "mutator/variants.hpp"

namespace mutator::cli {
namespace {

struct VariantsOptions {
    ScanOptions scan;
    std::size_t count = 5;
    std::uint64_t seed = 1;
    std::string out;
};

int run_variants(const VariantsOptions& options) {
    const Scan scan = run_scan(options.scan);
    const std::vector<MutationSite> chosen = choose_variants(scan.sites.sites, options.count, options.seed);
    write_variants(scan.project.root(), chosen, options.out, options.seed);
    for (const MutationSite& site : chosen) {
        std::cout << site.id << "  " << site.rule << "  " << site.file << ":" << site.line << "\n";
    }
    std::cout << "wrote " << chosen.size() << " variants to " << options.out;
    if (chosen.size() < options.count) {
        std::cout << " (only " << chosen.size() << " sites are in scope; asked for " << options.count << ")";
    }
    std::cout << "\n";
    return 0;
}

}  // namespace

void register_variants(CLI::App& app, Command& command) {
    auto options = std::make_shared<VariantsOptions>();
    CLI::App* variants =
        app.add_subcommand("variants", "Write N bug variants (patch, mutated file, manifest) for a lab");
    variants->add_option("--count", options->count, "How many variants")
        ->required()
        ->check(mlab::positive_number());
    variants->add_option("--seed", options->seed,
                         "Seed of the choice: the same seed gives the same variants");
    variants->add_option("--out", options->out, "A new folder for the variants")
        ->transform(mlab::absolute_path_option())
        ->required();
    add_scan_options(*variants, options->scan, true);
    variants->callback([&command, options] { command = [options] { return run_variants(*options); }; });
}

}  // namespace mutator::cli
