#include "curator/funnel.hpp"

#include <algorithm>
#include <csignal>
#include <cstring>
#include <fstream>
#include <future>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string hash_text(std::string_view text) {
    return mlab::to_hex(mlab::mix64(mlab::fnv1a64(text)));
}

/// An object file compiled with the flags of the file's target, reused while the source, every header it
/// read (from its depfile) and the command stay the same.
struct ObjectFile {
    fs::path path;
    bool compiled = false;
    std::string output;  // the compiler's diagnostics
};

std::vector<std::string> compile_command(const CompileRecipe& recipe, const fs::path& source,
                                         const fs::path& object, const std::vector<std::string>& extra) {
    std::vector<std::string> argv{recipe.compiler};
    argv.insert(argv.end(), recipe.arguments.begin(), recipe.arguments.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    // A warning in a generated test is not what the funnel judges: the project's -Werror is undone.
    argv.insert(argv.end(), {"-Wno-error", "-MD", "-MF", fs::path(object).replace_extension(".d").string(),
                             "-c", source.string(), "-o", object.string()});
    return argv;
}

/// The files a depfile lists, hashed together with their content.
std::string dependency_signature(const fs::path& depfile) {
    std::string text;
    try {
        text = mlab::read_file(depfile);
    } catch (const mlab::FileError&) {
        return {};
    }
    text = mlab::replace_all(text, "\\\n", " ");
    const std::size_t colon = text.find(": ");
    std::string signature;
    for (const std::string& file :
         split_shell_words(colon == std::string::npos ? text : text.substr(colon + 1))) {
        try {
            signature += file + "\n" + hash_text(mlab::read_file(file)) + "\n";
        } catch (const mlab::FileError&) {
            return {};  // a header is gone: compile again
        }
    }
    return signature;
}

ObjectFile compile_cached(const CompileRecipe& recipe, const fs::path& source,
                          const std::vector<std::string>& extra, const fs::path& cache_dir,
                          const std::string& stem) {
    std::string command_text = recipe.compiler + "\n" + source.string();
    for (const std::string& word : recipe.arguments) {
        command_text += "\n" + word;
    }
    for (const std::string& word : extra) {
        command_text += "\n" + word;
    }
    const fs::path dir = cache_dir / (stem + "-" + hash_text(command_text));
    fs::create_directories(dir);
    ObjectFile object{dir / (stem + ".o"), false, {}};
    const fs::path signature_file = dir / "signature";
    if (fs::exists(object.path) && fs::exists(signature_file)) {
        const std::string signature = dependency_signature(fs::path(object.path).replace_extension(".d"));
        if (!signature.empty() && signature == mlab::read_file(signature_file)) {
            object.compiled = true;
            return object;
        }
    }
    fs::remove(signature_file);
    mlab::ProcessOptions options;
    options.timeout = std::chrono::minutes(10);
    const mlab::ProcessResult result =
        mlab::run_process(compile_command(recipe, source, object.path, extra), options);
    object.output = result.standard_output + result.standard_error;
    object.compiled = result.succeeded();
    if (object.compiled) {
        mlab::write_file_atomic(signature_file,
                                dependency_signature(fs::path(object.path).replace_extension(".d")));
    }
    return object;
}

struct CompileError {
    std::size_t line;
    std::string message;
};

/// The error lines of a compiler's output that point into `file_name`.
std::vector<CompileError> errors_in(const std::string& output, const std::string& file_name) {
    static const std::regex kError(R"(^([^:]+):(\d+):(?:\d+:)? (?:fatal )?error: (.*)$)");
    std::vector<CompileError> errors;
    for (std::string_view line : mlab::split_lines(output)) {
        std::match_results<std::string_view::const_iterator> match;
        if (std::regex_match(line.begin(), line.end(), match, kError) &&
            fs::path(match[1].str()).filename() == file_name) {
            errors.push_back({std::stoul(match[2].str()), match[3].str()});
        }
    }
    return errors;
}

std::string first_error_line(const std::string& output) {
    for (std::string_view line : mlab::split_lines(output)) {
        if (line.find("error") != std::string_view::npos) {
            return mlab::shorten(mlab::fold_whitespace(line), 200);
        }
    }
    return mlab::shorten(mlab::fold_whitespace(output), 200);
}

std::string signal_text(int signal) {
    const char* abbrev = sigabbrev_np(signal);
    return fmt::format("signal {} (SIG{})", signal, abbrev != nullptr ? abbrev : "?");
}

/// A gtest failure's message: the lines after "Failure", folded.
std::string failure_message(const std::string& output) {
    std::string message;
    bool inside = false;
    for (std::string_view line : mlab::split_lines(output)) {
        if (line.find(": Failure") != std::string_view::npos) {
            inside = true;
            continue;
        }
        if (inside) {
            if (line.rfind("[  FAILED  ]", 0) == 0 || line.rfind("[       OK ]", 0) == 0) {
                break;
            }
            message += std::string(line) + " ";
        }
    }
    if (message.empty()) {
        for (std::string_view line : mlab::split_lines(output)) {
            if (line.find("exception") != std::string_view::npos ||
                line.find("Failure") != std::string_view::npos) {
                return mlab::shorten(mlab::fold_whitespace(line), 200);
            }
        }
        return "failed with no assertion message";
    }
    return mlab::shorten(mlab::fold_whitespace(message), 200);
}

struct RunOutcome {
    enum class Kind { passed, failed, crashed, timed_out, not_run } kind;
    std::string problem;
    std::chrono::milliseconds duration{0};
};

RunOutcome run_one(const fs::path& binary, const std::string& filter, const fs::path& cwd,
                   std::chrono::milliseconds timeout, const fs::path& gcov_prefix) {
    mlab::ProcessOptions options;
    options.working_directory = cwd;
    options.timeout = timeout;
    options.environment["GTEST_COLOR"] = "no";
    if (!gcov_prefix.empty()) {
        options.environment["GCOV_PREFIX"] = gcov_prefix.string();
        options.environment["GCOV_PREFIX_STRIP"] = "0";
    }
    const mlab::ProcessResult result =
        mlab::run_process({binary.string(), "--gtest_filter=" + filter}, options);
    RunOutcome outcome{RunOutcome::Kind::passed, {}, result.duration};
    const std::string output = result.standard_output + result.standard_error;
    if (result.timed_out) {
        outcome.kind = RunOutcome::Kind::timed_out;
        outcome.problem = fmt::format("did not finish within {} ms", timeout.count());
    } else if (result.signal != 0) {
        outcome.kind = RunOutcome::Kind::crashed;
        outcome.problem = "crashed: " + signal_text(result.signal);
    } else if (result.exit_code != 0) {
        const bool assertion = output.find("[  FAILED  ]") != std::string::npos;
        outcome.kind = assertion ? RunOutcome::Kind::failed : RunOutcome::Kind::crashed;
        outcome.problem = assertion ? failure_message(output)
                                    : fmt::format("exited with code {}: {}", result.exit_code,
                                                  mlab::shorten(mlab::fold_whitespace(output), 160));
    } else if (output.find("[  PASSED  ] 1 test") == std::string::npos) {
        outcome.kind = RunOutcome::Kind::not_run;
        outcome.problem = "GoogleTest ran no test by this name (a TEST_P without INSTANTIATE_TEST_SUITE_P?)";
    }
    return outcome;
}

/// The executed lines of `source` in the gcda files under `prefix`, with the gcno beside `object`.
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
    for (std::string_view line : mlab::split_lines(result.standard_output)) {
        const std::size_t first = line.find(':');
        const std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
        if (second == std::string_view::npos) {
            continue;
        }
        const std::string hits = mlab::fold_whitespace(line.substr(0, first));
        const std::string number = mlab::fold_whitespace(line.substr(first + 1, second - first - 1));
        if (number == "0") {
            const std::string_view rest = line.substr(second + 1);
            if (rest.rfind("Source:", 0) == 0) {
                std::error_code error;
                in_source = fs::equivalent(fs::path(std::string(rest.substr(7))), source, error);
            }
            continue;
        }
        if (!in_source || hits == "-") {
            continue;
        }
        ++count;
        if (hits.find('#') == std::string::npos && hits.find('=') == std::string::npos) {
            lines.insert(static_cast<unsigned>(std::stoul(number)));
        }
    }
    if (executable != nullptr && count > 0) {
        *executable = count;
    }
    return lines;
}

