// curator: asks an LLM for GoogleTest tests, proves each one, and records the student's review of it.

#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "curator/llm.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

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
    try {
        return command();
    } catch (const curator::LlmError& error) {
        std::cerr << "curator: the model call failed: " << error.what() << "\n";
        return 3;
    } catch (const mlab::InputError& error) {
        std::cerr << "curator: " << error.what() << "\n";
    } catch (const mlab::FileError& error) {
        std::cerr << "curator: " << error.what() << "\n";
    } catch (const nlohmann::json::exception& error) {
        std::cerr << "curator: unexpected value in a JSON input: " << error.what() << "\n";
    }
    return 2;
}
