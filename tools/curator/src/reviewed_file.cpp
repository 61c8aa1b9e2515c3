// The reviewed test file: a line-based parser with a small C++ lexer for braces, and the edits review and
// annotate make.

#include "curator/reviewed_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/hash.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace {

/// The lines of `text` exactly: joined with '\n' (plus one at the end when `final_newline`), they give
/// `text` back byte for byte.
struct Lines {
    std::vector<std::string> lines;
    bool final_newline = false;

    explicit Lines(std::string_view text) {
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = text.find('\n', start);
            if (end == std::string_view::npos) {
                lines.emplace_back(text.substr(start));
                return;
            }
            lines.emplace_back(text.substr(start, end - start));
            start = end + 1;
        }
        final_newline = !text.empty();
    }

    std::string join() const {
        std::string out;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            out += lines[i];
            if (i + 1 < lines.size() || final_newline) {
                out += '\n';
            }
        }
        return out;
    }
};

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool is_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::string_view trim_left(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) {
        text.remove_prefix(1);
    }
    return text;
}

std::string_view trim(std::string_view text) {
    text = trim_left(text);
    while (!text.empty() && is_blank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

bool is_comment_line(std::string_view line) {
    return trim_left(line).substr(0, 2) == "//";
}

/// Where a C++ lexer is between characters: only code counts braces.
struct Lexer {
    enum class State { code, block_comment, raw_string };
    State state = State::code;
    std::string raw_end;  // `)delimiter"` of the raw string being read
    int depth = 0;
    bool opened = false;

    /// Reads one line; returns true when the first brace opened has just been closed.
    bool read(std::string_view line) {
        std::size_t i = 0;
        while (i < line.size()) {
            if (state != State::code) {
                i = end_of_comment_or_raw_string(line, i);
            } else if (const std::optional<std::size_t> next = skip_non_code(line, i)) {
                i = *next;
            } else if (closes_first_brace(line[i])) {
                return true;
            } else {
                ++i;
            }
        }
        return false;
    }

    /// Just past the end of the block comment or raw string being read (the line's end when it goes on).
    std::size_t end_of_comment_or_raw_string(std::string_view line, std::size_t i) {
        const std::string_view end = state == State::block_comment ? std::string_view("*/") : raw_end;
        const std::size_t at = line.find(end, i);
        if (at == std::string_view::npos) {
            return line.size();
        }
        state = State::code;
        return at + end.size();
    }

    static bool starts_raw_string(std::string_view line, std::size_t i) {
        return line[i] == '"' && i > 0 && line[i - 1] == 'R' &&
               (i < 2 || !is_word(line[i - 2]) || line[i - 2] == 'u' || line[i - 2] == '8' ||
                line[i - 2] == 'L' || line[i - 2] == 'U');
    }

    /// Just past the comment or literal that starts at `i` (the line's end for `//`); nullopt for code.
    std::optional<std::size_t> skip_non_code(std::string_view line, std::size_t i) {
        const char c = line[i];
        const char next = i + 1 < line.size() ? line[i + 1] : '\0';
        if (c == '/' && next == '/') {
            return line.size();
        }
        if (c == '/' && next == '*') {
            state = State::block_comment;
            return i + 2;
        }
        if (starts_raw_string(line, i)) {
            const std::size_t open = line.find('(', i + 1);
            if (open != std::string_view::npos && open - i - 1 <= 16) {
                raw_end = ")" + std::string(line.substr(i + 1, open - i - 1)) + "\"";
                state = State::raw_string;
                return open + 1;
            }
        }
        if (c == '"' || (c == '\'' && (i == 0 || !is_word(line[i - 1])))) {
            // A string or character literal ends on its line (an unterminated one at the line's end).
            std::size_t j = i + 1;
            while (j < line.size() && line[j] != c) {
                j += line[j] == '\\' ? 2 : 1;
            }
            return j + 1;
        }
        return std::nullopt;
    }

    /// Counts a brace; true when it closes the first brace opened.
    bool closes_first_brace(char c) {
        if (c == '{') {
            ++depth;
            opened = true;
            return false;
        }
        return c == '}' && depth > 0 && --depth == 0 && opened;
    }
};

constexpr std::array<std::string_view, 5> kMacros{"TEST", "TEST_F", "TEST_P", "TYPED_TEST", "TYPED_TEST_P"};

struct Header {
    std::string macro, suite, name;
    std::string trailing_comment;  // `// ...` at the end of the TEST line, if any
};

std::string_view read_identifier(std::string_view& text) {
    std::size_t n = 0;
    while (n < text.size() && is_word(text[n])) {
        ++n;
    }
    const std::string_view word = text.substr(0, n);
    text.remove_prefix(n);
    return word;
}

/// `TEST(Suite, Name)` at the start of `line` (after blanks), followed by nothing or a brace.
std::optional<Header> read_header(std::string_view line) {
    line = trim_left(line);
    const std::string_view macro = read_identifier(line);
    if (std::find(kMacros.begin(), kMacros.end(), macro) == kMacros.end()) {
        return std::nullopt;
    }
    line = trim_left(line);
    if (line.empty() || line.front() != '(') {
        return std::nullopt;
    }
    line = trim_left(line.substr(1));
    const std::string_view suite = read_identifier(line);
    line = trim_left(line);
    if (suite.empty() || std::isdigit(static_cast<unsigned char>(suite.front())) != 0 || line.empty() ||
        line.front() != ',') {
        return std::nullopt;
    }
    line = trim_left(line.substr(1));
    const std::string_view name = read_identifier(line);
    line = trim_left(line);
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())) != 0 || line.empty() ||
        line.front() != ')') {
        return std::nullopt;
    }
    line = trim(line.substr(1));
    if (!line.empty() && line.front() != '{' && line.substr(0, 2) != "//") {
        return std::nullopt;
    }
    const std::size_t comment = line.find("//");
    return Header{std::string(macro), std::string(suite), std::string(name),
                  comment == std::string_view::npos ? "" : std::string(line.substr(comment))};
}

