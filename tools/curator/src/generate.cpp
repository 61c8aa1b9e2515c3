#include "curator/generate.hpp"
#include "curator/ledger.hpp"

#include <unistd.h>

#include <ctime>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "curator/cmake_project.hpp"
#include "curator/extract.hpp"
#include "curator/funnel.hpp"
#include "curator/llm.hpp"
#include "curator/prompt.hpp"
#include "curator/settings.hpp"
#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

std::string read_input(const fs::path& path, const char* flag) {
    if (!fs::is_regular_file(path)) {
        throw mlab::InputError(fmt::format("{} {}: no such file", flag, path.string()));
    }
    return mlab::read_file(path);
}

/// The GoogleTest version the build found, from its package's version file.
std::string gtest_version(const fs::path& build_dir) {
    const std::string dir = mlab::cmake_cache_value(build_dir, "GTest_DIR");
    for (const char* name : {"GTestConfigVersion.cmake", "gtest-config-version.cmake"}) {
        const fs::path file = fs::path(dir) / name;
        if (!dir.empty() && fs::exists(file)) {
            static const std::regex kVersion(R"(set\(PACKAGE_VERSION "([^"]+)\"\))");
            std::smatch match;
            const std::string text = mlab::read_file(file);
            if (std::regex_search(text, match, kVersion)) {
                return match[1].str();
            }
        }
    }
    return "1.x (version not found in the build)";
}

std::string naming_convention(const std::vector<ExtractedTest>& existing) {
    if (existing.empty()) {
        return "TEST(SuiteName, TestName) with CamelCase names that say the behaviour under test";
    }
    std::set<std::string> suites;
    for (const ExtractedTest& test : existing) {
        suites.insert(test.suite);
    }
    std::string suite_list;
    for (const std::string& suite : suites) {
        suite_list += (suite_list.empty() ? "" : ", ") + suite;
    }
    return fmt::format(
        "{}(Suite, Name) with CamelCase names that say the behaviour, like {}.{}; the existing "
        "suites are {}",
        existing.front().macro, existing.front().suite, existing.front().name, suite_list);
}

fs::path this_program_dir() {
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    return error ? fs::path() : self.parent_path();
}

fs::path free_backup_name(const fs::path& file) {
    fs::path backup = file.string() + ".bak";
    for (int n = 2; fs::exists(backup); ++n) {
        backup = fmt::format("{}.bak{}", file.string(), n);
    }
    return backup;
}

bool commented_in_output(Verdict verdict) {
    // A test that cannot build, crashes or hangs would break the student's suite: it is written commented
    // out. A failing or flaky test stays live: whether the code or the test is wrong is the review's call.
    return verdict == Verdict::compile_error || verdict == Verdict::link_error ||
           verdict == Verdict::crashed || verdict == Verdict::timed_out;
}

ordered_json evidence_json(const TestEvidence& evidence) {
    ordered_json entry{{"verdict", verdict_name(evidence.verdict)},
                       {"problem", evidence.problem},
                       {"runs", evidence.runs},
                       {"passes", evidence.passes},
                       {"run_ms", evidence.run_time.count()}};
    if (evidence.coverage_measured) {
        entry["coverage"] = {{"lines", evidence.lines}, {"new_lines", evidence.new_lines}};
    }
    if (evidence.mutation_measured) {
        entry["mutation"] = {{"kills", evidence.kills},
                             {"unique_kills", evidence.unique_kills},
                             {"new_sites", evidence.new_sites}};
    }
    if (!evidence.duplicate_of.empty()) {
        entry["duplicate_of"] = evidence.duplicate_of;
    }
    return entry;
}

}  // namespace

bool holds_review_decisions(const std::string& text) {
    static const std::regex kDecision(R"((^|\n)[ \t]*// (KEPT|FIXED|DISCARDED):)");
    return std::regex_search(text, kDecision);
}

GenerateSummary generate(const GenerateOptions& options, const Progress& progress) {
    // Inputs.
    if (options.count < 1 || options.count > 100) {
        throw mlab::InputError(fmt::format("--count {}: must be between 1 and 100", options.count));
    }
    if (options.runs < 1) {
        throw mlab::InputError(fmt::format("--runs {}: must be at least 1", options.runs));
    }
    const std::string source_text = read_input(options.source, "--source");
    const std::string header_text =
        options.header.empty() ? std::string() : read_input(options.header, "--header");
    const std::string existing_text = read_input(options.tests, "--tests");
    const fs::path out = mlab::canonical_or_same(options.out);
    if (out == mlab::canonical_or_same(options.tests) || out == mlab::canonical_or_same(options.source)) {
        throw mlab::InputError(
            fmt::format("--out {}: is an input file; name a new test file", options.out.string()));
    }
    if (fs::is_directory(out)) {
        throw mlab::InputError(
            fmt::format("--out {}: is a folder; name a new test file", options.out.string()));
    }
    if (!fs::is_directory(out.parent_path())) {
        throw mlab::InputError(fmt::format("--out {}: its folder does not exist", options.out.string()));
    }
    fs::path backup;
    if (fs::exists(out) && holds_review_decisions(mlab::read_file(out))) {
        if (!options.force) {
            throw mlab::InputError(
                fmt::format("--out {}: holds review decisions (KEPT/FIXED/DISCARDED); --force "
                            "replaces it and keeps a backup",
                            options.out.string()));
        }
        backup = free_backup_name(out);
    }
    const CMakeProject project = CMakeProject::open(options.build_dir);
    const TargetOfFile target = project.target_of(options.tests);  // fails early, naming the file

    // Phase 1: the prompt.
    const fs::path prompts_dir = options.prompts_dir;
    const PromptTemplate prompt_template =
        load_template(options.prompt.empty() ? prompts_dir / "generate-gtest.txt" : options.prompt);
    const std::vector<ExtractedTest> existing = list_tests(existing_text);
    auto shown = [&](const fs::path& path) {
        const fs::path relative = fs::relative(mlab::canonical_or_same(path), project.source_dir());
        return relative.empty() || relative.string().rfind("..", 0) == 0 ? path.string() : relative.string();
    };
    const Prompt prompt =
        render(prompt_template, {{"source_path", shown(options.source)},
                                 {"source", source_text},
                                 {"header_path", options.header.empty() ? "" : shown(options.header)},
                                 {"header", header_text},
                                 {"tests_path", shown(options.tests)},
                                 {"existing_tests", existing_text},
                                 {"count", std::to_string(options.count)},
                                 {"naming", naming_convention(existing)},
                                 {"gtest_version", gtest_version(project.build_dir())}});

    // The mutator the funnel runs, found before the model is asked (and paid).
    fs::path mutator;
    if (options.mutation) {
        mutator = options.mutator;
        if (mutator.empty()) {
            // Installed side by side, or in the build tree (tools/curator/ beside tools/mutator/).
            mutator = this_program_dir() / "mutator";
            if (!fs::exists(mutator)) {
                mutator = this_program_dir().parent_path() / "mutator" / "mutator";
            }
        }
        if (!fs::exists(mutator)) {
            if (!options.mutator.empty()) {
                throw mlab::InputError(
                    fmt::format("--mutator {}: no such program", options.mutator.string()));
            }
            mutator.clear();
        }
    }

    // Phase 2: the model.
    fs::path config_file = options.config_file;
    if (config_file.empty() && fs::exists(project.source_dir() / "curator.yml")) {
        config_file = project.source_dir() / "curator.yml";
    } else if (!config_file.empty() && !fs::exists(config_file)) {
        throw mlab::InputError(fmt::format("--config {}: no such file", config_file.string()));
    }
    ModelSettings model = resolve_model_settings(options, config_file, process_environment());
    const fs::path work = project.build_dir() / ".curator";
    if (options.use_cache) {
        model.http.cache_dir = options.cache_dir.empty() ? work / "cache" : options.cache_dir;
        mlab::require_writable_folder(model.http.cache_dir, "--cache-dir");  // before the call, not after it
    }
    if (!model.notice.empty()) {
        progress(model.notice);
    }
    std::unique_ptr<Provider> provider =
        model.provider == "replay"
            ? make_replay_provider(prompts_dir / "samples", options.source.filename().string())
            : make_http_provider(make_wire_format(model.provider), model.http);
    ChatRequest request;
    request.model = model.model;
    request.system = prompt.system;
    request.user = prompt.user;
    request.max_tokens = model.max_tokens;
    request.temperature = model.temperature;
    progress(fmt::format("asking {}{} for {} tests (prompt {} v{})", model.provider,
                         model.model.empty() ? "" : " " + model.model, options.count, prompt_template.name,
                         prompt_template.version));
    CallRecord call;
    const ChatReply reply = provider->ask(request, call);

    // Phase 3: extraction.
    std::set<std::string> taken;
    for (const ExtractedTest& test : existing) {
        taken.insert(test.suite + "." + test.name);
    }
    Extraction extraction = extract_tests(reply.text, taken);
    for (const std::string& note : extraction.notes) {
        progress("extraction: " + note);
    }
    if (extraction.tests.empty()) {
        throw LlmError(LlmError::Kind::bad_reply,
                       fmt::format("the reply holds no TEST block ({} characters{})", reply.text.size(),
                                   call.from_cache ? ", from the cache" : ""));
    }

    // Phase 4: the funnel.
    progress(fmt::format("validating {} tests: compile, {} runs each{}{}", extraction.tests.size(),
                         options.runs, options.coverage ? ", line coverage" : "",
                         options.mutation ? ", mutants killed" : ""));
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
    const FunnelResult result = run_funnel(project, target, existing, extraction, funnel);
    for (const std::string& note : result.notes) {
        progress("funnel: " + note);
    }

    // Phase 5: the output file and its sidecar.
    const std::string date = options.date.empty() ? now_iso8601() : options.date;
    const bool replayed = model.provider == "replay";
    std::string preamble = fmt::format(
        "// Generated by `curator generate`: tests written by a model, each checked by the validation "
        "funnel.\n"
        "// provider: {}{}\n"
        "// model: {}\n"
        "// prompt: {} v{} (hash {})\n"
        "// date: {}\n"
        "// source: {}{}\n"
        "// beside: {}\n"
        "// funnel record: {}\n"
        "//\n"
        "// Review every test: replace its `// REVIEW: pending` line with `// KEPT: <reason>` or\n"
        "// `// FIXED: <reason>` (after correcting it), or comment the test out under `// DISCARDED: "
        "<reason>`.\n",
        model.provider, replayed ? " (hand-written sample reply, not real model output)" : "",
        reply.model.empty() ? model.model : reply.model, prompt_template.name, prompt_template.version,
        prompt_template.hash, date, shown(options.source),
        options.header.empty() ? "" : ", " + shown(options.header), shown(options.tests),
        out.filename().string() + ".curator.json");
    ComposeOptions compose_options;
    compose_options.preamble = preamble;
    GenerateSummary summary;
    for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
        const TestEvidence& evidence = result.tests[t];
        compose_options.commented_out.push_back(commented_in_output(evidence.verdict));
        compose_options.lines_above.push_back(
            "// REVIEW: pending\n// evidence: " + mlab::fold_whitespace(evidence_line(evidence)) + "\n");
        switch (evidence.verdict) {
            case Verdict::passed:
                ++summary.passed;
                break;
            case Verdict::failed:
                ++summary.failing;
                break;
            case Verdict::flaky:
                ++summary.flaky;
                break;
            default:
                ++summary.broken;
        }
        const ExtractedTest& test = extraction.tests[t];
        summary.lines.push_back(
            fmt::format("{:<22} {}.{}", verdict_name(evidence.verdict), test.suite, test.name));
    }
    const std::string text = compose(extraction, compose_options).text;

    ordered_json sidecar{
        {"curator", "generate"},
        {"version", 1},
        {"date", date},
        {"provider",
         {{"name", model.provider},
          {"model", reply.model.empty() ? model.model : reply.model},
          {"url", call.url},
          {"hand_written_sample", replayed},
          {"from_cache", call.from_cache},
          {"request_id", reply.request_id},
          {"stop_reason", reply.stop_reason},
          {"usage", {{"prompt_tokens", reply.usage.prompt}, {"completion_tokens", reply.usage.completion}}},
          {"attempts", ordered_json::array()}}},
        {"prompt",
         {{"name", prompt_template.name},
          {"version", prompt_template.version},
          {"hash", prompt_template.hash},
          {"file", prompt_template.path.string()}}},
        {"inputs",
         {{"source", shown(options.source)},
          {"header", options.header.empty() ? "" : shown(options.header)},
          {"tests", shown(options.tests)},
          {"count", options.count}}},
        {"extraction", {{"notes", extraction.notes}}},
        {"funnel",
         {{"runs", options.runs},
          {"source_lines", result.source_lines},
          {"existing_lines", result.existing_lines},
          {"existing_kills", result.existing_kills},
          {"notes", result.notes},
          {"phases", ordered_json::array()}}},
        {"tests", ordered_json::array()}};
    for (const Attempt& attempt : call.attempts) {
        sidecar["provider"]["attempts"].push_back({{"status", attempt.status},
                                                   {"error", attempt.error},
                                                   {"waited_ms", attempt.waited_before.count()},
                                                   {"ms", attempt.duration.count()}});
    }
    for (const FunnelResult::Phase& phase : result.phases) {
        sidecar["funnel"]["phases"].push_back({{"phase", phase.name}, {"ms", phase.duration.count()}});
    }
    for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
        const ExtractedTest& test = extraction.tests[t];
        ordered_json entry{
            {"name", test.suite + "." + test.name},
            {"macro", test.macro},
            {"renamed_from", test.original_name.empty() ? "" : test.suite + "." + test.original_name},
            {"written", commented_in_output(result.tests[t].verdict) ? "commented out" : "live"},
            {"evidence", evidence_line(result.tests[t])},
            {"funnel", evidence_json(result.tests[t])}};
        sidecar["tests"].push_back(entry);
    }
    if (!backup.empty()) {
        fs::copy_file(out, backup);
        summary.backup = backup;
    }
    summary.out = out;
    summary.sidecar = out.string() + ".curator.json";
    mlab::write_file_atomic(summary.sidecar, sidecar.dump(2) + "\n");
    mlab::write_file_atomic(out, text);
    summary.tests = extraction.tests.size();
    return summary;
}

}  // namespace curator
