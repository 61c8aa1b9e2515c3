// The funnel's line coverage: the existing tests and the sources under test compiled with --coverage and
// run before any model call; each new test's gcda files under a prefix of its own, and gcov's report read
// into executed lines.

#include "funnel/phases.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mlab/common/ctest.hpp"
#include "mlab/common/text.hpp"
#include "mlab/common/worker_pool.hpp"

namespace curator::funnel_phases {
namespace fs = std::filesystem;

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

std::vector<std::string> gcov_command(const CMakeProject& project, std::string& problem) {
    const std::string major = project.compiler_version().substr(0, project.compiler_version().find('.'));
    if (project.compiler_id() == "GNU") {
        const std::string versioned = "gcov-" + major;
        return {mlab::find_program(versioned).empty() ? "gcov" : versioned};
    }
    if (project.compiler_id() == "Clang") {
        for (const std::string& name : {"llvm-cov-" + major, std::string("llvm-cov")}) {
            if (!mlab::find_program(name).empty()) {
                return {name, "gcov"};
            }
        }
        problem = "line coverage of a Clang build needs llvm-cov-" + major + " (apt-get install llvm-" +
                  major + ")";
        return {};
    }
    problem = "line coverage needs GCC's gcov or Clang's llvm-cov; the project compiles with " +
              project.compiler_id();
    return {};
}

std::set<unsigned> covered_lines(const ExistingCoverage& coverage, const fs::path& prefix,
                                 const fs::path& object, const fs::path& source, std::set<unsigned>* missed) {
    std::set<unsigned> lines;
    const fs::path gcda = prefix / fs::path(object).replace_extension(".gcda").relative_path();
    if (!fs::exists(gcda)) {
        return lines;
    }
    fs::copy_file(fs::path(object).replace_extension(".gcno"), fs::path(gcda).replace_extension(".gcno"),
                  fs::copy_options::overwrite_existing);
    mlab::ProcessOptions options;
    // Clang records a source under the folder it compiled in relative to it; gcov -t writes to stdout.
    options.working_directory = coverage.compile_dir;
    options.timeout = std::chrono::minutes(1);
    std::vector<std::string> argv = coverage.gcov;
    argv.insert(argv.end(), {"-t", "-o", fs::path(gcda).replace_extension(".o").string(), source.string()});
    const mlab::ProcessResult result = mlab::run_process(argv, options);
    bool in_source = false;
    for (std::string_view text : mlab::split_lines(result.standard_output)) {
        const std::optional<GcovLine> line = read_gcov_line(text);
        if (!line) {
            continue;
        }
        if (line->number == "0") {
            if (line->rest.rfind("Source:", 0) == 0) {
                std::error_code error;
                in_source =
                    fs::equivalent(coverage.compile_dir / std::string(line->rest.substr(7)), source, error);
            }
            continue;
        }
        if (!in_source || line->hits == "-") {
            continue;
        }
        const auto number = static_cast<unsigned>(std::stoul(line->number));
        if (line->hits.find('#') == std::string::npos && line->hits.find('=') == std::string::npos) {
            lines.insert(number);
        } else if (missed != nullptr) {
            missed->insert(number);
        }
    }
    return lines;
}

void measure_coverage(const CoverageInput& input, std::vector<TestEvidence>& tests) {
    const std::vector<SourceCoverage>& sources = input.existing.sources;
    for (std::size_t t = 0; t < tests.size(); ++t) {
        if (!input.built[t]) {
            continue;
        }
        TestEvidence& evidence = tests[t];
        evidence.coverage_measured = true;
        evidence.lines.assign(sources.size(), {});
        evidence.new_lines.assign(sources.size(), {});
        for (std::size_t s = 0; s < sources.size(); ++s) {
            const std::set<unsigned> lines =
                covered_lines(input.existing, input.gcov_root / std::to_string(t), sources[s].object,
                              sources[s].file, nullptr);
            evidence.lines[s].assign(lines.begin(), lines.end());
            std::set_difference(lines.begin(), lines.end(), sources[s].existing.begin(),
                                sources[s].existing.end(), std::back_inserter(evidence.new_lines[s]));
        }
    }
}

}  // namespace curator::funnel_phases

