#include "mutator/mutant_build.hpp"

#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/cmake_build.hpp"
#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/project_copy.hpp"
#include "mlab/common/text.hpp"

namespace mutator {
namespace fs = std::filesystem;
MutantBuild::MutantBuild(MutantBuildSettings settings) : settings_(std::move(settings)) {
    settings_.user_build_dir = mlab::canonical_or_same(settings_.user_build_dir);
    settings_.source_dir = mlab::canonical_or_same(settings_.source_dir);
    settings_.out_dir = mlab::canonical_or_same(settings_.out_dir);
    settings_.mirror_root =
        settings_.mirror_root.empty() ? settings_.source_dir : mlab::canonical_or_same(settings_.mirror_root);
    if (settings_.build_command.empty()) {
        mlab::cmake_generator_of(settings_.user_build_dir, kNotCMakeHint);  // bad input before any work
    } else if (settings_.harden) {
        throw mlab::InputError(
            "--harden adds the standard library's assertions to a CMake build's compiles; with --build-cmd, "
            "add "
            "-D_GLIBCXX_ASSERTIONS to the compiler flags of the build command instead");
    }
}

fs::path MutantBuild::build_dir() const {
    return settings_.build_command.empty() ? settings_.out_dir / "build" : mirrored_source_dir();
}

fs::path MutantBuild::mirrored(const fs::path& original) const {
    return mirror_dir() / fs::path(original).lexically_relative(settings_.mirror_root);
}

fs::path MutantBuild::mirrored_source_dir() const {
    return mirrored(settings_.source_dir).lexically_normal();
}

void MutantBuild::sync(const std::map<fs::path, std::string>& replacements,
                       const std::map<fs::path, std::string>& added) {
    mlab::TreeCopy rules;
    rules.skipped_folders = {settings_.user_build_dir, settings_.out_dir};
    rules.replacements = replacements;
    rules.added = added;
    mlab::sync_tree(settings_.mirror_root, mirror_dir(), rules);
}

void MutantBuild::write_mirrored(const fs::path& original, const std::string& content) {
    mlab::write_file_atomic(mirrored(original), content);
}

std::vector<std::string> MutantBuild::configure_arguments() const {
    mlab::CopyConfiguration copy{settings_.user_build_dir,
                                 settings_.source_dir,
                                 mirrored_source_dir(),
                                 build_dir(),
                                 {"CMAKE_C_COMPILER_LAUNCHER", "CMAKE_CXX_COMPILER_LAUNCHER"},
                                 {}};
    // Warnings are not errors in the mutant build: a mutant may well make code look unused or always
    // false, and `-Werror` would turn that into a CompileError. The launcher appends -Wno-error last, so
    // it wins over the project's own -Werror.
    // The user's own launchers (ccache, sccache) run after ours, so a mutant build that recompiles an
    // unchanged unit is a cache hit.
    std::string ours = "sh;-c;exec \"$0\" \"$@\" -Wno-error";
    for (const std::string& flag : added_flags()) {
        ours += " " + flag;
    }
    for (const std::string language : {"C", "CXX"}) {
        const std::string variable = "CMAKE_" + language + "_COMPILER_LAUNCHER";
        const std::string users = mlab::cmake_cache_value(settings_.user_build_dir, variable);
        copy.extra.push_back("-D" + variable + "=" + ours + (users.empty() ? "" : ";" + users));
    }
    return mlab::configure_copy_command(copy);
}

std::vector<std::string> hardening_flags() {
    return {"-D_GLIBCXX_ASSERTIONS", "-D_LIBCPP_HARDENING_MODE=_LIBCPP_HARDENING_MODE_FAST"};
}

std::vector<std::string> MutantBuild::added_flags() const {
    return settings_.harden ? hardening_flags() : std::vector<std::string>{};
}

BuildAttempt MutantBuild::build() {
    const auto started = std::chrono::steady_clock::now();
    fs::create_directories(settings_.out_dir / "logs");
    BuildAttempt attempt;
    mlab::ProcessOptions options;
    options.timeout = std::chrono::hours(2);
    mlab::ProcessResult result;
    if (!settings_.build_command.empty()) {
        options.working_directory = mirrored_source_dir();
        result = mlab::run_process({"sh", "-c", settings_.build_command}, options);
        attempt.output = result.standard_output + result.standard_error;
    } else {
        const std::vector<std::string> configure = configure_arguments();
        std::string configured_with;
        for (const std::string& argument : configure) {
            configured_with += argument + "\n";
        }
        const fs::path stamp = settings_.out_dir / "logs" / "configure.args";
        const bool configured = fs::exists(build_dir() / "CMakeCache.txt") && fs::exists(stamp) &&
                                mlab::read_file(stamp) == configured_with;
        if (!configured) {
            result = mlab::run_process(configure, options);
            attempt.output += result.standard_output + result.standard_error;
            if (!result.succeeded()) {
                attempt.cancelled = result.cancelled;
                attempt.duration = mlab::milliseconds_since(started);
                mlab::write_file_atomic(settings_.out_dir / "logs" / "build.log", attempt.output);
                return attempt;
            }
            mlab::write_file_atomic(stamp, configured_with);
            const std::lock_guard lock(units_mutex_);
            units_.reset();  // a new configure may name other units
        }
        // Past a failed unit: one round names every unit that does not compile.
        mlab::BuildRequest request{build_dir(), {}, settings_.jobs, true, *options.timeout, nullptr};
        result = mlab::build_targets(request);
        attempt.output += result.standard_output + result.standard_error;
    }
    attempt.succeeded = result.succeeded();
    attempt.cancelled = result.cancelled;
    attempt.duration = mlab::milliseconds_since(started);
    mlab::write_file_atomic(settings_.out_dir / "logs" / "build.log", attempt.output);
    return attempt;
}

fs::path MutantBuild::original_of(const fs::path& mirrored) const {
    return settings_.mirror_root / mirrored.lexically_normal().lexically_relative(mirror_dir());
}

const std::vector<CompileUnit>& MutantBuild::units() const {
    const std::lock_guard lock(units_mutex_);
    if (units_) {
        return *units_;
    }
    std::vector<CompileUnit>& out = units_.emplace();
    const fs::path database = build_dir() / "compile_commands.json";
    std::error_code error;
    if (!fs::exists(database, error)) {
        units_.reset();  // not configured yet: read it again next time
        static const std::vector<CompileUnit> kNone;
        return kNone;
    }
    nlohmann::json entries;
    try {
        entries = nlohmann::json::parse(mlab::read_file(database));
    } catch (const std::exception&) {
        units_.reset();
        static const std::vector<CompileUnit> kNone;
        return kNone;
    }
    for (const nlohmann::json& entry : entries) {
        CompileUnit unit;
        unit.directory = entry.value("directory", "");
        const fs::path file = entry.value("file", "");
        unit.source = (file.is_absolute() ? file : unit.directory / file).lexically_normal();
        if (entry.contains("arguments")) {
            unit.arguments = entry["arguments"].get<std::vector<std::string>>();
        } else {
            // "command": split on blanks, as CMake writes it (quotes only around what holds blanks).
            std::string word;
            bool quoted = false;
            for (const char c : entry.value("command", "")) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted) {
                    continue;
                } else if (c == ' ' && !quoted) {
                    if (!word.empty()) {
                        unit.arguments.push_back(word);
                    }
                    word.clear();
                } else {
                    word += c;
                }
            }
            if (!word.empty()) {
                unit.arguments.push_back(word);
            }
        }
        unit.object = entry.value("output", "");
        for (std::size_t i = 0; unit.object.empty() && i + 1 < unit.arguments.size(); ++i) {
            if (unit.arguments[i] == "-o") {
                unit.object = unit.arguments[i + 1];
            }
        }
        for (std::size_t i = 0; i + 1 < unit.arguments.size(); ++i) {
            if (unit.arguments[i] == "-MF") {
                unit.depfile = (unit.directory / unit.arguments[i + 1]).lexically_normal();
            }
        }
        out.push_back(std::move(unit));
    }
    return out;
}

