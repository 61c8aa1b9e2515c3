#pragma once
// Phase 3, build: a separate build of the project under the output folder. The project's source folder
// is mirrored into OUT/src with the schemata-rewritten files in place of the originals (quoted #includes
// then find the rewritten headers too), configured like the user's build, and built once for all
// mutants. The user's source tree and build folder are only read.

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mlab/common/diagnostics.hpp"

namespace mutator {

struct MutantBuildSettings {
    std::filesystem::path user_build_dir;  // the build the sites were found in
    std::filesystem::path source_dir;      // the project's CMake source folder
    std::filesystem::path mirror_root;     // the folder mirrored (it holds source_dir; empty: source_dir)
    std::filesystem::path out_dir;         // the run's output folder
    std::string build_command;             // instead of CMake: a shell command run in the mirrored sources
    unsigned jobs = 1;
    bool harden = false;  // the standard library's assertions on (see hardening_flags)
};

/// What `mutator run --harden` adds to every compile of the mutant build: the standard library's own
/// checks (libstdc++'s _GLIBCXX_ASSERTIONS, libc++'s fast hardening mode), so an out-of-range access
/// aborts instead of reading past the end unnoticed.
std::vector<std::string> hardening_flags();

/// One translation unit of the mutant build, as its compile_commands.json gives it.
struct CompileUnit {
    std::filesystem::path source;  // in the mirror
    std::filesystem::path directory;
    std::vector<std::string> arguments;
    std::string object;             // as the build tool names it
    std::filesystem::path depfile;  // absolute, from `-MF`; empty: none
};

/// The unit's command for a check that writes neither its object nor its dependency file (`-o`, `-c` and
/// the `-M...` options left out), compiling `source` in place of the unit's own.
std::vector<std::string> check_command(const CompileUnit& unit, const std::filesystem::path& source);

struct BuildAttempt {
    bool succeeded = false;
    bool cancelled = false;  // stopped by an interrupt
    std::string output;      // what the build printed
    std::chrono::milliseconds duration{0};
};

class MutantBuild {
  public:
    /// Throws mlab::InputError when the user's build folder is not a CMake build and no build command is
    /// given.
    explicit MutantBuild(MutantBuildSettings settings);

    /// The copy of the mirrored folder (the repository root).
    std::filesystem::path mirror_dir() const { return settings_.out_dir / "src"; }
    /// The copy of the CMake source folder inside mirror_dir(), configured like the user's build.
    std::filesystem::path mirrored_source_dir() const;
    std::filesystem::path build_dir() const;
    /// The flags the mutant build adds to the project's own in every compile (beyond -Wno-error).
    std::vector<std::string> added_flags() const;
    std::filesystem::path runtime_header() const {
        return settings_.out_dir / "schemata" / "mlab_schemata.h";
    }
    /// Where the mirror holds the copy of an original file of the source folder.
    std::filesystem::path mirrored(const std::filesystem::path& original) const;

    /// Makes OUT/src equal to the mirrored folder with `replacements` (absolute original path → content)
    /// swapped in and `added` files (absolute path as if in the mirrored folder → content) besides. Files
    /// whose content is already right are not touched, so the next build is incremental.
    void sync(const std::map<std::filesystem::path, std::string>& replacements,
              const std::map<std::filesystem::path, std::string>& added = {});

    /// Replaces one mirrored file's content (for the per-mutant builds).
    void write_mirrored(const std::filesystem::path& original, const std::string& content);

    /// Configures (when needed) and builds the mirror; the output is kept in OUT/logs/build.log. The build
    /// keeps going past a failed unit (Ninja, Makefiles), so one round names every unit that fails.
    BuildAttempt build();

    /// The original files (absolute) whose translation units failed in `build_output`, read from the mutant
    /// build's compile_commands.json and the build tool's FAILED lines.
    std::set<std::filesystem::path> failed_units(const std::string& build_output) const;

    /// Compiles `original` with `content` in place of its text, syntax only (`-fsyntax-only`, with the
    /// unit's own command from the mutant build), beside the mirrored file so its includes resolve.
    /// nullopt: it compiles. Otherwise the first error line. Throws std::out_of_range when `original` is not
    /// a translation unit of the build (a header). Safe to call from several threads at once.
    std::optional<std::string> syntax_error(const std::filesystem::path& original, const std::string& content,
                                            unsigned job) const;

    /// The mutant build's units, read from its compile_commands.json once per configure.
    const std::vector<CompileUnit>& units() const;

  private:
    std::filesystem::path original_of(const std::filesystem::path& mirrored) const;
    std::vector<std::string> configure_arguments() const;

    MutantBuildSettings settings_;
    mutable std::mutex units_mutex_;  // syntax checks read the units from several threads
    mutable std::optional<std::vector<CompileUnit>> units_;
};

/// What a "not a CMake build" error adds for the mutator.
inline constexpr std::string_view kNotCMakeHint = "use --build-cmd for other build systems";

using mlab::DiagnosticLocation;
using mlab::error_locations;

/// The first error line of a build log (mlab::first_error_line), or a pointer to the build log.
std::string first_error(const std::string& build_output);

}  // namespace mutator