/// The form a decision word is written in: `// KEPT: <reason>`, or `// REVIEW: pending`.
std::string expected_form(std::string_view lower) {
    if (lower == "kept" || lower == "keep") {
        return "`// KEPT: <reason>`";
    }
    if (lower == "fixed" || lower == "fix") {
        return "`// FIXED: <reason>`";
    }
    if (lower == "discarded" || lower == "discard") {
        return "`// DISCARDED: <reason>`";
    }
    return lower == "review" ? "`// REVIEW: pending`" : "";
}

/// A decision written in another form than `// WORD: reason`: in a block comment (`/* KEPT: ... */`), or
/// without the colon (`// KEPT - reason`, `// KEPT reason`). The word must be in capitals, or followed by
/// a dash or a full stop (or a colon, in a block comment), so that an ordinary comment such as
/// `// Fixed size buffer` or `/* Keep in sync with ... */` is not taken for one.
std::optional<DecisionLine> misspelt_decision(bool block, std::string_view word, std::string_view lower,
                                              std::string_view rest, std::size_t number) {
    const std::string form = expected_form(lower);
    if (form.empty() || (!block && !rest.empty() && rest.front() == ':')) {
        return std::nullopt;
    }
    const std::string_view after = trim_left(rest);
    const bool capitals = std::all_of(word.begin(), word.end(), [](char c) { return std::isupper(c) != 0; });
    const bool separated =
        !after.empty() && (after.front() == '-' || after.front() == '.' || after.substr(0, 3) == "\u2014" ||
                           after.substr(0, 3) == "\u2013");
    const bool colon = !rest.empty() && rest.front() == ':';
    if (!capitals && !separated && !(block && colon)) {
        return std::nullopt;
    }
    DecisionLine decision;
    decision.line = number;
    decision.problem =
        block ? fmt::format(
                    "`/* {} ... */` is not read as a decision: write it as a line comment of its own, "
                    "{}, just above the test",
                    word, form)
              : fmt::format("`// {}{}` is not read as a decision: write {} (the word, then a colon)", word,
                            mlab::shorten(rest, 24), form);
    return decision;
}

