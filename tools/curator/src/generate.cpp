// `curator generate`: its phases in order (each in src/generate/), the funnel's settings, and the output
// file and sidecar written (rendered in render/generated_file.cpp).

#include "curator/generate.hpp"

#include <regex>

#include <fmt/format.h>

#include "curator/ledger.hpp"
#include "generate/phases.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "render/generated.hpp"

namespace curator {
namespace fs = std::filesystem;

bool holds_review_decisions(const std::string& text) {
    static const std::regex kDecision(R"((^|\n)[ \t]*// (KEPT|FIXED|DISCARDED):)");
    return std::regex_search(text, kDecision);
}

namespace generate_phases {

FunnelResult funnel_phase(const GenerateOptions& options, const CMakeProject& project,
                          const TargetOfFile& target, const std::vector<ExtractedTest>& existing,
                          const Extraction& extraction, const fs::path& mutator, const Progress& progress) {
    progress(fmt::format("validating {} tests: compile, {} runs each{}{}", extraction.tests.size(),
                         options.runs, options.coverage ? ", line coverage" : "",
                         options.mutation ? ", mutants killed" : ""));
    const fs::path work = project.build_dir() / ".curator";
    FunnelSettings funnel;
    funnel.scratch_dir = work / "scratch";
    funnel.object_cache = work / "objects";
    funnel.source_file = mlab::canonical_or_same(options.source);
    funnel.existing_tests = mlab::canonical_or_same(options.tests);
    funnel.runs = options.runs;
    funnel.test_timeout = std::chrono::milliseconds(static_cast<long>(options.test_timeout_seconds * 1000));
    funnel.coverage = options.coverage;
    funnel.test_label = options.test_label;
    funnel.jobs = options.jobs;
    funnel.mutator = mutator;
    if (options.mutation && mutator.empty()) {
        progress("no mutator beside curator: the mutation stage is skipped");
    }
    FunnelResult result = run_funnel(project, target, existing, extraction, funnel);
    for (const std::string& note : result.notes) {
        progress("funnel: " + note);
    }
    return result;
}

}  // namespace generate_phases

namespace {
using namespace generate_phases;

/// The counts and the per-test table the CLI prints.
GenerateSummary summarize(const Extraction& extraction, const FunnelResult& result) {
    GenerateSummary summary;
    for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
        const Verdict verdict = result.tests[t].verdict;
        summary.passed += verdict == Verdict::passed ? 1 : 0;
        summary.failing += verdict == Verdict::failed ? 1 : 0;
        summary.flaky += verdict == Verdict::flaky ? 1 : 0;
        const bool broken =
            verdict != Verdict::passed && verdict != Verdict::failed && verdict != Verdict::flaky;
        summary.broken += broken ? 1 : 0;
        const ExtractedTest& test = extraction.tests[t];
        summary.lines.push_back(fmt::format("{:<22} {}.{}", verdict_name(verdict), test.suite, test.name));
    }
    summary.tests = extraction.tests.size();
    return summary;
}

/// Phase 5: the output file and its sidecar (a reviewed file it replaces is kept as a backup).
GenerateSummary write_output(const GenerateOptions& options, const Inputs& inputs, const fs::path& root,
                             const PromptPhase& prompt, const ModelPhase& answer,
                             const Extraction& extraction, const FunnelResult& result) {
    const renderers::GenerateRecord record{
        options.date.empty() ? now_iso8601() : options.date,
        answer.model.provider,
        answer.reply.model.empty() ? answer.model.model : answer.reply.model,
        prompt.prompt_template,
        answer.reply,
        answer.call,
        shown_path(options.source, root),
        options.header.empty() ? "" : shown_path(options.header, root),
        shown_path(options.tests, root),
        inputs.out.filename().string(),
        options.count,
        options.runs};
    const std::string text = renderers::render_generated_file(record, extraction, result);
    GenerateSummary summary = summarize(extraction, result);
    if (!inputs.backup.empty()) {
        fs::copy_file(inputs.out, inputs.backup);
        summary.backup = inputs.backup;
    }
    summary.out = inputs.out;
    summary.sidecar = inputs.out.string() + ".curator.json";
    mlab::write_file_atomic(summary.sidecar,
                            renderers::render_sidecar(record, extraction, result).dump(2) + "\n");
    mlab::write_file_atomic(inputs.out, text);
    return summary;
}

}  // namespace

GenerateSummary generate(const GenerateOptions& options, const Progress& progress) {
    const Inputs inputs = read_inputs(options);
    const CMakeProject project = CMakeProject::open(options.build_dir);
    const TargetOfFile target = project.target_of(options.tests);  // fails early, naming the file
    const PromptPhase prompt = prompt_phase(options, inputs, project);
    const fs::path mutator = find_mutator(options);  // before the model is asked (and paid)
    const ModelPhase answer = model_phase(options, project, prompt, progress);
    const Extraction extraction = extraction_phase(answer, prompt.existing, progress);
    const FunnelResult result =
        funnel_phase(options, project, target, prompt.existing, extraction, mutator, progress);
    mlab::stop_if_interrupted();  // an interrupted funnel's verdicts are not evidence: nothing is written
    return write_output(options, inputs, project.source_dir(), prompt, answer, extraction, result);
}

}  // namespace curator