bool is_build_folder(const fs::path& folder) {
    return fs::exists(folder / "CMakeCache.txt");
}

/// A copy of the project's sources, without build folders and version control.
void copy_sources(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path relative = fs::relative(it->path(), from);
        if (it->is_directory()) {
            if (is_build_folder(it->path()) || it->path().filename() == ".git" ||
                it->path().filename() == "node_modules" || it->path().filename() == ".curator") {
                it.disable_recursion_pending();
                continue;
            }
            fs::create_directories(to / relative);
        } else if (it->is_regular_file()) {
            fs::copy_file(it->path(), to / relative, fs::copy_options::overwrite_existing);
        }
    }
}

std::string test_id(const ExtractedTest& test) {
    return test.suite + "." + test.name;
}

bool names_test(const std::string& report_id, const std::string& id) {
    return report_id == id || (report_id.size() > id.size() &&
                               report_id.compare(report_id.size() - id.size(), id.size(), id) == 0 &&
                               report_id[report_id.size() - id.size() - 1] == '.');
}

/// The mutation stage: the passing tests added to a copy of the project, and `mutator run` over the source
/// file; each test's kills read from the report's kill matrix.
void mutation_stage(const CMakeProject& project, const TargetOfFile& target, const Extraction& extraction,
                    const std::vector<bool>& passing, const FunnelSettings& settings, FunnelResult& result) {
    const fs::path root = settings.scratch_dir / "mutation";
    fs::remove_all(root);
    const fs::path copy = root / "project";
    copy_sources(project.source_dir(), copy);
    ComposeOptions compose_options;
    compose_options.included = passing;
    const std::string file_name = "curator_candidates.cpp";
    const fs::path candidates =
        copy / fs::relative(settings.existing_tests, project.source_dir()).parent_path() / file_name;
    mlab::write_file_atomic(candidates, compose(extraction, compose_options).text);
    const fs::path lists = copy / fs::relative(target.directory, project.source_dir()) / "CMakeLists.txt";
    std::string text = mlab::read_file(lists);
    text += fmt::format("\n# Added by curator's mutation stage.\ntarget_sources({} PRIVATE \"{}\")\n",
                        target.target, candidates.string());
    mlab::write_file_atomic(lists, text);
    std::vector<std::string> configure{
        "cmake", "-S", copy.string(), "-B", (root / "build").string(), "-G", project.generator()};
    for (std::string& option : mlab::cmake_copy_options(project.build_dir(), project.source_dir(), copy,
                                                        {"CMAKE_EXPORT_COMPILE_COMMANDS"})) {
        configure.push_back(std::move(option));
    }
    configure.push_back("-DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
    mlab::ProcessOptions options;
    options.timeout = std::chrono::hours(1);
    mlab::ProcessResult done = mlab::run_process(configure, options);
    if (!done.succeeded()) {
        result.notes.push_back("mutation stage skipped: the project copy did not configure: " +
                               first_error_line(done.standard_output + done.standard_error));
        return;
    }
    std::vector<std::string> run{settings.mutator.string(),
                                 "run",
                                 "-p",
                                 (root / "build").string(),
                                 "--out",
                                 (root / "run").string(),
                                 "--reports",
                                 "json",
                                 "--jobs",
                                 std::to_string(settings.jobs),
                                 "-q",
                                 (copy / fs::relative(settings.source_file, project.source_dir())).string()};
    if (!settings.test_label.empty()) {
        run.insert(run.end() - 1, {"--test-label", settings.test_label});
    }
    done = mlab::run_process(run, options);
    const fs::path report_file = root / "run" / "mutation-report.json";
    if (!fs::exists(report_file)) {
        result.notes.push_back("mutation stage failed: " +
                               first_error_line(done.standard_error + done.standard_output));
        return;
    }
    result.mutation_report = report_file.string();
    const nlohmann::json report = nlohmann::json::parse(mlab::read_file(report_file));
    std::vector<std::string> ids;
    for (const ExtractedTest& test : extraction.tests) {
        ids.push_back(test_id(test));
    }
    auto candidate_of = [&](const std::string& report_id) -> int {
        for (std::size_t t = 0; t < ids.size(); ++t) {
            if (passing[t] && names_test(report_id, ids[t])) {
                return static_cast<int>(t);
            }
        }
        return -1;
    };
    for (std::size_t t = 0; t < ids.size(); ++t) {
        result.tests[t].mutation_measured = passing[t];
    }
    const nlohmann::json files = report.value("files", nlohmann::json::object());
    for (const auto& [file, entry] : files.items()) {
        for (const nlohmann::json& mutant : entry.value("mutants", nlohmann::json::array())) {
            const std::string id = mutant.value("id", "");
            for (const char* field : {"killedBy", "coveredBy"}) {
                bool others = false;
                std::vector<int> mine;
                for (const nlohmann::json& test : mutant.value(field, nlohmann::json::array())) {
                    const int t = candidate_of(test.get<std::string>());
                    if (t < 0) {
                        others = true;
                        if (std::strcmp(field, "killedBy") == 0) {
                            result.existing_kills[test.get<std::string>()].push_back(id);
                        }
                    } else {
                        mine.push_back(t);
                    }
                }
                for (const int t : mine) {
                    TestEvidence& evidence = result.tests[static_cast<std::size_t>(t)];
                    if (std::strcmp(field, "killedBy") == 0) {
                        evidence.kills.push_back(id);
                        if (!others) {
                            evidence.unique_kills.push_back(id);
                        }
                    } else if (!others) {
                        evidence.new_sites.push_back(id);
                    }
                }
            }
        }
    }
}

}  // namespace

