// mutator apply: writes the mutated copy of one file into another folder; the source tree is untouched.

#include <filesystem>
#include <iostream>

#include "common.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mutator/mutation_text.hpp"

namespace mutator::cli {
namespace fs = std::filesystem;
namespace {

struct ApplyOptions {
    ScanOptions scan;
    std::string id;
    std::string out;
};

int run_apply(const ApplyOptions& options) {
    const Scan scan = run_scan(options.scan);
    const MutationSite& site = site_by_id(scan.sites, options.id);
    const fs::path source = scan.project.root() / site.file;
    const fs::path target = fs::absolute(options.out) / site.file;
    std::error_code error;
    if (fs::exists(target) && fs::equivalent(source, target, error)) {
        throw mlab::InputError(options.out + ": is the project itself; the source tree is never modified");
    }
    const std::string mutated = apply_site(mlab::read_file(source), site);
    fs::create_directories(target.parent_path(), error);
    if (error) {
        throw mlab::InputError(options.out + ": cannot write there: " + error.message());
    }
    try {
        mlab::write_file_atomic(target, mutated);
    } catch (const mlab::FileError& failure) {
        throw mlab::InputError(failure.what());
    }
    std::cout << "wrote " << target.string() << " (" << site.rule << " at " << site.file << ":" << site.line
              << ")\n";
    return 0;
}

}  // namespace

void register_apply(CLI::App& app, Command& command) {
    auto options = std::make_shared<ApplyOptions>();
    CLI::App* apply =
        app.add_subcommand("apply", "Write the mutated copy of the changed file into another folder");
    apply->add_option("id", options->id, "The mutant's id (from 'mutator list')")->required();
    apply->add_option("--out", options->out, "Folder to write FILE into, at its project-relative path")
        ->transform(mlab::absolute_path_option())
        ->required();
    add_scan_options(*apply, options->scan, false);
    apply->callback([&command, options] { command = [options] { return run_apply(*options); }; });
}

}  // namespace mutator::cli
