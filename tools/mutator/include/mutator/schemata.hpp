#pragma once
// Phase 2, instrument: mutant schemata. Every site of a file becomes a run-time choice in one rewritten
// copy of the file, so one build holds every mutant and an environment variable picks the active one.

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mlab/common/mutant_switch.hpp"
#include "mutator/site.hpp"

namespace mutator {

// The environment variables the runtime reads (kActiveMutantVariable, kCoverageFileVariable,
// kActiveFunctionVariable) are the contract with other tools: mlab/common/mutant_switch.hpp.
using mlab::kActiveFunctionVariable;
using mlab::kActiveMutantVariable;
using mlab::kCoverageFileVariable;

/// A site and the number its schemata switch tests for.
struct NumberedSite {
    const MutationSite* site = nullptr;
    std::uint32_t number = 0;
    // Not 0: the site's function body (MutationSite::body_offset/length) is held twice, an untouched copy
    // and an instrumented one, chosen at the body's entry by `mlab_fn_on(function)`. Numbers are unique in
    // a program; sites of one body share one.
    std::uint32_t function = 0;
};

/// The schemata runtime every rewritten file includes: `mlab_mut_on(N)` is true when mutant N is active
/// and records that site N was reached; `mlab_mut_reach(N)` only records. Header-only, so nothing needs
/// to be linked in, and it compiles as C++11 or later.
std::string schemata_runtime_header();

/// Rewrites one file so that each site is switched by `mlab_mut_on(number)`:
/// an expression `(mlab_mut_on(17) ? (a <= b) : (a < b))`, a statement
/// `if (mlab_mut_on(23)) { } else { call(); }`. A body whose sites carry a function number is held twice:
/// `{ if (mlab_fn_on(4)) { <switched copy> } else { <original> } }`, so with no mutant of it active and
/// no coverage recorded the function runs its original code. Sites in `probes` are not switched but only
/// recorded as reached (their switched form did not compile). The result starts with `#include
/// "runtime_include"` and a `#line 1 "original_path"`, and keeps every original line on its line number, so
/// diagnostics and debug information point at the original file. `sites_out_of_place` receives the numbers of
/// sites that overlap another site's code only in part and so cannot be placed at all.
std::string rewrite_with_schemata(std::string_view original, const std::vector<NumberedSite>& sites,
                                  const std::set<std::uint32_t>& probes, const std::string& original_path,
                                  const std::string& runtime_include,
                                  std::vector<std::uint32_t>* sites_out_of_place = nullptr);

/// The original file with one mutant applied plainly (no switch), behind the same `#line` header: the
/// per-mutant build of a site the schemata could not hold, and the code the equivalence check compiles.
std::string rewrite_with_one_mutant(std::string_view original, const MutationSite& site,
                                    const std::string& original_path);

// The compiler-equivalence check compiles the project's plain code with one mutant applied, whatever else
// the mutant build holds: in the mirror, a rewritten file is a wrapper that picks what the compiler reads.
//   MLAB_EQUIVALENCE undefined: the schemata text (the mutant build);
//   MLAB_EQUIVALENCE defined: the original text, from its plain copy beside the file;
//   and equivalence_macro(file) defined too: the file the string MLAB_EQUIVALENCE_TEXT names (one mutant).
// Each copy starts with `#line 1 "original_path"`, so `__FILE__` and line numbers are the original's.

/// The original text behind the `#line` header of the rewritten files.
std::string plain_copy(std::string_view original, const std::string& original_path);
/// Where the plain copy of a file is kept: beside it (`.NAME.mlab-plain`), so its quoted includes resolve.
std::filesystem::path plain_copy_path(const std::filesystem::path& file);
/// The macro that makes `file`'s wrapper read MLAB_EQUIVALENCE_TEXT (`MLAB_EQUIVALENCE_IN_<hash>`).
std::string equivalence_macro(const std::filesystem::path& file);
/// The wrapper the mirror holds in place of `file` (original path) around its schemata text.
std::string equivalence_wrapper(std::string_view schemata_text, const std::filesystem::path& file);

}  // namespace mutator