std::string verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::compile_error:
            return "compile_error";
        case Verdict::link_error:
            return "link_error";
        case Verdict::crashed:
            return "crashed";
        case Verdict::timed_out:
            return "timed_out";
        case Verdict::failed:
            return "fails_on_current_code";
        case Verdict::flaky:
            return "flaky";
        case Verdict::passed:
            return "passed";
    }
    return "unknown";
}

FunnelResult run_funnel(const CMakeProject& project, const TargetOfFile& target,
                        const std::vector<ExtractedTest>& existing_tests, const Extraction& extraction,
                        const FunnelSettings& settings) {
    FunnelResult result;
    result.tests.resize(extraction.tests.size());
    fs::remove_all(settings.scratch_dir);
    fs::create_directories(settings.scratch_dir);

    // The target's libraries must be current: build the target (a no-op when it is up to date).
    auto started = Clock::now();
    {
        mlab::ProcessOptions process;
        process.timeout = std::chrono::hours(1);
        const mlab::ProcessResult built =
            mlab::run_process({"cmake", "--build", project.build_dir().string(), "--target", target.target,
                               "--parallel", std::to_string(std::max(1U, settings.jobs))},
                              process);
        if (!built.succeeded()) {
            throw mlab::InputError(
                fmt::format("{}: the target {} does not build: {}", project.build_dir().string(),
                            target.target, first_error_line(built.standard_output + built.standard_error)));
        }
    }
    result.phases.push_back({"build " + target.target, mlab::milliseconds_since(started)});

    // Duplicates: an existing test with the same body, whitespace aside.
    std::map<std::string, std::string> existing_bodies;
    for (const ExtractedTest& test : existing_tests) {
        existing_bodies.emplace(mlab::fold_whitespace(test.body), test_id(test));
    }
    for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
        const auto found = existing_bodies.find(mlab::fold_whitespace(extraction.tests[t].body));
        if (found != existing_bodies.end()) {
            result.tests[t].duplicate_of = found->second;
        }
    }

    // Compile: all tests in one file; the tests an error points into are taken out and the rest compiled
    // again, until it compiles. The existing tests and the instrumented source compile beside it, once.
    started = Clock::now();
    std::optional<TargetOfFile> source_target;
    bool coverage = settings.coverage && !settings.source_file.empty();
    if (coverage && project.compiler_id() != "GNU") {
        result.notes.push_back("line coverage needs GCC's gcov; the project compiles with " +
                               project.compiler_id());
        coverage = false;
    }
    if (coverage) {
        try {
            source_target = project.target_of(settings.source_file);
        } catch (const std::exception& error) {
            result.notes.push_back(std::string("no line coverage: ") + error.what());
            coverage = false;
        }
    }
    std::future<ObjectFile> existing_object, source_object;
    if (coverage) {
        existing_object = std::async(std::launch::async, [&] {
            return compile_cached(target.compile, settings.existing_tests, {}, settings.object_cache,
                                  "existing");
        });
        source_object = std::async(std::launch::async, [&] {
            return compile_cached(source_target->compile, settings.source_file, {"--coverage", "-O0"},
                                  settings.object_cache, settings.source_file.stem().string());
        });
    }
    std::vector<bool> compiled(extraction.tests.size(), true);
    const fs::path candidates = settings.scratch_dir / "curator_candidates.cpp";
    const fs::path candidates_object = settings.scratch_dir / "curator_candidates.o";
    int compiles = 0;
    while (std::count(compiled.begin(), compiled.end(), true) > 0) {
        ComposeOptions options;
        options.included = compiled;
        const ComposedFile file = compose(extraction, options);
        mlab::write_file_atomic(candidates, file.text);
        mlab::ProcessOptions process;
        process.timeout = std::chrono::minutes(10);
        ++compiles;
        const mlab::ProcessResult done =
            mlab::run_process(compile_command(target.compile, candidates, candidates_object, {}), process);
        if (done.succeeded()) {
            break;
        }
        const std::string output = done.standard_output + done.standard_error;
        bool blamed = false;
        for (const CompileError& error : errors_in(output, candidates.filename().string())) {
            for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
                const auto [first, last] = file.test_lines[t];
                if (compiled[t] && error.line >= first && error.line <= last) {
                    compiled[t] = false;
                    result.tests[t].verdict = Verdict::compile_error;
                    result.tests[t].problem = fmt::format("line {} of the test: {}", error.line - first + 1,
                                                          mlab::shorten(error.message, 200));
                    blamed = true;
                }
            }
        }
        if (!blamed) {  // the error is in support code or an include: no test can be built
            for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
                if (compiled[t]) {
                    compiled[t] = false;
                    result.tests[t].problem =
                        "the file around the tests does not compile: " + first_error_line(output);
                }
            }
        }
    }
    ObjectFile existing, source;
    if (coverage) {
        existing = existing_object.get();
        source = source_object.get();
        if (!existing.compiled || !source.compiled) {
            result.notes.push_back("no line coverage: " +
                                   first_error_line(existing.compiled ? source.output : existing.output));
            coverage = false;
        }
    }
    result.phases.push_back({fmt::format("compile ({} pass{})", compiles, compiles == 1 ? "" : "es"),
                             mlab::milliseconds_since(started)});

    // Link: the candidates (and the instrumented source) with the target's libraries.
    started = Clock::now();
    const fs::path binary = settings.scratch_dir / "curator_candidates";
    const fs::path existing_binary = settings.scratch_dir / "existing_tests";
    auto link = [&](const std::vector<fs::path>& objects, const fs::path& out) {
        std::vector<std::string> argv{target.compile.compiler};
        for (const fs::path& object : objects) {
            argv.push_back(object.string());
        }
        argv.insert(argv.end(), target.link_arguments.begin(), target.link_arguments.end());
        if (coverage) {
            argv.push_back("--coverage");
        }
        argv.insert(argv.end(), {"-o", out.string()});
        mlab::ProcessOptions process;
        process.timeout = std::chrono::minutes(10);
        return mlab::run_process(argv, process);
    };
    const bool any_compiled = std::count(compiled.begin(), compiled.end(), true) > 0;
    std::future<mlab::ProcessResult> existing_link;
    if (coverage) {
        existing_link = std::async(std::launch::async, [&] {
            return link({existing.path, source.path}, existing_binary);
        });
    }
    if (any_compiled) {
        std::vector<fs::path> objects{candidates_object};
        if (coverage) {
            objects.push_back(source.path);
        }
        const mlab::ProcessResult linked = link(objects, binary);
        if (!linked.succeeded()) {
            for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
                if (compiled[t]) {
                    compiled[t] = false;
                    result.tests[t].verdict = Verdict::link_error;
                    result.tests[t].problem =
                        "does not link: " + first_error_line(linked.standard_output + linked.standard_error);
                }
            }
        }
    }
    if (coverage && !existing_link.get().succeeded()) {
        result.notes.push_back(
            "no line coverage: the existing tests did not link with the instrumented source");
        coverage = false;
    }
    result.phases.push_back({"link", mlab::milliseconds_since(started)});

    // Run: each test alone, `runs` times; the first run also records its coverage.
    started = Clock::now();
    const fs::path gcov_root = settings.scratch_dir / "gcov";
    std::vector<std::future<void>> workers;
    std::atomic<std::size_t> next{0};
    std::vector<std::vector<RunOutcome>> outcomes(extraction.tests.size());
    for (unsigned w = 0; w < std::max(1U, settings.jobs); ++w) {
        workers.push_back(std::async(std::launch::async, [&] {
            for (std::size_t t = next++; t < extraction.tests.size(); t = next++) {
                if (!compiled[t]) {
                    continue;
                }
                const fs::path cwd = settings.scratch_dir / "runs" / std::to_string(t);
                fs::create_directories(cwd);
                for (int run = 0; run < settings.runs; ++run) {
                    const fs::path prefix = coverage && run == 0 ? gcov_root / std::to_string(t) : fs::path();
                    outcomes[t].push_back(
                        run_one(binary, test_id(extraction.tests[t]), cwd, settings.test_timeout, prefix));
                    const RunOutcome::Kind kind = outcomes[t].back().kind;
                    if (kind == RunOutcome::Kind::crashed || kind == RunOutcome::Kind::timed_out ||
                        kind == RunOutcome::Kind::not_run) {
                        break;  // no need to crash or hang four more times
                    }
                }
            }
        }));
    }
    if (coverage) {
        const fs::path cwd = settings.scratch_dir / "runs" / "existing";
        fs::create_directories(cwd);
        mlab::ProcessOptions process;
        process.working_directory = cwd;
        process.timeout = std::chrono::minutes(10);
        process.environment = {{"GCOV_PREFIX", (gcov_root / "existing").string()},
                               {"GCOV_PREFIX_STRIP", "0"}};
        mlab::run_process({existing_binary.string()}, process);
    }
    for (auto& worker : workers) {
        worker.get();
    }
    for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
        if (!compiled[t]) {
            continue;
        }
        TestEvidence& evidence = result.tests[t];
        evidence.runs = static_cast<int>(outcomes[t].size());
        evidence.run_time = outcomes[t].front().duration;
        const RunOutcome* first_problem = nullptr;
        for (const RunOutcome& outcome : outcomes[t]) {
            if (outcome.kind == RunOutcome::Kind::passed) {
                ++evidence.passes;
            } else if (first_problem == nullptr) {
                first_problem = &outcome;
            }
        }
        if (first_problem == nullptr) {
            evidence.verdict = Verdict::passed;
        } else {
            evidence.problem = first_problem->problem;
            switch (first_problem->kind) {
                case RunOutcome::Kind::crashed:
                    evidence.verdict = evidence.passes > 0 ? Verdict::flaky : Verdict::crashed;
                    break;
                case RunOutcome::Kind::timed_out:
                    evidence.verdict = evidence.passes > 0 ? Verdict::flaky : Verdict::timed_out;
                    break;
                default:
                    evidence.verdict = evidence.passes > 0 ? Verdict::flaky : Verdict::failed;
            }
        }
    }
    result.phases.push_back({"run", mlab::milliseconds_since(started)});

    // Coverage: the source's lines each test executes, beside those the existing tests execute.
    if (coverage) {
        started = Clock::now();
        const std::set<unsigned> existing_lines =
            covered_lines(gcov_root / "existing", source.path, settings.source_file, &result.source_lines);
        result.existing_lines.assign(existing_lines.begin(), existing_lines.end());
        for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
            if (!compiled[t]) {
                continue;
            }
            TestEvidence& evidence = result.tests[t];
            const std::set<unsigned> lines =
                covered_lines(gcov_root / std::to_string(t), source.path, settings.source_file, nullptr);
            evidence.coverage_measured = true;
            evidence.lines.assign(lines.begin(), lines.end());
            std::set_difference(lines.begin(), lines.end(), existing_lines.begin(), existing_lines.end(),
                                std::back_inserter(evidence.new_lines));
        }
        result.phases.push_back({"coverage", mlab::milliseconds_since(started)});
    }

    // Mutation: which mutants each passing test kills that the existing tests do not.
    std::vector<bool> passing(extraction.tests.size());
    for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
        passing[t] = result.tests[t].verdict == Verdict::passed;
    }
    if (!settings.mutator.empty() && std::count(passing.begin(), passing.end(), true) > 0) {
        started = Clock::now();
        mutation_stage(project, target, extraction, passing, settings, result);
        result.phases.push_back({"mutation", mlab::milliseconds_since(started)});
    }
    return result;
}

