// `curator generate`'s inputs: the files read and the output checked before anything is built or asked,
// and the mutator the funnel will run.

#include "generate/phases.hpp"

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace curator::generate_phases {
namespace fs = std::filesystem;

namespace {

std::string read_input(const fs::path& path, const char* flag) {
    if (!fs::is_regular_file(path)) {
        throw mlab::InputError(fmt::format("{} {}: no such file", flag, path.string()));
    }
    return mlab::read_file(path);
}

fs::path free_backup_name(const fs::path& file) {
    fs::path backup = file.string() + ".bak";
    for (int n = 2; fs::exists(backup); ++n) {
        backup = fmt::format("{}.bak{}", file.string(), n);
    }
    return backup;
}

/// Throws mlab::InputError when `out` cannot be written as a new test file.
void check_output(const GenerateOptions& options, const fs::path& out) {
    bool is_input = out == mlab::canonical_or_same(options.tests);
    for (const fs::path& source : options.sources) {
        is_input = is_input || out == mlab::canonical_or_same(source);
    }
    if (is_input) {
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
}

fs::path this_program_dir() {
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    return error ? fs::path() : self.parent_path();
}

}  // namespace

Inputs read_inputs(const GenerateOptions& options) {
    if (options.count < 1 || options.count > 100) {
        throw mlab::InputError(fmt::format("--count {}: must be between 1 and 100", options.count));
    }
    if (options.runs < 1) {
        throw mlab::InputError(fmt::format("--runs {}: must be at least 1", options.runs));
    }
    if (options.rounds < 1 || options.rounds > 20) {
        throw mlab::InputError(fmt::format("--rounds {}: must be between 1 and 20", options.rounds));
    }
    if (options.until_score && (*options.until_score <= 0 || *options.until_score > 100)) {
        throw mlab::InputError(fmt::format(
            "--until-score {}: must be a mutation score above 0 and at most 100", *options.until_score));
    }
    if ((options.until_score || !options.mutants.empty()) && !options.mutation) {
        throw mlab::InputError(fmt::format("{} needs the mutation stage; leave out --no-mutation",
                                           options.until_score ? "--until-score" : "--mutants"));
    }
    if (options.sources.empty()) {
        throw mlab::InputError("--source: give the source file under test");
    }
    Inputs inputs;
    for (const fs::path& source : options.sources) {
        inputs.source_texts.push_back(read_input(source, "--source"));
    }
    for (const fs::path& header : options.headers) {
        inputs.header_texts.push_back(read_input(header, "--header"));
    }
    inputs.existing_text = read_input(options.tests, "--tests");
    inputs.out = mlab::canonical_or_same(options.out);
    check_output(options, inputs.out);
    if (fs::exists(inputs.out) && holds_review_decisions(mlab::read_file(inputs.out))) {
        if (!options.force) {
            throw mlab::InputError(
                fmt::format("--out {}: holds review decisions (KEPT/FIXED/DISCARDED); --force "
                            "replaces it and keeps a backup",
                            options.out.string()));
        }
        inputs.backup = free_backup_name(inputs.out);
    }
    return inputs;
}

std::string shown_path(const fs::path& path, const fs::path& source_dir) {
    const std::optional<fs::path> relative = mlab::relative_inside(mlab::canonical_or_same(path), source_dir);
    return relative ? relative->string() : path.string();
}

fs::path find_mutator(const GenerateOptions& options) {
    if (!options.mutation) {
        return {};
    }
    fs::path mutator = options.mutator;
    if (mutator.empty()) {
        // Installed side by side, or in the build tree (tools/curator/ beside tools/mutator/).
        mutator = this_program_dir() / "mutator";
        if (!fs::exists(mutator)) {
            mutator = this_program_dir().parent_path() / "mutator" / "mutator";
        }
    }
    if (fs::exists(mutator)) {
        return mutator;
    }
    if (!options.mutator.empty()) {
        throw mlab::InputError(fmt::format("--mutator {}: no such program", options.mutator.string()));
    }
    return {};
}

}  // namespace curator::generate_phases