namespace curator {
using namespace funnel_phases;

namespace {

struct Objects {
    ObjectFile existing;
    std::vector<ObjectFile> sources;
};

/// The existing tests compiled as their target compiles them, and each source with --coverage, in parallel.
std::optional<Objects> compile_for_coverage(const CMakeProject& project, const TargetOfFile& target,
                                            const FunnelSettings& settings, std::vector<std::string>& notes) {
    std::vector<CompileRecipe> recipes;
    for (const fs::path& source : settings.source_files) {
        try {
            recipes.push_back(project.target_of(source).compile);
        } catch (const std::exception& error) {
            notes.push_back(std::string("no line coverage: ") + error.what());
            return std::nullopt;
        }
    }
    Objects objects;
    objects.sources.resize(recipes.size());
    mlab::parallel_for(recipes.size() + 1, settings.jobs, [&](std::size_t i) {
        if (i == recipes.size()) {
            objects.existing = compile_cached(target.compile, settings.existing_tests, {},
                                              settings.object_cache, "existing");
            return;
        }
        objects.sources[i] = compile_cached(recipes[i], settings.source_files[i], {"--coverage", "-O0"},
                                            settings.object_cache, settings.source_files[i].stem().string());
    });
    std::vector<const ObjectFile*> all{&objects.existing};
    for (const ObjectFile& source : objects.sources) {
        all.push_back(&source);
    }
    for (const ObjectFile* object : all) {
        if (!object->compiled) {
            notes.push_back("no line coverage: " + error_summary(object->output));
            return std::nullopt;
        }
    }
    return objects;
}

}  // namespace

ExistingCoverage measure_existing_coverage(const CMakeProject& project, const TargetOfFile& target,
                                           const FunnelSettings& settings) {
    ExistingCoverage coverage;
    if (!settings.coverage) {
        return coverage;
    }
    std::string problem;
    coverage.gcov = gcov_command(project, problem);
    coverage.compile_dir = project.build_dir();
    if (coverage.gcov.empty()) {
        coverage.notes.push_back(problem);
        return coverage;
    }
    const std::optional<Objects> objects = compile_for_coverage(project, target, settings, coverage.notes);
    if (!objects) {
        return coverage;
    }
    const fs::path dir = settings.scratch_dir / "existing";
    fs::create_directories(dir / "run");
    coverage.existing_binary = dir / "existing_tests";
    std::vector<fs::path> link{objects->existing.path};
    std::vector<fs::path> skipped{settings.existing_tests, settings.stands_for};
    skipped.insert(skipped.end(), settings.source_files.begin(), settings.source_files.end());
    const TargetObjects others =
        compile_target_objects(target, skipped, settings.object_cache, settings.jobs);
    if (!others.problem.empty()) {
        coverage.notes.push_back("no line coverage: " + others.problem);
        return coverage;
    }
    link.insert(link.end(), others.objects.begin(), others.objects.end());
    for (const ObjectFile& source : objects->sources) {
        link.push_back(source.path);
    }
    const mlab::ProcessResult linked = link_program(target, link, true, coverage.existing_binary);
    if (!linked.succeeded()) {
        coverage.notes.push_back(
            "no line coverage: the existing tests did not link with the instrumented "
            "sources: " +
            error_summary(linked.standard_output + linked.standard_error));
        return coverage;
    }
    mlab::ProcessOptions process;
    process.working_directory = run_folder(settings.place, dir, 0);
    process.timeout = std::chrono::minutes(10);
    process.environment = settings.place.environment;
    process.environment["GCOV_PREFIX"] = (dir / "gcov").string();
    process.environment["GCOV_PREFIX_STRIP"] = "0";
    process.environment["GTEST_COLOR"] = "no";
    std::vector<std::string> argv{coverage.existing_binary.string()};
    argv.insert(argv.end(), settings.place.arguments.begin(), settings.place.arguments.end());
    const mlab::ProcessResult ran = mlab::run_process(argv, process);
    const std::string output = ran.standard_output + ran.standard_error;
    // Cut short (a crash, a hang, an exit() of its own), the run's lines are not the existing tests' lines.
    if (ran.timed_out || ran.signal != 0 || output.find(" ran. (") == std::string::npos) {
        coverage.notes.push_back(
            fmt::format("no line coverage: the existing tests did not run to the end in {}: {}",
                        process.working_directory.string(),
                        ran.timed_out     ? std::string("timed out")
                        : ran.signal != 0 ? mlab::signal_name(ran.signal)
                                          : mlab::failure_excerpt(output)));
        return coverage;
    }
    for (std::size_t s = 0; s < settings.source_files.size(); ++s) {
        SourceCoverage source{settings.source_files[s], objects->sources[s].path, {}, {}};
        source.existing = covered_lines(coverage, dir / "gcov", source.object, source.file, &source.missed);
        if (source.existing.empty() &&
            source.missed.empty()) {  // a reader that read nothing measured nothing
            coverage.notes.push_back(fmt::format("no line coverage: {} found no executable line of {}",
                                                 fmt::join(coverage.gcov, " "), source.file.string()));
            coverage.sources.clear();
            return coverage;
        }
        coverage.sources.push_back(std::move(source));
    }
    coverage.measured = true;
    return coverage;
}

}  // namespace curator
