#pragma once
// How a mutant of a `mutator run`'s shared build (mutant schemata) is switched on, for any program linked
// against that build: the environment variables the schemata runtime reads, and OUT/schemata/switches.json,
// the file in which a run records each mutant's switch. The mutator writes it; curator reads it to run new
// tests against the mutants without building them again.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace mlab {

/// The environment variable that names the active mutant by its schemata number (unset or 0: none).
inline constexpr const char* kActiveMutantVariable = "MUTATOR_ACTIVE_MUTANT";
/// The environment variable naming the file where reached sites' numbers are appended, one per line.
inline constexpr const char* kCoverageFileVariable = "MUTATOR_COVERAGE_FILE";
/// The environment variable that names the function body the active mutant is in: only that body runs its
/// instrumented copy.
inline constexpr const char* kActiveFunctionVariable = "MUTATOR_ACTIVE_FUNCTION";

/// One mutant's switch in the shared build.
struct MutantSwitch {
    std::uint32_t number = 0;    // its schemata number
    std::uint32_t function = 0;  // its function body held twice; 0: none
};

/// The switches of a run's shared build, by mutant id. Only mutants the shared build holds switched are
/// listed: a mutant built alone (the schemata could not hold it) or only probed for coverage is not.
struct SwitchTable {
    std::map<std::string, MutantSwitch> by_id;
};

/// OUT/schemata/switches.json of the run in `out_dir`.
std::filesystem::path switches_file(const std::filesystem::path& out_dir);

/// Writes the table atomically.
void write_switches(const std::filesystem::path& file, const SwitchTable& table);

/// The table, or nullopt when the file does not exist. Throws mlab::InputError naming the file when it is
/// not a switch table.
std::optional<SwitchTable> read_switches(const std::filesystem::path& file);

/// The environment that switches `mutant` on (both variables).
std::map<std::string, std::string> switch_environment(const MutantSwitch& mutant);

/// The numbers a coverage file (kCoverageFileVariable) holds: the sites reached, and `0`, the marker each
/// process of a program with the runtime writes as it starts. Empty when the file does not exist.
std::set<std::uint32_t> read_coverage_file(const std::filesystem::path& file);

}  // namespace mlab
