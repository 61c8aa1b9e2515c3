// mutator: finds mutation sites in a CMake project and turns them into bug variants and mutation scores.

#include <iostream>

#include "common.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/process.hpp"

int main(int argc, char** argv) {
    CLI::App app{"mutator: mutation testing for C++ projects built with CMake"};
    app.set_version_flag("--version", MLAB_VERSION);
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
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) {
        return app.exit(done);
    } catch (const CLI::ParseError& error) {
        std::cerr << "mutator: " << error.what() << " (see --help)\n";
        return 2;
    }
    // Ctrl-C: builds and tests in progress stop at once; a second Ctrl-C ends everything now.
    const mlab::InterruptGuard interrupts;
    try {
        const int status = command();
        if (mlab::InterruptGuard::requested() && status != 130) {  // 130: the command said so itself
            std::cerr << "mutator: interrupted\n";
            return 130;
        }
        return status;
    } catch (...) {
        if (mlab::InterruptGuard::requested()) {
            std::cerr << "mutator: interrupted\n";
            return 130;
        }
        return mlab::report_failure("mutator", std::current_exception(), std::cerr);
    }
}
