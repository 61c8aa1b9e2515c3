#pragma once
// A mutation site: one place in the source and one rule applied to it.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mutator {

/// How a mutant is compiled in: as a replaced expression, or as a removed statement.
enum class Placement { Expression, Statement };

/// One mutant: where (a byte range of one file, with 1-based line/column, end exclusive), which rule, and
/// what the range becomes. `node_*` is the enclosing expression or statement that a schemata placer wraps.
struct MutationSite {
    std::string id;
    std::string file;  // relative to the project root, '/'-separated
    unsigned line = 0, column = 0, end_line = 0, end_column = 0;
    std::uint32_t offset = 0, length = 0;            // the replaced bytes
    std::uint32_t node_offset = 0, node_length = 0;  // the whole expression or statement
    Placement placement = Placement::Expression;
    std::string family;  // ROR, AOR, ...
    std::string rule;    // ROR.lt_to_le, ...
    std::string original;
    std::string replacement;
    std::string function;  // qualified name of the enclosing function, empty at namespace scope
    // The arithmetic type an expression site is converted to in a braced initializer ({...}), where a value
    // that is not a constant must not narrow: the schemata placer casts its run-time choice to this type.
    std::string schemata_cast;
    // The body ({...}) of the outermost function the site is in, when the schemata may hold two copies of
    // it (the original and the instrumented one): length 0 when the site is outside a body, or the body
    // holds labels or asm, or the function is constexpr or a coroutine.
    std::uint32_t body_offset = 0, body_length = 0;
    bool suppressed = false;  // switched off by a `// mutator:` comment
};

/// What a scan found: the sites in file order, and how many candidate sites were skipped, by reason.
struct SiteList {
    std::vector<MutationSite> sites;
    std::map<std::string, std::size_t> skipped;
    std::size_t translation_units = 0;
    std::size_t files = 0;  // distinct files that hold at least one site
};

}  // namespace mutator
