// mutator: finds mutation sites in a CMake project and turns them into bug variants and mutation scores.

#include <iostream>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

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
    try {
        return command();
    } catch (const mlab::InputError& error) {
        std::cerr << "mutator: " << error.what() << "\n";
    } catch (const mlab::FileError& error) {
        std::cerr << "mutator: " << error.what() << "\n";
    } catch (const std::invalid_argument& error) {
        std::cerr << "mutator: " << error.what() << "\n";
    } catch (const nlohmann::json::exception& error) {
        // A value of a JSON input the checks let through: still one line, still exit 2.
        std::cerr << "mutator: unexpected value in a JSON input: " << error.what() << "\n";
    }
    return 2;
}
