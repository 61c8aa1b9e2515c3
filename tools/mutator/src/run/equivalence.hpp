#pragma once
// mutator run, after phase 6: compiler equivalence (Trivial Compiler Equivalence). Each surviving mutant's
// translation units are compiled, optimised and with the project's flags, from the project's plain code
// (the mirror's wrappers read the original files, mutator/schemata.hpp) once with no mutant and once with
// that one mutant applied; when the generated code is the same, no test can ever kill the mutant, and it
// is Ignored as equivalent. A survivor whose code is the same as an earlier survivor's of its file is a
// duplicate of it: the first is kept, the others Ignored. What a mutant's code is depends on that mutant
// and the project alone, not on the other mutants a run selected, so shards judge as one run does. Every
// compile's result is kept in the results store under the unit's preprocessed text and command, so an
// unchanged unit is not compiled again.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mutants.hpp"
#include "mutator/mutant_build.hpp"
#include "mutator/results_store.hpp"
#include "mutator/run.hpp"
#include "select.hpp"

namespace mutator {

using mlab::kDuplicateReason;
using mlab::kEquivalentReason;

struct EquivalenceOptions {
    unsigned jobs = 1;
    const std::atomic<bool>* cancel = nullptr;
    std::vector<std::string> added_flags;  // what the mutant build adds to each compile (--harden)
    /// The original text of every instrumented file (absolute path → text).
    const std::map<std::filesystem::path, std::string>* originals = nullptr;
};

struct EquivalenceDone {
    std::size_t survivors = 0;   // Survived mutants of the shared build looked at
    std::size_t equivalent = 0;  // Ignored: the same code as no mutant
    std::size_t duplicates = 0;  // Ignored: the same code as another survivor
    std::size_t unchecked = 0;   // in no unit the check could compile (see docs/mutator-run.md)
    std::size_t compiles = 0, cached = 0;
    std::chrono::milliseconds elapsed{0};
};

/// Turns the equivalent and duplicate survivors of `done` into Ignored results (the stored results stay
/// Survived: the check runs again on every run, from its cache). Tells the observer what it found.
EquivalenceDone mark_equivalent_mutants(const std::vector<SiteState>& states, MutantsDone& done,
                                        const MutantBuild& build, ResultsStore& store,
                                        const EquivalenceOptions& options, RunObserver& observer);

/// The unit's command compiled to assembly on stdout (`-S -o -`, `-O2 -g0 -w`), with what changes the
/// code but not what it does left out: debug information, the optimisation level, coverage and sanitizer
/// instrumentation, warnings as errors, and the object and dependency files.
std::vector<std::string> assembly_command(const CompileUnit& unit);

/// Generated assembly without what does not change what runs: the file name, the compiler's
/// identification, comment lines, and the numbers of local labels (renumbered in order of first use, as
/// code removed earlier in the unit shifts them).
std::string normalized_assembly(std::string_view assembly);

/// The functions a unit's assembly defines that any caller, a new test too, may call with any arguments:
/// exported (.globl or .weak), not a clone the optimiser specialised for this unit's callers
/// (`f.constprop.0`, `f.part.0`), named as the site finder names functions: demangled, without template
/// arguments and parameters (`ns::Queue::Clear`).
std::set<std::string> exported_functions(std::string_view assembly);

/// A symbol's qualified function name as the site finder names functions: demangled, without template
/// arguments and parameters (`_ZN5QueueIiE5ClearEv` → `Queue::Clear`).
std::string function_name(std::string_view symbol);

/// The files a make-style dependency file names (its targets left out), absolute against `directory`.
std::vector<std::filesystem::path> dependency_file_inputs(std::string_view text,
                                                          const std::filesystem::path& directory);

/// The inputs of each object in `ninja -t deps` output, absolute against `build_dir`.
std::map<std::string, std::vector<std::filesystem::path>> ninja_dependencies(
    std::string_view text, const std::filesystem::path& build_dir);

}  // namespace mutator
