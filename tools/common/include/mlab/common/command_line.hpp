#pragma once
// The one `main` of both tools: parse, run the chosen subcommand under an interrupt guard, and map every way
// it can end to an exit code with at most one line on stderr. Header-only: only the tools' mains use CLI11.

#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "mlab/common/errors.hpp"
#include "mlab/common/process.hpp"

namespace mlab {

/// The subcommand a callback chose, run after parsing (callbacks never exit or print).
using Command = std::function<int()>;

/// A tool's own mapping of an exception to an exit code, after printing its line; nullopt: not its kind.
using FailureMapping = std::function<std::optional<int>(const std::exception_ptr&, std::ostream&)>;

inline int run_command_line(std::string_view tool, CLI::App& app, int argc, char** argv,
                            const Command& command, const FailureMapping& own_failures = {}) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) {
        return app.exit(done);
    } catch (const CLI::ParseError& error) {
        std::cerr << tool << ": " << error.what() << " (see --help)\n";
        return kExitInputError;
    }
    // Ctrl-C: builds and tests in progress stop at once; a second Ctrl-C ends everything now.
    const InterruptGuard interrupts;
    try {
        const int status = command();
        if (InterruptGuard::requested() && status != kExitInterrupted) {  // the command may have said so
            std::cerr << tool << ": interrupted\n";
            return kExitInterrupted;
        }
        return status;
    } catch (...) {
        if (InterruptGuard::requested()) {
            std::cerr << tool << ": interrupted\n";
            return kExitInterrupted;
        }
        if (own_failures) {
            if (const std::optional<int> status = own_failures(std::current_exception(), std::cerr)) {
                return *status;
            }
        }
        return report_failure(tool, std::current_exception(), std::cerr);
    }
}

}  // namespace mlab