std::string evidence_line(const TestEvidence& evidence) {
    std::vector<std::string> parts;
    switch (evidence.verdict) {
        case Verdict::compile_error:
            return "does not compile: " + evidence.problem;
        case Verdict::link_error:
            return "compiles; " + evidence.problem;
        case Verdict::crashed:
            return "compiles; crashes on the current code: " + evidence.problem;
        case Verdict::timed_out:
            return "compiles; hangs on the current code: " + evidence.problem;
        case Verdict::failed:
            parts.push_back(
                fmt::format("compiles; fails on current code ({}/{} runs): a bug, or a wrong expectation? {}",
                            evidence.runs - evidence.passes, evidence.runs, evidence.problem));
            break;
        case Verdict::flaky:
            parts.push_back(fmt::format("compiles; flaky: passes {}/{}: {}", evidence.passes, evidence.runs,
                                        evidence.problem));
            break;
        case Verdict::passed:
            parts.push_back(fmt::format("compiles; passes {}/{}", evidence.passes, evidence.runs));
            break;
    }
    if (evidence.coverage_measured) {
        parts.push_back(evidence.lines.empty() ? std::string("executes no line of the source file")
                        : evidence.new_lines.empty()
                            ? std::string("covers no line the existing tests miss")
                            : fmt::format("covers {} line{} the existing tests miss",
                                          evidence.new_lines.size(),
                                          evidence.new_lines.size() == 1 ? "" : "s"));
    }
    if (evidence.mutation_measured) {
        if (evidence.kills.empty()) {
            parts.push_back("kills no mutant");
        } else if (evidence.unique_kills.empty()) {
            parts.push_back(fmt::format("kills {} mutant{}, all also killed by existing tests",
                                        evidence.kills.size(), evidence.kills.size() == 1 ? "" : "s"));
        } else {
            parts.push_back(fmt::format("kills {} mutant{} the existing tests miss",
                                        evidence.unique_kills.size(),
                                        evidence.unique_kills.size() == 1 ? "" : "s"));
        }
    }
    if (!evidence.duplicate_of.empty()) {
        parts.push_back("same body as existing test " + evidence.duplicate_of);
    }
    std::string line;
    for (const std::string& part : parts) {
        line += (line.empty() ? "" : "; ") + part;
    }
    return line;
}

}  // namespace curator
