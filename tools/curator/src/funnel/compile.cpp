// The funnel's compile and link phases: the candidate tests compiled in one file until the ones that do
// not compile are taken out, object files cached by their dependencies, and the test programs linked.

#include "funnel/phases.hpp"

#include <algorithm>
#include <fstream>
#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mlab/common/diagnostics.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"
#include "mlab/common/text.hpp"
#include "mlab/common/worker_pool.hpp"

namespace curator::funnel_phases {
namespace fs = std::filesystem;

namespace {

std::string hash_text(std::string_view text) {
    return mlab::to_hex(mlab::mix64(mlab::fnv1a64(text)));
}

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

}  // namespace

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
    options.working_directory = recipe.directory;
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

TargetObjects compile_target_objects(const TargetOfFile& target, const std::vector<fs::path>& skipped,
                                     const fs::path& cache_dir, unsigned jobs) {
    TargetObjects result;
    if (!target.uncompiled.empty()) {  // before compiling the rest for nothing
        result.problem = fmt::format("the test program has sources curator does not compile: {}",
                                     fmt::join(target.uncompiled, ", "));
        return result;
    }
    std::vector<const TargetSource*> sources;
    for (const TargetSource& source : target.sources) {
        if (std::find(skipped.begin(), skipped.end(), source.path) == skipped.end()) {
            sources.push_back(&source);
        }
    }
    std::vector<ObjectFile> objects(sources.size());
    mlab::parallel_for(sources.size(), jobs, [&](std::size_t i) {
        objects[i] = compile_cached(sources[i]->compile, sources[i]->path, {}, cache_dir,
                                    target.target + "-" + sources[i]->path.stem().string());
    });
    result.objects = target.objects;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        if (!objects[i].compiled) {
            result.problem =
                fmt::format("{} of the test program does not compile: {}",
                            sources[i]->path.filename().string(), error_summary(objects[i].output));
            return result;
        }
        result.objects.push_back(objects[i].path);
    }
    return result;
}

std::string error_summary(const std::string& output) {
    // The whole first error line: its cause is often at the end (`... has no member named 'timestamp'`).
    const std::string line = mlab::first_error_line(output, std::string::npos);
    return line.empty() ? mlab::shorten(mlab::fold_whitespace(output), 400) : line;
}

namespace {

bool any(const std::vector<bool>& flags) {
    return std::count(flags.begin(), flags.end(), true) > 0;
}

/// Takes out the tests the compiler's errors point into (a compile_error each); when no error points into
/// a test, the error is in support code or an include and no test can be built.
void blame_tests(const std::string& output, const std::string& file_name, const ComposedFile& file,
                 std::vector<bool>& built, std::vector<TestEvidence>& tests) {
    bool blamed = false;
    for (const mlab::CompileError& error : mlab::compile_errors(output)) {
        if (fs::path(error.file).filename() != file_name) {
            continue;
        }
        for (std::size_t t = 0; t < tests.size(); ++t) {
            const auto [first, last] = file.test_lines[t];
            if (built[t] && error.line >= first && error.line <= last) {
                built[t] = false;
                tests[t].verdict = Verdict::compile_error;
                tests[t].problem = fmt::format("line {} of the test: {}", error.line - first + 1,
                                               mlab::fold_whitespace(error.message));
                tests[t].diagnostic = tests[t].problem;
                blamed = true;
            }
        }
    }
    if (blamed) {
        return;
    }
    for (std::size_t t = 0; t < tests.size(); ++t) {
        if (built[t]) {
            built[t] = false;
            tests[t].problem = "the file around the tests does not compile: " + error_summary(output);
            tests[t].diagnostic = mlab::first_error_line(output, std::string::npos);
        }
    }
}

}  // namespace

Compiled compile_candidates(const CompileInput& input, std::vector<TestEvidence>& tests) {
    Compiled compiled;
    compiled.built =
        input.included.empty() ? std::vector<bool>(input.extraction.tests.size(), true) : input.included;
    const fs::path candidates = input.scratch_dir / "curator_candidates.cpp";
    compiled.object = input.scratch_dir / "curator_candidates.o";
    while (any(compiled.built)) {
        ComposeOptions options;
        options.included = compiled.built;
        // The existing file comes first, in the same unit: the candidates may use its fixtures, helpers and
        // parameterized suites, as tests added to it would. Its own errors name it, not the candidates.
        options.preamble =
            "#include \"" + input.host.string() + "\"  // the existing tests this file extends";
        const ComposedFile file = compose(input.extraction, options);
        mlab::write_file_atomic(candidates, file.text);
        mlab::ProcessOptions process;
        process.timeout = std::chrono::minutes(10);
        process.working_directory = input.recipe.directory;
        ++compiled.passes;
        const mlab::ProcessResult done =
            mlab::run_process(compile_command(input.recipe, candidates, compiled.object, {}), process);
        if (done.succeeded()) {
            break;
        }
        if (!input.log
                 .empty()) {  // every failed pass, whole: the evidence holds only each test's first error
            std::ofstream(input.log, std::ios::app)
                << fmt::format("== compile pass {}: {}\n", compiled.passes,
                               fmt::join(compile_command(input.recipe, candidates, compiled.object, {}), " "))
                << done.standard_output << done.standard_error << "\n";
            compiled.log = input.log;
        }
        blame_tests(done.standard_output + done.standard_error, candidates.filename().string(), file,
                    compiled.built, tests);
    }
    return compiled;
}

mlab::ProcessResult link_program(const TargetOfFile& target, const std::vector<fs::path>& objects,
                                 bool coverage, const fs::path& out) {
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
}

fs::path link_candidates(const LinkInput& input, std::vector<bool>& built, std::vector<TestEvidence>& tests) {
    fs::path binary = input.scratch_dir / "curator_candidates";
    if (!any(built)) {
        return binary;
    }
    std::string problem = input.others.problem;
    if (problem.empty()) {
        std::vector<fs::path> objects{input.candidates_object};
        objects.insert(objects.end(), input.others.objects.begin(), input.others.objects.end());
        objects.insert(objects.end(), input.instrumented.begin(), input.instrumented.end());
        const mlab::ProcessResult done =
            link_program(input.target, objects, !input.instrumented.empty(), binary);
        if (!done.succeeded()) {
            problem = error_summary(done.standard_output + done.standard_error);
        }
    }
    for (std::size_t t = 0; t < tests.size() && !problem.empty(); ++t) {
        if (built[t]) {
            built[t] = false;
            tests[t].verdict = Verdict::link_error;
            tests[t].problem = "does not link: " + problem;
        }
    }
    return binary;
}

}  // namespace curator::funnel_phases
