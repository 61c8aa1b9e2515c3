// `curator generate`: its phases in order (each in src/generate/), and the output file and sidecar written
// (rendered in render/generated_file.cpp).

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

namespace {
using namespace generate_phases;

/// The counts and the per-test table the CLI prints.
GenerateSummary summarize(const Loop& loop, int runs) {
    GenerateSummary summary;
    const Extraction& extraction = loop.tests;
    for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
        const TestEvidence& evidence = loop.result.tests[t];
        const Verdict verdict = evidence.verdict;
        summary.passed += verdict == Verdict::passed ? 1 : 0;
        summary.failing += verdict == Verdict::failed ? 1 : 0;
        summary.flaky += verdict == Verdict::flaky ? 1 : 0;
        const bool broken =
            verdict != Verdict::passed && verdict != Verdict::failed && verdict != Verdict::flaky;
        summary.broken += broken ? 1 : 0;
        const ExtractedTest& test = extraction.tests[t];
        std::string line = fmt::format("{:<22} {}.{}", verdict_name(verdict), test.suite, test.name);
        if (evidence.repaired_in > 0) {
            line += fmt::format(" (repaired in round {})", evidence.repaired_in);
        } else if (evidence.round > 1) {
            line += fmt::format(" (round {})", evidence.round);
        }
        summary.lines.push_back(line);
    }
    summary.tests = extraction.tests.size();
    summary.runs = runs;
    for (const RoundRecord& round : loop.rounds) {
        summary.rounds.push_back(fmt::format("round {} ({}): {}", round.number, round.kind, round.outcome));
    }
    return summary;
}

/// The output file and its sidecar (a reviewed file it replaces is kept as a backup).
GenerateSummary write_output(const GenerateOptions& options, const Inputs& inputs, const Groundwork& ground,
                             const ModelSettings& model, const Loop& loop) {
    const fs::path& root = ground.project.source_dir();
    const Asked& first = loop.rounds.front().asked.front();
    std::vector<std::string> headers;
    for (const fs::path& header : options.headers) {
        headers.push_back(shown_path(header, root));
    }
    const renderers::GenerateRecord record{options.date.empty() ? now_iso8601() : options.date,
                                           model.provider,
                                           first.reply.model.empty() ? model.model : first.reply.model,
                                           first.prompt_template,
                                           first.reply,
                                           first.call,
                                           ground.funnel.shown_sources,
                                           headers,
                                           shown_path(options.tests, root),
                                           inputs.out.filename().string(),
                                           options.count,
                                           options.runs,
                                           loop,
                                           ground.coverage.measured ? &ground.coverage : nullptr,
                                           inputs.existing_text};
    const std::string text = renderers::render_generated_file(record);
    GenerateSummary summary = summarize(loop, options.runs);
    if (!inputs.backup.empty()) {
        fs::copy_file(inputs.out, inputs.backup);
        summary.backup = inputs.backup;
    }
    summary.out = inputs.out;
    summary.sidecar = inputs.out.string() + ".curator.json";
    mlab::write_file_atomic(summary.sidecar, renderers::render_sidecar(record).dump(2) + "\n");
    mlab::write_file_atomic(inputs.out, text);
    return summary;
}

}  // namespace

GenerateSummary generate(const GenerateOptions& options, const Progress& progress) {
    const Inputs inputs = read_inputs(options);
    CMakeProject project = CMakeProject::open(options.build_dir);
    const ModelSettings model = resolve_model(options, project, progress);  // bad settings fail first
    Groundwork ground = lay_groundwork(options, inputs, std::move(project), progress);
    const Loop loop = run_rounds(options, inputs, ground, model, progress);
    mlab::stop_if_interrupted();  // an interrupted funnel's verdicts are not evidence: nothing is written
    return write_output(options, inputs, ground, model, loop);
}

}  // namespace curator
