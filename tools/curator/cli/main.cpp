// curator: asks an LLM for GoogleTest tests, proves each one, and records the student's review of it.

#include <iostream>

#include "commands.hpp"
#include "curator/llm.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/process.hpp"

int main(int argc, char** argv) {
    CLI::App app{"curator: AI-written tests, proven and reviewed"};
    app.set_version_flag("--version", MLAB_VERSION);
    app.require_subcommand(1);
    curator::cli::Command command;
    curator::cli::register_generate(app, command);
    curator::cli::register_review(app, command);
    curator::cli::register_annotate(app, command);
    curator::cli::register_check(app, command);
    curator::cli::register_status(app, command);
    curator::cli::register_report(app, command);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) {
        return app.exit(done);
    } catch (const CLI::ParseError& error) {
        std::cerr << "curator: " << error.what() << " (see --help)\n";
        return 2;
    }
    // Ctrl-C: builds and tests in progress stop at once; a second Ctrl-C ends everything now.
    const mlab::InterruptGuard interrupts;
    try {
        const int status = command();
        if (mlab::InterruptGuard::requested() && status != 130) {  // 130: the command said so itself
            std::cerr << "curator: interrupted\n";
            return 130;
        }
        return status;
    } catch (const curator::LlmError& error) {
        if (mlab::InterruptGuard::requested()) {
            std::cerr << "curator: interrupted\n";
            return 130;
        }
        std::cerr << "curator: the model call failed: " << error.what() << "\n";
        return 3;
    } catch (...) {
        if (mlab::InterruptGuard::requested()) {
            std::cerr << "curator: interrupted\n";
            return 130;
        }
        return mlab::report_failure("curator", std::current_exception(), std::cerr);
    }
}
