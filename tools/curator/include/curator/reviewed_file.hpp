#pragma once
// A reviewed test file as the student sees it: every TEST block, live or commented out, with the comment
// block just above it that holds its decision (`// KEPT: <reason>`, `// FIXED: <reason>`,
// `// DISCARDED: <reason>` or `// REVIEW: pending`) and its evidence line. Parsing is line based and never
// fails: what is malformed is reported, for `curator check` to name. Edits return the new text; every line
// they do not touch is kept byte for byte.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace curator {

enum class Decision { none, pending, kept, fixed, discarded };

/// "KEPT", "FIXED", "DISCARDED", "REVIEW: pending" (for pending), "" (none).
std::string_view decision_keyword(Decision decision);
/// "kept", "fixed", "discarded", "pending", "none".
std::string_view decision_name(Decision decision);

/// A line that holds, or tries to hold, a decision.
struct DecisionLine {
    std::size_t line = 0;  // 1-based
    Decision decision = Decision::none;
    std::string reason;   // trimmed
    std::string problem;  // set when the line is malformed (e.g. `// KEEP:`); decision is then none
};

struct TestBlock {
    std::string macro;
    std::string suite;
    std::string name;
    std::size_t block_first = 0;  // first line of the comment block above the test (1-based)
    std::size_t first_line = 0;   // the TEST(...) line
    std::size_t last_line = 0;    // the closing brace's line (the last line scanned when incomplete)
    bool commented_out = false;
    bool complete = true;  // its closing brace was found
    std::vector<DecisionLine> decisions;
    std::string evidence;   // the text after `// evidence:`, if any
    std::string code;       // the block from TEST to its closing brace, uncommented
    std::string body_hash;  // of `code` with whitespace folded: the same whether live or commented out
    std::string code_hash;  // of its body alone (from its first `{`): the same after a rename
    std::string misplaced_decision;  // a decision at the end of the TEST line: what to do instead
    bool in_if0 = false;             // inside `#if 0` (or `#if false`): not compiled

    std::string id() const { return suite + "." + name; }
    /// The one well-formed decision; none when there is none, or more than one.
    Decision decision() const;
    /// Its reason (empty when decision() is none).
    std::string reason() const;
};

struct TestFile {
    std::vector<TestBlock> tests;
    std::vector<DecisionLine> stray;  // decision lines not directly above any test
};

TestFile parse_test_file(std::string_view text);

/// The hash parse_test_file gives a test's code.
std::string body_hash(std::string_view code);

/// One line commented out the way `curator` does it: "// " + line, or "//" for an empty line.
std::string comment_line(std::string_view line);
/// The inverse of comment_line; for a line commented by hand, its leading "//" and one space go.
std::string uncomment_line(std::string_view line);

/// `text` with `test_id`'s decision set: its decision lines (pending, earlier decisions, malformed ones)
/// replaced by one `// KEYWORD: reason` line, and the test commented out (discarded) or restored (kept,
/// fixed). Restoring a test curator commented out gives back its bytes exactly. Throws mlab::InputError
/// when the test is not in the file, is there twice, or the reason is empty or spans lines.
std::string set_decision(std::string_view text, const std::string& test_id, Decision decision,
                         std::string_view reason);

/// The Suite.Name of the one complete, live test `code` holds (an edited test). Throws mlab::InputError
/// when it holds none or more than one.
std::string edited_test_id(std::string_view code);

/// `text` with `test_id`'s code (TEST line to closing brace) replaced by `code`, commented out when the
/// test is. `code` may rename the test (a fixed test whose name said the opposite of what it now checks),
/// to a name no other test of the file has. Throws mlab::InputError when `code` does not hold exactly one
/// test, or renames it to a name the file already has.
std::string replace_test_code(std::string_view text, const std::string& test_id, std::string_view code);

/// `text` with `test_id`'s `// evidence:` line saying `evidence` (added below its decision line when it has
/// none). Throws mlab::InputError when the test is not in the file or `evidence` spans lines.
std::string set_evidence(std::string_view text, const std::string& test_id, std::string_view evidence);

/// The evidence line of a fixed test: `after` (what the check of the fix found; empty: not rechecked), then
/// the generated version's evidence taken from `previous` (itself possibly such a line).
std::string fixed_evidence(std::string_view after, std::string_view previous);

/// The test named `test_id` in `file`; nullptr when there is none. Throws mlab::InputError when two tests
/// have that name.
const TestBlock* find_test(const TestFile& file, const std::string& test_id);

}  // namespace curator
