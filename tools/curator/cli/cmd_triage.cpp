// curator triage: a model's verdict on each surviving mutant, recorded for a person to confirm.

#include <iostream>
#include <map>

#include <fmt/format.h>

#include "commands.hpp"
#include "curator/triage.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/text.hpp"

namespace curator::cli {
namespace {

struct TriageCommand {
    TriageOptions options;
    bool quiet = false;
    bool no_cache = false;
};

int run_triage(TriageCommand& command) {
    TriageOptions& options = command.options;
    if (options.model.prompts_dir.empty()) {
        options.model.prompts_dir = default_prompts_dir();
    }
    options.model.use_cache = !command.no_cache;
    if (options.model.use_cache && options.model.cache_dir.empty()) {
        const std::filesystem::path report = options.report;
        options.model.cache_dir =
            (std::filesystem::is_directory(report) ? report : report.parent_path()) / ".curator" / "cache";
    }
    const bool verbose = !command.quiet;
    const TriageResult result = triage(options, [verbose](const std::string& line) {
        if (verbose) {
            std::cerr << "curator: " << line << "\n";
        }
    });
    std::map<std::string, std::size_t> counts;
    for (const TriageAnswer& answer : result.answers) {
        ++counts[answer.verdict];
        std::cout << fmt::format("  {}:{}  {}  {} -> {}\n      {}{}\n", answer.file, answer.line,
                                 answer.mutator, mlab::shorten(answer.line_before, 60),
                                 mlab::shorten(answer.line_after, 60),
                                 answer.verdict == "equivalent" ? "EQUIVALENT (to confirm)" : answer.verdict,
                                 answer.reason.empty() ? "" : ": " + answer.reason);
    }
    std::cout << fmt::format(
        "{} asked about {} survivor{}: {} equivalent (for a person to confirm), {} not equivalent, {} "
        "unsure, {} "
        "unclear, {} not asked; the report and its score are unchanged\n",
        result.model, result.answers.size(), result.answers.size() == 1 ? "" : "s", counts["equivalent"],
        counts["not equivalent"], counts["unsure"], counts["unclear"], counts["not asked"]);
    std::cout << "wrote: " << result.written.string() << "\n";
    return 0;
}

}  // namespace

void register_triage(CLI::App& app, Command& command) {
    auto state = std::make_shared<TriageCommand>();
    CLI::App* triage = app.add_subcommand(
        "triage", "Ask a model whether each surviving mutant is equivalent; record the answers for a person");
    triage
        ->add_option("report", state->options.report, "mutation-report.json or the mutator run --out folder")
        ->transform(mlab::absolute_path_option())
        ->check(CLI::ExistingPath)
        ->required();
    triage
        ->add_option("--out", state->options.out,
                     "Where to write the answers (default: triage.json beside it)")
        ->transform(mlab::absolute_path_option());
    triage->add_option("--provider", state->options.model.provider, "openai, anthropic or ollama")
        ->required();
    triage->add_option("--base-url", state->options.model.base_url,
                       "The provider's base URL as its SDK takes it (OpenAI-style: ending in /v1)");
    triage->add_option("--model", state->options.model.model, "The model name");
    triage->add_option("--config", state->options.model.config_file, "Settings file (as curator generate's)")
        ->transform(mlab::absolute_path_option());
    triage->add_option("--timeout", state->options.model.timeout_seconds,
                       "Seconds for one model call (default 300)");
    triage->add_option("--retries", state->options.model.retries, "Retries of a failed call (default 2)");
    triage->add_option("--limit", state->options.limit, "Ask about at most this many survivors");
    triage->add_flag("--no-cache", state->no_cache, "Ask the model even when the same request is cached");
    triage->add_flag("-q,--quiet", state->quiet, "No progress on stderr");
    triage->callback([&command, state] { command = [state] { return run_triage(*state); }; });
}

}  // namespace curator::cli
