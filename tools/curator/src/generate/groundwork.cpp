// `curator generate`'s groundwork, before the model is asked: the existing tests' target built, their line
// coverage, and the mutation run new tests are checked against (given with --mutants, or made).

#include <regex>

#include <fmt/format.h>

#include "generate/phases.hpp"
#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"

namespace curator::generate_phases {
namespace fs = std::filesystem;

namespace {

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

FunnelSettings funnel_settings(const GenerateOptions& options, const CMakeProject& project,
                               const Progress& progress) {
    const fs::path work = project.build_dir() / ".curator";
    FunnelSettings funnel;
    funnel.scratch_dir = work / "scratch";
    funnel.compile_log = work / "logs" / (options.out.filename().string() + ".compile.log");
    funnel.object_cache = work / "objects";
    for (const fs::path& source : options.sources) {
        funnel.source_files.push_back(mlab::canonical_or_same(source));
        funnel.shown_sources.push_back(shown_path(source, project.source_dir()));
    }
    funnel.existing_tests = mlab::canonical_or_same(options.tests);
    funnel.stands_for = mlab::canonical_or_same(options.out);
    funnel.runs = options.runs;
    funnel.test_timeout = std::chrono::milliseconds(static_cast<long>(options.test_timeout_seconds * 1000));
    funnel.coverage = options.coverage;
    funnel.mutation = options.mutation;
    funnel.jobs = options.jobs;
    funnel.progress = [progress](const std::string& line) { progress("funnel: " + line); };
    return funnel;
}

}  // namespace

MutantRuns::MutantRuns(const GenerateOptions& options, const CMakeProject& project, fs::path mutator,
                       Progress progress)
    : options_(options),
      build_dir_(project.build_dir()),
      mutator_(std::move(mutator)),
      progress_(std::move(progress)) {
    if (!options.mutants.empty()) {
        run_ = open_mutant_run(options.mutants, options.sources, "--mutants");
        tried_ = true;
        if (!run_->switches) {
            progress_(
                fmt::format("--mutants {}: no shared mutant build beside the report, so new tests are "
                            "not checked against the mutants (give the run's --out folder)",
                            options.mutants.string()));
        }
    }
}

const MutantRun* MutantRuns::get(std::vector<std::string>& notes) {
    if (tried_) {
        return current();
    }
    tried_ = true;
    if (mutator_.empty()) {
        notes.push_back("mutation stage skipped: no mutator beside curator (--mutator names one)");
        return nullptr;
    }
    std::string sources;
    for (const fs::path& source : options_.sources) {
        sources += (sources.empty() ? "" : ", ") + source.filename().string();
    }
    progress_(
        fmt::format("mutator run over {} into {} (the first time builds every mutant once; later runs "
                    "reuse its results)",
                    sources, (build_dir_ / ".curator" / "mutants").string()));
    std::string problem;
    run_ = run_mutator({mutator_, build_dir_, build_dir_ / ".curator" / "mutants", options_.sources,
                        options_.test_label, options_.jobs},
                       problem);
    if (!run_) {
        notes.push_back("mutation stage failed: mutator run: " + problem);
    }
    return current();
}

Groundwork lay_groundwork(const GenerateOptions& options, const Inputs& inputs, CMakeProject project,
                          const Progress& progress) {
    TargetOfFile target = project.target_of(options.tests);  // fails early, naming the file
    const fs::path mutator = find_mutator(options);          // before the model is asked (and paid)
    FunnelSettings funnel = funnel_settings(options, project, progress);
    std::string version = gtest_version(project.build_dir());
    Groundwork ground{std::move(project),
                      std::move(target),
                      list_tests(inputs.existing_text),
                      {},
                      std::move(funnel),
                      {},
                      nullptr,
                      std::move(version)};
    if (options.mutation) {
        ground.mutants = std::make_unique<MutantRuns>(options, ground.project, mutator, progress);
    }
    fs::remove_all(ground.funnel.scratch_dir);
    fs::create_directories(ground.funnel.scratch_dir);
    fs::create_directories(ground.funnel.compile_log.parent_path());
    fs::remove(ground.funnel.compile_log);  // this run's failed compiles only
    build_target(ground.project, ground.target.target, options.jobs);
    // After the build: a generated source of the program exists only then.
    for (const TargetSource& source : ground.target.sources) {
        std::error_code unreadable;
        if (source.path != ground.funnel.existing_tests && source.path != ground.funnel.stands_for &&
            fs::is_regular_file(source.path, unreadable)) {
            for (const ExtractedTest& test : list_tests(mlab::read_file(source.path))) {
                ground.program_tests.insert(test.suite + "." + test.name);
            }
        }
    }
    ground.funnel.place =
        find_test_place(ground.project, ground.target, ground.project.build_dir() / ".curator" / "tree");

    ground.coverage = measure_existing_coverage(ground.project, ground.target, ground.funnel);
    for (const std::string& note : ground.coverage.notes) {
        progress("funnel: " + note);
    }
    mlab::stop_if_interrupted();
    if (options.until_score && ground.mutants) {
        std::vector<std::string> notes;
        ground.mutants->get(notes);  // the first prompt aims at what the run leaves undetected
        for (const std::string& note : notes) {
            progress("funnel: " + note);
        }
    }
    return ground;
}

}  // namespace curator::generate_phases