/// A line that holds a decision, or looks meant to.
std::optional<DecisionLine> read_decision(std::string_view line, std::size_t number) {
    line = trim_left(line);
    const bool block = line.substr(0, 2) == "/*";
    if (line.substr(0, 2) != "//" && !block) {
        return std::nullopt;
    }
    line = trim_left(line.substr(2));
    std::string_view rest = line;
    const std::string_view word = read_identifier(rest);
    std::string lower(word);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::optional<DecisionLine> near_miss = misspelt_decision(block, word, lower, rest, number)) {
        return near_miss;
    }
    if (rest.empty() || rest.front() != ':') {
        return std::nullopt;
    }
    rest.remove_prefix(1);
    DecisionLine decision;
    decision.line = number;
    decision.reason = std::string(trim(rest));
    if (word == "KEPT") {
        decision.decision = Decision::kept;
    } else if (word == "FIXED") {
        decision.decision = Decision::fixed;
    } else if (word == "DISCARDED") {
        decision.decision = Decision::discarded;
    } else if (word == "REVIEW") {
        if (decision.reason != "pending") {
            decision.problem = fmt::format("`// REVIEW: {}` is not a decision; only `// REVIEW: pending` is",
                                           mlab::shorten(decision.reason, 40));
        } else {
            decision.decision = Decision::pending;
        }
        decision.reason.clear();
    } else if (lower == "kept" || lower == "keep") {
        decision.problem = fmt::format("`// {}:` is not a decision; write `// KEPT: <reason>`", word);
    } else if (lower == "fixed" || lower == "fix") {
        decision.problem = fmt::format("`// {}:` is not a decision; write `// FIXED: <reason>`", word);
    } else if (lower == "discarded" || lower == "discard") {
        decision.problem = fmt::format("`// {}:` is not a decision; write `// DISCARDED: <reason>`", word);
    } else if (lower == "review") {
        decision.problem = fmt::format("`// {}:` is not a decision; write `// REVIEW: pending`", word);
    } else {
        return std::nullopt;
    }
    return decision;
}

std::optional<std::string> read_evidence(std::string_view line) {
    line = trim_left(line);
    if (line.substr(0, 2) != "//") {
        return std::nullopt;
    }
    line = trim_left(line.substr(2));
    if (line.substr(0, 9) != "evidence:") {
        return std::nullopt;
    }
    return std::string(trim(line.substr(9)));
}

std::string indentation(std::string_view line) {
    std::size_t n = 0;
    while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) {
        ++n;
    }
    return std::string(line.substr(0, n));
}

void check_reason(std::string_view reason) {
    if (trim(reason).empty()) {
        throw mlab::InputError("the reason is empty: every decision needs a one-line reason");
    }
    if (reason.find('\n') != std::string_view::npos || reason.find('\r') != std::string_view::npos) {
        throw mlab::InputError("the reason spans lines: write it on one line");
    }
}

}  // namespace

std::string_view decision_keyword(Decision decision) {
    switch (decision) {
        case Decision::kept:
            return "KEPT";
        case Decision::fixed:
            return "FIXED";
        case Decision::discarded:
            return "DISCARDED";
        case Decision::pending:
            return "REVIEW: pending";
        case Decision::none:
            break;
    }
    return "";
}

std::string_view decision_name(Decision decision) {
    switch (decision) {
        case Decision::kept:
            return "kept";
        case Decision::fixed:
            return "fixed";
        case Decision::discarded:
            return "discarded";
        case Decision::pending:
            return "pending";
        case Decision::none:
            break;
    }
    return "none";
}

Decision TestBlock::decision() const {
    if (decisions.size() != 1 || !decisions.front().problem.empty()) {
        return Decision::none;
    }
    return decisions.front().decision;
}

std::string TestBlock::reason() const {
    return decision() == Decision::none ? "" : decisions.front().reason;
}

std::string body_hash(std::string_view code) {
    return mlab::to_hex(mlab::fnv1a64(mlab::fold_whitespace(code)));
}

std::string comment_line(std::string_view line) {
    return line.empty() ? "//" : "// " + std::string(line);
}