std::set<fs::path> MutantBuild::failed_units(const std::string& build_output) const {
    // Ninja: "FAILED: OBJECT"; make: "*** [.../build.make:76: OBJECT] Error 1".
    static const std::regex kNinja(R"(^FAILED: (\S+))");
    static const std::regex kMake(R"(\*\*\* \[(?:[^\]]*: )?([^\]:]+\.o(?:bj)?)\] Error)");
    std::set<std::string> objects;
    for (const std::string_view view : mlab::split_lines(build_output)) {
        const std::string line(view);
        std::smatch match;
        if (std::regex_search(line, match, kNinja) || std::regex_search(line, match, kMake)) {
            objects.insert(match[1].str());
        }
    }
    std::set<fs::path> out;
    for (const CompileUnit& unit : units()) {
        if (objects.count(unit.object) > 0 ||
            objects.count(fs::path(unit.object).lexically_relative(build_dir()).string()) > 0) {
            out.insert(original_of(unit.source));
        }
    }
    return out;
}

std::optional<std::string> MutantBuild::syntax_error(const fs::path& original, const std::string& content,
                                                     unsigned job) const {
    const fs::path mirrored_file = mirrored(original).lexically_normal();
    for (const CompileUnit& unit : units()) {
        if (unit.source != mirrored_file) {
            continue;
        }
        // Beside the mirrored file, so that its quoted includes resolve the same way.
        const fs::path probe = mirrored_file.parent_path() /
                               fmt::format(".mlab-syntax-{}-{}", job, mirrored_file.filename().string());
        mlab::write_file_atomic(probe, content);
        std::vector<std::string> command = check_command(unit, probe);
        command.push_back("-fsyntax-only");
        command.push_back("-Wno-error");  // as in the mutant build (its launcher adds it there)
        mlab::ProcessOptions options;
        options.working_directory = unit.directory;
        options.timeout = std::chrono::minutes(10);
        const mlab::ProcessResult result = mlab::run_process(command, options);
        std::error_code ignored;
        fs::remove(probe, ignored);
        if (result.succeeded()) {
            return std::nullopt;
        }
        return first_error(result.standard_output + result.standard_error);
    }
    throw std::out_of_range(original.string() + ": not a translation unit of the mutant build");
}

std::vector<std::string> check_command(const CompileUnit& unit, const fs::path& source) {
    std::vector<std::string> command;
    for (std::size_t i = 0; i < unit.arguments.size(); ++i) {
        const std::string& argument = unit.arguments[i];
        if (argument == "-o" || argument == "-MF" || argument == "-MT" || argument == "-MQ") {
            ++i;  // and its value
        } else if (argument == "-c" || argument == "-MD" || argument == "-MMD") {
            continue;
        } else if (fs::path(argument).lexically_normal() == unit.source ||
                   (unit.directory / argument).lexically_normal() == unit.source) {
            command.push_back(source.string());
        } else {
            command.push_back(argument);
        }
    }
    return command;
}

std::string first_error(const std::string& build_output) {
    const std::string line = mlab::first_error_line(build_output);
    return line.empty() ? "the build failed (see logs/build.log)" : line;
}

}  // namespace mutator
