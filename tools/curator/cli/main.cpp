// curator: asks an LLM for GoogleTest tests, proves each one, and records the student's review of it.

#include "commands.hpp"
#include "curator/llm.hpp"
#include "mlab/common/command_line.hpp"
#include "mlab/version.hpp"

int main(int argc, char** argv) {
    CLI::App app{"curator: AI-written tests, proven and reviewed"};
    app.set_version_flag("--version", "curator " MLAB_VERSION " (git " MLAB_REVISION ")");
    app.require_subcommand(1);
    curator::cli::Command command;
    curator::cli::register_generate(app, command);
    curator::cli::register_review(app, command);
    curator::cli::register_annotate(app, command);
    curator::cli::register_check(app, command);
    curator::cli::register_status(app, command);
    curator::cli::register_forget(app, command);
    curator::cli::register_report(app, command);
    curator::cli::register_triage(app, command);
    // A failed model call (network, key, quota) has its own exit code.
    const auto model_failures = [](const std::exception_ptr& error, std::ostream& out) -> std::optional<int> {
        try {
            std::rethrow_exception(error);
        } catch (const curator::LlmError& failure) {
            out << "curator: the model call failed: " << failure.what() << "\n";
            return mlab::kExitModelFailed;
        } catch (...) {
            return std::nullopt;
        }
    };
    return mlab::run_command_line("curator", app, argc, argv, command, model_failures);
}
