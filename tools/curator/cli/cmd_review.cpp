// curator review: the interactive review (curator::ReviewSession) on the terminal, with the student's
// editor for fixes.

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "curator/review_session.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/text.hpp"

namespace curator::cli {

namespace {
namespace fs = std::filesystem;

struct ReviewOptions {
    ReviewSettings session;
    fs::path ledger;
};

std::string shell_quote(const std::string& text) {
    return "'" + mlab::replace_all(text, "'", "'\\''") + "'";
}

/// Opens $VISUAL, $EDITOR or vi on `draft`.
void edit_in_editor(const fs::path& draft) {
    const char* visual = std::getenv("VISUAL");
    const char* editor = std::getenv("EDITOR");
    const std::string program = visual != nullptr && *visual != '\0'   ? visual
                                : editor != nullptr && *editor != '\0' ? editor
                                                                       : "vi";
    const int status = std::system((program + " " + shell_quote(draft.string())).c_str());
    if (status != 0) {
        throw mlab::InputError(fmt::format("the editor `{}` failed (status {}); the draft stays in {}",
                                           program, status, draft.string()));
    }
}

int review(const ReviewOptions& o) {
    if (!fs::is_regular_file(o.session.file)) {
        throw mlab::InputError(fmt::format("{}: no such file", o.session.file.string()));
    }
    if (!o.session.build.build_dir.empty()) {
        check_build_settings(o.session.build);
    }
    Ledgers ledgers(o.ledger);
    ReviewHooks hooks;
    hooks.edit = edit_in_editor;
    ReviewSession session(o.session, ledgers.of(o.session.file), std::cin, std::cout, hooks);
    return session.run();
}

}  // namespace

void register_review(CLI::App& app, Command& command) {
    auto options = std::make_shared<ReviewOptions>();
    CLI::App* review =
        app.add_subcommand("review", "Review the pending tests one by one: keep, fix or discard");
    review->add_option("file", options->session.file, "The generated test file")->required();
    review
        ->add_option("-p,--build", options->session.build.build_dir,
                     "The project's build folder: a fixed test is compiled and run before it is saved")
        ->transform(mlab::absolute_path_option());
    review
        ->add_option("--beside", options->session.build.beside,
                     "A test file of the project whose target's flags and libraries build the file")
        ->transform(mlab::absolute_path_option());
    review
        ->add_option("--ledger", options->ledger, "The ledger (default: .curator/ledger.json of the project)")
        ->transform(mlab::absolute_path_option());
    review->add_flag("--all", options->session.all, "Ask about every test, decided ones too");
    review->callback([&command, options] { command = [options] { return cli::review(*options); }; });
}

}  // namespace curator::cli