std::string uncomment_line(std::string_view line) {
    if (line == "//") {
        return "";
    }
    if (line.substr(0, 3) == "// ") {
        return std::string(line.substr(3));
    }
    std::string_view rest = trim_left(line);
    if (rest.substr(0, 2) != "//") {
        return std::string(line);
    }
    rest.remove_prefix(2);
    if (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    return std::string(rest);
}

namespace {

/// A TEST line, live or commented out.
struct FoundHeader {
    Header header;
    bool commented = false;
};

std::optional<FoundHeader> test_header(std::string_view line) {
    if (std::optional<Header> header = read_header(line)) {
        return FoundHeader{std::move(*header), false};
    }
    if (is_comment_line(line)) {
        if (std::optional<Header> header = read_header(uncomment_line(line))) {
            return FoundHeader{std::move(*header), true};
        }
    }
    return std::nullopt;
}

/// Whether line `j` of a commented-out test that starts on line `first` (0-based) is past its end: a line
/// that is not a comment, holds a decision or starts another commented-out test.
bool cuts_commented_test(const std::vector<std::string>& lines, std::size_t first, std::size_t j) {
    return !is_comment_line(lines[j]) ||
           (j > first && (read_decision(lines[j], j + 1) || read_header(uncomment_line(lines[j]))));
}

/// The test whose TEST line is line `i` (0-based), up to its closing brace.
TestBlock read_test(const std::vector<std::string>& lines, std::size_t i, const FoundHeader& found,
                    std::vector<bool>& starts_in_code) {
    TestBlock test;
    test.macro = found.header.macro;
    test.suite = found.header.suite;
    test.name = found.header.name;
    test.first_line = i + 1;
    test.commented_out = found.commented;
    test.complete = false;
    if (const std::optional<DecisionLine> trailing = read_decision(found.header.trailing_comment, i + 1)) {
        test.misplaced_decision = fmt::format(
            "{}'s decision is at the end of its TEST line, where it is not read: put it on a line of its own "
            "just above the TEST line, as `// KEPT: <reason>`, `// FIXED: <reason>` or `// DISCARDED: "
            "<reason>`",
            test.suite + "." + test.name);
    }
    Lexer body;
    std::size_t j = i;
    for (; j < lines.size(); ++j) {
        if (found.commented && cuts_commented_test(lines, i, j)) {
            break;
        }
        starts_in_code[j] = true;
        const std::string line = found.commented ? uncomment_line(lines[j]) : lines[j];
        test.code += (j > i ? "\n" : "") + line;
        if (body.read(line)) {
            test.complete = true;
            ++j;
            break;
        }
    }
    test.last_line = std::max(j, i + 1);
    return test;
}

/// The `#if` blocks around a line: which of them leave it out of the build (`#if 0`, `#if false`).
class Conditionals {
  public:
    /// Reads a line that starts in code.
    void read(std::string_view line) {
        line = trim_left(line);
        if (line.empty() || line.front() != '#') {
            return;
        }
        line = trim_left(line.substr(1));
        std::string_view rest = line;
        const std::string_view directive = read_identifier(rest);
        const std::string_view condition = trim(rest);
        if (directive == "if" || directive == "ifdef" || directive == "ifndef") {
            open_.push_back(directive == "if" && (condition == "0" || condition == "false"));
        } else if ((directive == "else" || directive == "elif") && !open_.empty()) {
            open_.back() = false;  // the other branch of `#if 0` is compiled (as far as this reader knows)
        } else if (directive == "endif" && !open_.empty()) {
            open_.pop_back();
        }
    }
    bool disabled() const { return std::find(open_.begin(), open_.end(), true) != open_.end(); }

  private:
    std::vector<bool> open_;  // per open `#if`: true when it is `#if 0`
};

/// Every TEST block of `lines`; `starts_in_code` says which lines start outside a comment or string.
std::vector<TestBlock> read_tests(const std::vector<std::string>& lines, std::vector<bool>& starts_in_code) {
    std::vector<TestBlock> tests;
    Lexer lexer;
    Conditionals conditionals;
    std::size_t i = 0;
    while (i < lines.size()) {
        starts_in_code[i] = lexer.state == Lexer::State::code;
        const std::optional<FoundHeader> found = starts_in_code[i] ? test_header(lines[i]) : std::nullopt;
        if (starts_in_code[i] && !found) {
            conditionals.read(lines[i]);
        }
        if (!found) {
            lexer.read(lines[i]);
            lexer.depth = 0;
            lexer.opened = false;
            ++i;
            continue;
        }
        tests.push_back(read_test(lines, i, *found, starts_in_code));
        tests.back().in_if0 = conditionals.disabled();
        i = tests.back().last_line;
    }
    return tests;
}

/// The comment block above each test: its decision and evidence lines. Marks the lines it reads, and each
/// test's own lines, in `claimed`.
void read_comment_blocks(std::vector<TestBlock>& tests, const std::vector<std::string>& lines,
                         const std::vector<bool>& starts_in_code, std::vector<bool>& claimed) {
    std::size_t previous_last = 0;
    for (TestBlock& test : tests) {
        std::size_t first = test.first_line;  // 1-based; walks up
        while (first - 1 > previous_last && starts_in_code[first - 2] && is_comment_line(lines[first - 2])) {
            --first;
        }
        test.block_first = first;
        for (std::size_t n = first; n < test.first_line; ++n) {
            claimed[n - 1] = true;
            if (std::optional<DecisionLine> decision = read_decision(lines[n - 1], n)) {
                test.decisions.push_back(std::move(*decision));
            } else if (std::optional<std::string> evidence = read_evidence(lines[n - 1])) {
                test.evidence = std::move(*evidence);
            }
        }
        for (std::size_t n = test.first_line; n <= test.last_line; ++n) {
            claimed[n - 1] = true;
        }
        test.body_hash = body_hash(test.code);
        const std::size_t brace = test.code.find('{');
        test.code_hash = body_hash(brace == std::string::npos ? test.code : test.code.substr(brace));
        previous_last = test.last_line;
    }
}

}  // namespace

TestFile parse_test_file(std::string_view text) {
    const Lines file(text);
    const std::vector<std::string>& lines = file.lines;
    TestFile parsed;
    std::vector<bool> starts_in_code(lines.size(), false);
    parsed.tests = read_tests(lines, starts_in_code);
    std::vector<bool> claimed(lines.size(), false);
    read_comment_blocks(parsed.tests, lines, starts_in_code, claimed);
    for (std::size_t n = 0; n < lines.size(); ++n) {
        if (!claimed[n] && starts_in_code[n]) {
            if (std::optional<DecisionLine> decision = read_decision(lines[n], n + 1)) {
                parsed.stray.push_back(std::move(*decision));
            }
        }
    }
    return parsed;
}

const TestBlock* find_test(const TestFile& file, const std::string& test_id) {
    const TestBlock* found = nullptr;
    for (const TestBlock& test : file.tests) {
        if (test.id() == test_id) {
            if (found != nullptr) {
                throw mlab::InputError(
                    fmt::format("two tests are named {} (lines {} and {}); rename one first", test_id,
                                found->first_line, test.first_line));
            }
            found = &test;
        }
    }
    return found;
}

namespace {

const TestBlock& require_test(const TestFile& file, const std::string& test_id) {
    const TestBlock* test = find_test(file, test_id);
    if (test == nullptr) {
        std::string names;
        for (const TestBlock& each : file.tests) {
            names += (names.empty() ? "" : ", ") + each.id();
        }
        throw mlab::InputError(fmt::format("no test named {} (the file has: {})", test_id,
                                           names.empty() ? "no tests" : mlab::shorten(names, 300)));
    }
    return *test;
}

}  // namespace

std::string set_decision(std::string_view text, const std::string& test_id, Decision decision,
                         std::string_view reason) {
    if (decision == Decision::none) {
        throw mlab::InputError("no decision given");
    }
    if (decision != Decision::pending) {
        check_reason(reason);
    }
    const TestFile parsed = parse_test_file(text);
    const TestBlock& test = require_test(parsed, test_id);
    if (!test.complete && (test.commented_out ? decision == Decision::kept || decision == Decision::fixed
                                              : decision == Decision::discarded)) {
        throw mlab::InputError(
            fmt::format("{} (line {}) has no closing brace; fix the file first", test_id, test.first_line));
    }
    Lines file(text);
    const std::string& header = file.lines[test.first_line - 1];
    const bool crlf = !header.empty() && header.back() == '\r';
    const std::string indent = indentation(test.commented_out ? uncomment_line(header) : header);
    std::string line = indent + "// " + std::string(decision_keyword(decision));
    if (decision != Decision::pending) {
        line += ": " + std::string(trim(reason));
    }
    if (crlf) {
        line += '\r';
    }

    std::vector<std::string> out(file.lines.begin(),
                                 file.lines.begin() + static_cast<long>(test.block_first - 1));
    bool written = false;
    for (std::size_t n = test.block_first; n < test.first_line; ++n) {
        const bool is_decision = std::any_of(test.decisions.begin(), test.decisions.end(),
                                             [&](const DecisionLine& each) { return each.line == n; });
        if (!is_decision) {
            out.push_back(file.lines[n - 1]);
        } else if (!written) {
            out.push_back(line);
            written = true;
        }
    }
    if (!written) {
        out.insert(out.begin() + static_cast<long>(test.block_first - 1), line);
    }
    for (std::size_t n = test.first_line; n <= test.last_line; ++n) {
        const std::string& code = file.lines[n - 1];
        if (decision == Decision::discarded && !test.commented_out) {
            out.push_back(comment_line(code));
        } else if ((decision == Decision::kept || decision == Decision::fixed) && test.commented_out) {
            out.push_back(uncomment_line(code));
        } else {
            out.push_back(code);
        }
    }
    out.insert(out.end(), file.lines.begin() + static_cast<long>(test.last_line), file.lines.end());
    file.lines = std::move(out);
    std::string edited = file.join();

    // The edit is read back before anyone writes it: a test whose code cannot be commented out and read
    // back as the same test (a line in it that reads as a decision or a TEST line) is refused.
    const TestFile check = parse_test_file(edited);
    const TestBlock* after = find_test(check, test_id);
    const bool commented =
        decision == Decision::discarded || (decision == Decision::pending && test.commented_out);
    if (after == nullptr || after->decision() != decision || after->commented_out != commented ||
        after->body_hash != test.body_hash || check.tests.size() != parsed.tests.size()) {
        throw mlab::InputError(
            fmt::format("{} (line {}) cannot be marked {} safely: a line of it reads as a decision "
                        "or a TEST line once commented out; edit the file by hand",
                        test_id, test.first_line, decision_keyword(decision)));
    }
    return edited;
}

std::string set_evidence(std::string_view text, const std::string& test_id, std::string_view evidence) {
    if (evidence.find('\n') != std::string_view::npos || evidence.find('\r') != std::string_view::npos) {
        throw mlab::InputError("the evidence spans lines");
    }
    const TestFile parsed = parse_test_file(text);
    const TestBlock& test = require_test(parsed, test_id);
    Lines file(text);
    const std::string& header = file.lines[test.first_line - 1];
    const bool crlf = !header.empty() && header.back() == '\r';
    const std::string indent = indentation(test.commented_out ? uncomment_line(header) : header);
    const std::string line = indent + "// evidence: " + std::string(trim(evidence)) + (crlf ? "\r" : "");
    std::size_t at = 0;  // 1-based line of the evidence line, or 0
    for (std::size_t n = test.block_first; n < test.first_line; ++n) {
        if (read_evidence(file.lines[n - 1])) {
            at = n;
        }
    }
    if (at != 0) {
        file.lines[at - 1] = line;
    } else {
        const std::size_t below = test.decisions.empty() ? test.block_first - 1 : test.decisions.front().line;
        file.lines.insert(file.lines.begin() + static_cast<long>(below), line);
    }
    return file.join();
}

std::string fixed_evidence(std::string_view after, std::string_view previous) {
    constexpr std::string_view kGenerated = "(generated version: ";
    std::string generated(trim(previous));
    if (const std::size_t at = generated.find(kGenerated); at != std::string::npos) {
        generated = generated.substr(at + kGenerated.size());
        if (!generated.empty() && generated.back() == ')') {
            generated.pop_back();
        }
    }
    std::string out =
        after.empty() ? std::string("fixed, not rechecked") : "after the fix: " + std::string(after);
    if (!generated.empty()) {
        out += " " + std::string(kGenerated) + generated + ")";
    }
    return out;
}

std::string edited_test_id(std::string_view code) {
    const TestFile replacement = parse_test_file(code);
    if (replacement.tests.size() != 1 || replacement.tests.front().commented_out ||
        !replacement.tests.front().complete) {
        throw mlab::InputError(
            fmt::format("the edited code must hold exactly one complete, live test; it holds {}",
                        replacement.tests.size()));
    }
    return replacement.tests.front().id();
}

std::string replace_test_code(std::string_view text, const std::string& test_id, std::string_view code) {
    const std::string new_id = edited_test_id(code);
    const TestFile replacement = parse_test_file(code);
    if (new_id != test_id && find_test(parse_test_file(text), new_id) != nullptr) {
        throw mlab::InputError(fmt::format(
            "the edited code renames {} to {}, which another test of the file is named", test_id, new_id));
    }
    const TestBlock& fresh = replacement.tests.front();
    const Lines new_code(code);
    const TestFile parsed = parse_test_file(text);
    const TestBlock& test = require_test(parsed, test_id);
    Lines file(text);
    std::vector<std::string> out(file.lines.begin(),
                                 file.lines.begin() + static_cast<long>(test.first_line - 1));
    for (std::size_t n = fresh.first_line; n <= fresh.last_line; ++n) {
        const std::string& line = new_code.lines[n - 1];
        out.push_back(test.commented_out ? comment_line(line) : line);
    }
    out.insert(out.end(), file.lines.begin() + static_cast<long>(test.last_line), file.lines.end());
    file.lines = std::move(out);
    return file.join();
}

}  // namespace curator
