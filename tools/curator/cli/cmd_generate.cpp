// curator generate: LLM-written GoogleTest tests, each proven by the validation funnel.

#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "curator/generate.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"

namespace curator::cli {

namespace {

struct GenerateCommand {
    GenerateOptions options;
    bool quiet = false;
    bool no_cache = false;
    bool no_coverage = false;
    bool no_mutation = false;
    std::string repair = "build";
};

/// The files: the code under test, the tests beside which the new ones go, the output, the build.
void add_file_options(CLI::App* generate, GenerateOptions& options) {
    generate->add_option("--source", options.sources, "A source file under test (repeat for several)")
        ->transform(mlab::absolute_path_option())
        ->required();
    generate->add_option("--header", options.headers, "Its header (repeat for several)")
        ->transform(mlab::absolute_path_option());
    generate->add_option("--tests", options.tests, "The existing test file the new tests go beside")
        ->transform(mlab::absolute_path_option())
        ->required();
    generate->add_option("--out", options.out, "The new test file to write")
        ->transform(mlab::absolute_path_option())
        ->required();
    generate->add_option("-p,--build", options.build_dir, "The project's CMake build folder")
        ->transform(mlab::absolute_path_option())
        ->required();
    generate->add_option("--count", options.count, "How many tests to ask for")->capture_default_str();
}

/// The model, its prompt and the response cache.
void add_model_options(CLI::App* generate, GenerateCommand& command) {
    GenerateOptions& options = command.options;
    generate->add_option("--provider", options.provider, "openai, anthropic, ollama or replay");
    generate->add_option("--base-url", options.base_url,
                         "The provider's base URL as its SDK takes it (OpenAI-style: ending in /v1)");
    generate->add_option("--model", options.model, "The model name");
    generate
        ->add_option("--config", options.config_file, "Settings file (default: curator.yml in the project)")
        ->transform(mlab::absolute_path_option());
    generate
        ->add_option("--prompt", options.prompt,
                     "Another prompt template (default: prompts/generate-gtest.txt)")
        ->transform(mlab::absolute_path_option());
    generate->add_option("--max-tokens", options.max_tokens, "The reply's token limit (default 8192)");
    generate->add_option("--temperature", options.temperature, "Sampling temperature (default 0.2)");
    generate->add_option("--timeout", options.timeout_seconds, "Seconds for one model call (default 300)");
    generate->add_option("--retries", options.retries, "Retries of a failed call (default 2)");
    generate->add_flag("--no-cache", command.no_cache, "Ask the model even when the same request is cached");
    generate
        ->add_option("--cache-dir", options.cache_dir, "The response cache (default BUILD/.curator/cache)")
        ->transform(mlab::absolute_path_option());
}

/// The funnel, and the output.
void add_funnel_options(CLI::App* generate, GenerateCommand& command) {
    GenerateOptions& options = command.options;
    generate->add_option("--runs", options.runs, "Runs of each test for flakiness")->capture_default_str();
    generate->add_option("--test-timeout", options.test_timeout_seconds, "Seconds for one test run")
        ->capture_default_str();
    generate->add_flag("--no-coverage", command.no_coverage, "Skip the line coverage stage");
    generate->add_flag("--no-mutation", command.no_mutation, "Skip the mutation stage");
    generate->add_option("--mutator", options.mutator, "The mutator program (default: beside curator)")
        ->transform(mlab::program_path_option());
    generate->add_option("--test-label", options.test_label,
                         "CTest label of the tests the mutation stage runs");
    generate->add_option("-j,--jobs", options.jobs, "Parallel test runs")->capture_default_str();
}

/// The loop: aimed at the mutants a run leaves undetected, repaired, until a score.
void add_loop_options(CLI::App* generate, GenerateCommand& command) {
    GenerateOptions& options = command.options;
    generate
        ->add_option(
            "--mutants", options.mutants,
            "A `mutator run` report or its --out folder: aim at its undetected mutants, and check new "
            "tests against its mutant build")
        ->transform(mlab::absolute_path_option());
    generate
        ->add_option("--rounds", options.rounds,
                     "Model calls at most: the first, then repairs and more tests")
        ->capture_default_str();
    generate
        ->add_option(
            "--repair", command.repair,
            "Which tests go back to the model: build (do not compile or link) or failing (also fail, "
            "crash or hang)")
        ->capture_default_str();
    generate->add_option(
        "--until-score", options.until_score,
        "Ask for more tests against the undetected mutants until the sources' mutation score "
        "reaches this (percent), within --rounds");
    generate->add_flag("--force", options.force,
                       "Replace an output file that holds review decisions (keeps a backup)");
    generate->add_option("--date", options.date, "The date written in the output (default: now)");
    generate->add_flag("-q,--quiet", command.quiet, "Print only the summary");
}

int run_generate(GenerateCommand& command) {
    GenerateOptions& options = command.options;
    options.use_cache = !command.no_cache;
    options.coverage = !command.no_coverage;
    options.mutation = !command.no_mutation;
    if (command.repair != "build" && command.repair != "failing") {
        throw mlab::InputError(fmt::format("--repair {}: expected build or failing", command.repair));
    }
    options.repair = command.repair == "failing" ? RepairScope::failing : RepairScope::build;
    if (options.prompts_dir.empty()) {
        options.prompts_dir = default_prompts_dir();
    }
    const bool verbose = !command.quiet;
    const GenerateSummary summary = curator::generate(options, [verbose](const std::string& line) {
        if (verbose) {
            std::cerr << "curator: " << line << "\n";
        }
    });
    for (const std::string& line : summary.lines) {
        std::cout << "  " << line << "\n";
    }
    for (const std::string& line : summary.rounds) {
        std::cout << line << "\n";
    }
    std::cout << fmt::format(
        "{} tests: {} pass {}/{}, {} fail on current code, {} flaky, {} do not build or "
        "run (written commented out)\n",
        summary.tests, summary.passed, summary.runs, summary.runs, summary.failing, summary.flaky,
        summary.broken);
    if (!summary.backup.empty()) {
        std::cout << "backup: " << summary.backup.string() << "\n";
    }
    std::cout << "wrote: " << summary.out.string() << "\n"
              << "wrote: " << summary.sidecar.string() << "\n";
    return 0;
}

}  // namespace

void register_generate(CLI::App& app, Command& command) {
    auto state = std::make_shared<GenerateCommand>();
    CLI::App* generate = app.add_subcommand("generate", "Ask a model for new tests and prove each one");
    add_file_options(generate, state->options);
    add_model_options(generate, *state);
    add_funnel_options(generate, *state);
    add_loop_options(generate, *state);
    generate->callback([&command, state] { command = [state] { return run_generate(*state); }; });
}

}  // namespace curator::cli
