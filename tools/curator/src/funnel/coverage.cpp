// The funnel's line coverage: the existing tests and the source under test compiled with --coverage, each
// test's gcda files under a prefix of its own, and gcov's report read into executed lines.

#include "funnel/phases.hpp"

#include <algorithm>
#include <iterator>

#include "mlab/common/text.hpp"

namespace curator::funnel_phases {
namespace fs = std::filesystem;

std::optional<TargetOfFile> coverage_target(const CMakeProject& project, const FunnelSettings& settings,
                                            std::vector<std::string>& notes) {
    if (!settings.coverage || settings.source_file.empty()) {
        return std::nullopt;
    }
    if (project.compiler_id() != "GNU") {
        notes.push_back("line coverage needs GCC's gcov; the project compiles with " + project.compiler_id());
        return std::nullopt;
    }
    try {
        return project.target_of(settings.source_file);
    } catch (const std::exception& error) {
        notes.push_back(std::string("no line coverage: ") + error.what());
        return std::nullopt;
    }
}

InstrumentedBuild start_instrumented(const InstrumentInput& input) {
    InstrumentedBuild build;
    build.existing = std::async(std::launch::async, [recipe = input.tests_recipe, input] {
        return compile_cached(recipe, input.existing_tests, {}, input.object_cache, "existing");
    });
    build.source = std::async(std::launch::async, [recipe = input.source_recipe, input] {
        return compile_cached(recipe, input.source_file, {"--coverage", "-O0"}, input.object_cache,
                              input.source_file.stem().string());
    });
    return build;
}

std::optional<Instrumented> finish_instrumented(InstrumentedBuild& build, std::vector<std::string>& notes) {
    Instrumented objects{build.existing.get(), build.source.get()};
    if (!objects.existing.compiled || !objects.source.compiled) {
        notes.push_back("no line coverage: " + error_summary(objects.existing.compiled
                                                                 ? objects.source.output
                                                                 : objects.existing.output));
        return std::nullopt;
    }
    return objects;
}

void run_existing_tests(const fs::path& existing_binary, const fs::path& scratch_dir,
                        const fs::path& gcov_root) {
    const fs::path cwd = scratch_dir / "runs" / "existing";
    fs::create_directories(cwd);
    mlab::ProcessOptions process;
    process.working_directory = cwd;
    process.timeout = std::chrono::minutes(10);
    process.environment = {{"GCOV_PREFIX", (gcov_root / "existing").string()}, {"GCOV_PREFIX_STRIP", "0"}};
    mlab::run_process({existing_binary.string()}, process);
}

namespace {

/// A line of `gcov -t` output: "hits:number:text".
struct GcovLine {
    std::string hits;
    std::string number;
    std::string_view rest;
};

std::optional<GcovLine> read_gcov_line(std::string_view line) {
    const std::size_t first = line.find(':');
    const std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) {
        return std::nullopt;
    }
    return GcovLine{mlab::fold_whitespace(line.substr(0, first)),
                    mlab::fold_whitespace(line.substr(first + 1, second - first - 1)),
                    line.substr(second + 1)};
}

}  // namespace

std::set<unsigned> covered_lines(const fs::path& prefix, const fs::path& object, const fs::path& source,
                                 std::size_t* executable) {
    std::set<unsigned> lines;
    const fs::path gcda = prefix / fs::path(object).replace_extension(".gcda").relative_path();
    if (!fs::exists(gcda)) {
        return lines;
    }
    fs::copy_file(fs::path(object).replace_extension(".gcno"), fs::path(gcda).replace_extension(".gcno"),
                  fs::copy_options::overwrite_existing);
    mlab::ProcessOptions options;
    options.working_directory = gcda.parent_path();
    options.timeout = std::chrono::minutes(1);
    const mlab::ProcessResult result = mlab::run_process(
        {"gcov", "-t", "-o", fs::path(gcda).replace_extension(".o").string(), source.string()}, options);
    bool in_source = false;
    std::size_t count = 0;
    for (std::string_view text : mlab::split_lines(result.standard_output)) {
        const std::optional<GcovLine> line = read_gcov_line(text);
        if (!line) {
            continue;
        }
        if (line->number == "0") {
            if (line->rest.rfind("Source:", 0) == 0) {
                std::error_code error;
                in_source = fs::equivalent(fs::path(std::string(line->rest.substr(7))), source, error);
            }
            continue;
        }
        if (!in_source || line->hits == "-") {
            continue;
        }
        ++count;
        if (line->hits.find('#') == std::string::npos && line->hits.find('=') == std::string::npos) {
            lines.insert(static_cast<unsigned>(std::stoul(line->number)));
        }
    }
    if (executable != nullptr && count > 0) {
        *executable = count;
    }
    return lines;
}

void measure_coverage(const CoverageInput& input, FunnelResult& result) {
    const std::set<unsigned> existing_lines = covered_lines(input.gcov_root / "existing", input.source_object,
                                                            input.source_file, &result.source_lines);
    result.existing_lines.assign(existing_lines.begin(), existing_lines.end());
    for (std::size_t t = 0; t < result.tests.size(); ++t) {
        if (!input.built[t]) {
            continue;
        }
        TestEvidence& evidence = result.tests[t];
        const std::set<unsigned> lines = covered_lines(input.gcov_root / std::to_string(t),
                                                       input.source_object, input.source_file, nullptr);
        evidence.coverage_measured = true;
        evidence.lines.assign(lines.begin(), lines.end());
        std::set_difference(lines.begin(), lines.end(), existing_lines.begin(), existing_lines.end(),
                            std::back_inserter(evidence.new_lines));
    }
}

}  // namespace curator::funnel_phases
