#pragma once
// Phase 3, extraction: the C++ in a model's reply, split into GoogleTest test blocks with clang's lexer,
// and put back together as a test file.

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace curator {

/// One TEST / TEST_F / TEST_P / TYPED_TEST block.
struct ExtractedTest {
    std::string macro;
    std::string suite;
    std::string name;
    std::string original_name;  // set when it was renamed to avoid a clash
    std::string text;           // the block with the comments just above it, renamed when needed
    std::string body;           // the text between its braces, for duplicate checks
};

/// A piece of the file in its order: support code (helpers, fixtures) or a test.
struct Chunk {
    std::vector<std::string> namespaces;  // enclosing namespaces, outermost first; "" = anonymous
    std::string text;                     // support code; empty for a test
    int test = -1;                        // index into Extraction::tests for a test
};

struct Extraction {
    std::vector<std::string> includes;  // the #include lines, once each
    std::vector<Chunk> chunks;
    std::vector<ExtractedTest> tests;
    std::vector<std::string> notes;  // what was dropped or renamed, and why
};

/// "Suite.Name" of every test block in `code` (a test file's text).
std::vector<ExtractedTest> list_tests(const std::string& code);

/// The tests of a reply (fenced ```cpp blocks, or bare code when there is no fence). Names in `taken`
/// ("Suite.Name") are renamed: Name → NameGenerated (then NameGenerated2, ...).
Extraction extract_tests(const std::string& reply, const std::set<std::string>& taken);

/// What a reply of bare TEST blocks leaves out, added where missing: `#include <gtest/gtest.h>`, the
/// includes of the existing test file and its namespace-scope using-declarations, and `header_includes`
/// (the headers under test as a test would include them). Returns what was added, for a note.
std::vector<std::string> complete_reply(Extraction& extraction, const std::string& existing_file,
                                        const std::vector<std::string>& header_includes);

/// The name a piece of support code declares: a class, function, variable or alias name, or a GoogleTest
/// registration macro with its first two arguments (`INSTANTIATE_TEST_SUITE_P(Small,Sizes`); empty for
/// what declares nothing that could clash (`using namespace`, `using a::b;`, preprocessor lines).
std::string declared_name(const std::string& support);

/// What a piece of support code clashes with when compiled after another that has the same: `class Name`
/// for a class defined (not only declared), a function's name (an operator's with its symbol) and parameter
/// types (`stocked(const std::string&,int)`), a variable's name, a registration (declared_name); empty for
/// what may be declared again (aliases, using-declarations, preprocessor lines).
std::string clash_key(const std::string& support);

/// The reply's support code that declares what `existing_file` already declares (a copy of its fixture or
/// helper) left out: the tests are compiled after the existing file, in its unit, and use its definition.
/// Returns a note per piece left out.
std::vector<std::string> leave_out_existing_definitions(Extraction& extraction,
                                                        const std::string& existing_file);

/// The names `test` uses that `existing_file`'s support code declares and the extraction's own does not:
/// what the test needs from the existing file to compile elsewhere (a fixture, a helper, a suite's
/// instantiation), in the order of the existing file.
std::vector<std::string> names_used_from(const ExtractedTest& test, const Extraction& extraction,
                                         const std::string& existing_file);

/// `more`'s includes, support code and tests added to `into`; returns the indices the tests got.
std::vector<std::size_t> append_extraction(Extraction& into, const Extraction& more);

/// Test `test` of `from` put in place of test `at` of `into`, with the support code of `from` that `into`
/// lacks just before it, and `from`'s includes added.
void replace_test(Extraction& into, std::size_t at, const Extraction& from, std::size_t test);

/// A test file assembled from an extraction.
struct ComposeOptions {
    std::string preamble;                     // comment lines at the top
    std::vector<bool> included;               // per test; empty: every test
    std::vector<bool> commented_out;          // per test: written as `// ` lines
    std::vector<std::string> lines_above;     // per test: comment lines written just above it
    std::vector<std::string> extra_includes;  // added after the extraction's own
};

struct ComposedFile {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> test_lines;  // per test: first and last line (1-based)
};

ComposedFile compose(const Extraction& extraction, const ComposeOptions& options);

/// `text` with every line turned into a `// ` comment (an empty line into `//`).
std::string comment_out(const std::string& text);

}  // namespace curator
