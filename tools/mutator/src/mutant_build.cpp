#include "mutator/mutant_build.hpp"

#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"
#include "mutator/project.hpp"

namespace mutator {
namespace fs = std::filesystem;
namespace {

bool same_content(const fs::path& path, const std::string& content) {
    std::error_code error;
    if (!fs::is_regular_file(path, error) || fs::file_size(path, error) != content.size() || error) {
        return false;
    }
    try {
        return mlab::read_file(path) == content;
    } catch (const mlab::FileError&) {
        return false;
    }
}

}  // namespace

bool left_out_of_source_copies(const fs::path& folder) {
    const std::string name = folder.filename().string();
    return name == ".git" || name == ".hg" || name == ".svn" || name == "CMakeFiles" ||
           fs::exists(folder / "CMakeCache.txt");
}

MutantBuild::MutantBuild(MutantBuildSettings settings) : settings_(std::move(settings)) {
    settings_.user_build_dir = mlab::canonical_or_same(settings_.user_build_dir);
    settings_.source_dir = mlab::canonical_or_same(settings_.source_dir);
    settings_.out_dir = mlab::canonical_or_same(settings_.out_dir);
    settings_.mirror_root =
        settings_.mirror_root.empty() ? settings_.source_dir : mlab::canonical_or_same(settings_.mirror_root);
    if (settings_.build_command.empty()) {
        generator_ = cmake_generator_of(settings_.user_build_dir);
    }
}

std::string cmake_generator_of(const fs::path& build_dir) {
    std::string generator = read_cmake_cache_value(build_dir, "CMAKE_GENERATOR");
    if (generator.empty()) {
        throw mlab::InputError(fmt::format(
            "{}: not a CMake build folder (no CMakeCache.txt with CMAKE_GENERATOR); use --build-cmd "
            "for other build systems",
            build_dir.string()));
    }
    return generator;
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

void MutantBuild::sync(const std::map<fs::path, std::string>& replacements) {
    const fs::path mirror = mirror_dir();
    fs::create_directories(mirror);
    std::set<fs::path> wanted;
    const auto skipped_folder = [&](const fs::path& folder) {
        const fs::path canonical = mlab::canonical_or_same(folder);
        return left_out_of_source_copies(folder) || canonical == settings_.user_build_dir ||
               canonical == settings_.out_dir;
    };
    for (auto it = fs::recursive_directory_iterator(settings_.mirror_root);
         it != fs::recursive_directory_iterator(); ++it) {
        const fs::path& path = it->path();
        const fs::path relative = path.lexically_relative(settings_.mirror_root);
        const fs::path target = mirror / relative;
        if (it->is_directory() && !it->is_symlink()) {
            if (skipped_folder(path)) {
                it.disable_recursion_pending();
                continue;
            }
            fs::create_directories(target);
            wanted.insert(relative);
            continue;
        }
        if (path.filename() == "CMakeCache.txt") {
            continue;
        }
        wanted.insert(relative);
        if (it->is_symlink()) {
            const fs::path link = fs::read_symlink(path);
            std::error_code error;
            if (!fs::is_symlink(target) || fs::read_symlink(target, error) != link) {
                fs::remove(target, error);
                fs::create_symlink(link, target);
            }
            continue;
        }
        if (!it->is_regular_file()) {
            continue;
        }
        const auto replacement = replacements.find(path);
        const std::string content =
            replacement != replacements.end() ? replacement->second : mlab::read_file(path);
        if (!same_content(target, content)) {
            mlab::write_file_atomic(target, content);
            fs::permissions(target, fs::status(path).permissions());
        }
    }
    // Files that left the sources leave the mirror.
    std::vector<fs::path> stale;
    for (auto it = fs::recursive_directory_iterator(mirror); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path relative = it->path().lexically_relative(mirror);
        if (it->is_directory() && !it->is_symlink() && left_out_of_source_copies(it->path())) {
            it.disable_recursion_pending();  // a build folder a --build-cmd made in the mirror stays
            continue;
        }
        if (wanted.count(relative) == 0) {
            stale.push_back(it->path());
            if (it->is_directory() && !it->is_symlink()) {
                it.disable_recursion_pending();
            }
        }
    }
    for (const fs::path& path : stale) {
        fs::remove_all(path);
    }
}

void MutantBuild::write_mirrored(const fs::path& original, const std::string& content) {
    mlab::write_file_atomic(mirrored(original), content);
}

std::vector<std::string> MutantBuild::configure_arguments() const {
    std::vector<std::string> arguments{
        "cmake", "-S", mirrored_source_dir().string(), "-B", build_dir().string(), "-G", generator_};
    // Warnings are not errors in the mutant build: a mutant may well make code look unused or always
    // false, and `-Werror` would turn that into a CompileError. The launcher appends -Wno-error last, so
    // it wins over the project's own -Werror.
    // The user's own launchers (ccache, sccache) run after ours, so a mutant build that recompiles an
    // unchanged unit is a cache hit.
    const std::string ours = "sh;-c;exec \"$0\" \"$@\" -Wno-error";
    std::vector<std::string> launchers;
    for (const std::string language : {"C", "CXX"}) {
        const std::string variable = "CMAKE_" + language + "_COMPILER_LAUNCHER";
        const std::string users = mlab::cmake_cache_value(settings_.user_build_dir, variable);
        launchers.push_back("-D" + variable + "=" + ours + (users.empty() ? "" : ";" + users));
    }
    for (std::string& option :
         mlab::cmake_copy_options(settings_.user_build_dir, settings_.source_dir, mirrored_source_dir(),
                                  {"CMAKE_C_COMPILER_LAUNCHER", "CMAKE_CXX_COMPILER_LAUNCHER"})) {
        arguments.push_back(std::move(option));
    }
    arguments.insert(arguments.end(), launchers.begin(), launchers.end());
    arguments.push_back("-DCMAKE_EXPORT_COMPILE_COMMANDS=ON");  // each unit's command, for syntax checks
    return arguments;
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
        std::vector<std::string> command{"cmake", "--build", build_dir().string(), "--parallel",
                                         std::to_string(std::max(1U, settings_.jobs))};
        // Past a failed unit: one round names every unit that does not compile.
        if (generator_ == "Ninja" || generator_ == "Ninja Multi-Config") {
            command.insert(command.end(), {"--", "-k", "0"});
        } else if (generator_ == "Unix Makefiles") {
            command.insert(command.end(), {"--", "-k"});
        }
        result = mlab::run_process(command, options);
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

const std::vector<MutantBuild::Unit>& MutantBuild::units() const {
    const std::lock_guard lock(units_mutex_);
    if (units_) {
        return *units_;
    }
    std::vector<Unit>& out = units_.emplace();
    const fs::path database = build_dir() / "compile_commands.json";
    std::error_code error;
    if (!fs::exists(database, error)) {
        units_.reset();  // not configured yet: read it again next time
        static const std::vector<Unit> kNone;
        return kNone;
    }
    nlohmann::json entries;
    try {
        entries = nlohmann::json::parse(mlab::read_file(database));
    } catch (const std::exception&) {
        units_.reset();
        static const std::vector<Unit> kNone;
        return kNone;
    }
    static const std::regex kObject(R"((?:^|\s)-o\s+(\S+))");
    for (const nlohmann::json& entry : entries) {
        Unit unit;
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
    for (const Unit& unit : units()) {
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
    for (const Unit& unit : units()) {
        if (unit.source != mirrored_file) {
            continue;
        }
        // Beside the mirrored file, so that its quoted includes resolve the same way.
        const fs::path probe = mirrored_file.parent_path() /
                               fmt::format(".mlab-syntax-{}-{}", job, mirrored_file.filename().string());
        mlab::write_file_atomic(probe, content);
        std::vector<std::string> command;
        for (std::size_t i = 0; i < unit.arguments.size(); ++i) {
            const std::string& argument = unit.arguments[i];
            if (argument == "-o" || argument == "-MF" || argument == "-MT" || argument == "-MQ") {
                ++i;  // and its value
            } else if (argument == "-c" || argument == "-MD" || argument == "-MMD") {
                continue;
            } else if (fs::path(argument).lexically_normal() == unit.source ||
                       (unit.directory / argument).lexically_normal() == unit.source) {
                command.push_back(probe.string());
            } else {
                command.push_back(argument);
            }
        }
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

std::vector<DiagnosticLocation> error_locations(const std::string& build_output) {
    static const std::regex kLocation(R"(^(?:In file included from )?([^:\s][^:]*):(\d+):(?:\d+:)?\s+(.*)$)");
    std::vector<DiagnosticLocation> out;
    for (const std::string_view view : mlab::split_lines(build_output)) {
        const std::string line(view);
        std::smatch match;
        if (!std::regex_match(line, match, kLocation)) {
            continue;
        }
        const std::string rest = match[3].str();
        if (rest.rfind("error", 0) == 0 || rest.rfind("fatal error", 0) == 0 ||
            rest.rfind("required from", 0) == 0) {
            out.push_back({match[1].str(), static_cast<unsigned>(std::stoul(match[2].str()))});
        }
    }
    return out;
}

std::string first_error(const std::string& build_output) {
    std::string_view fallback;
    for (const std::string_view line : mlab::split_lines(build_output)) {
        if (line.find(" error: ") != std::string::npos || line.find("fatal error:") != std::string::npos) {
            return mlab::shorten(line, 240);
        }
        if (fallback.empty() && line.find("rror") != std::string::npos) {
            fallback = line;
        }
    }
    return fallback.empty() ? "the build failed (see logs/build.log)" : mlab::shorten(fallback, 240);
}

}  // namespace mutator
