// mutator: finds mutation sites in a CMake project and turns them into bug variants and mutation scores.

#include "common.hpp"
#include "mlab/common/command_line.hpp"
#include "mlab/version.hpp"

int main(int argc, char** argv) {
    CLI::App app{"mutator: mutation testing for C++ projects built with CMake"};
    app.set_version_flag("--version", "mutator " MLAB_VERSION " (git " MLAB_REVISION ")");
    app.require_subcommand(1);
    mutator::cli::Command command;
    mutator::cli::register_list(app, command);
    mutator::cli::register_show(app, command);
    mutator::cli::register_apply(app, command);
    mutator::cli::register_variants(app, command);
    mutator::cli::register_lab(app, command);
    mutator::cli::register_operators(app, command);
    mutator::cli::register_run(app, command);
    mutator::cli::register_merge(app, command);
    mutator::cli::register_report(app, command);
    return mlab::run_command_line("mutator", app, argc, argv, command);
}
