#include "curator/extract.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <clang/Basic/LangOptions.h>
#include <clang/Lex/Lexer.h>
#include <fmt/format.h>

#include "mlab/common/text.hpp"

namespace curator {
namespace {

struct Token {
    clang::tok::TokenKind kind;
    std::size_t begin;
    std::size_t end;
    bool line_start;
    std::string text;
};

std::vector<Token> lex(const std::string& code) {
    clang::LangOptions options;
    options.CPlusPlus = options.CPlusPlus11 = options.CPlusPlus14 = options.CPlusPlus17 =
        options.CPlusPlus20 = 1;
    options.LineComment = 1;
    options.Bool = 1;
    const clang::SourceLocation start = clang::SourceLocation::getFromRawEncoding(1);
    clang::Lexer lexer(start, options, code.data(), code.data(), code.data() + code.size());
    lexer.SetCommentRetentionState(true);
    std::vector<Token> tokens;
    clang::Token token;
    while (true) {
        lexer.LexFromRawLexer(token);
        if (token.is(clang::tok::eof)) {
            break;
        }
        const std::size_t begin = token.getLocation().getRawEncoding() - start.getRawEncoding();
        const std::size_t end = begin + token.getLength();
        tokens.push_back({token.getKind(), begin, end, token.isAtStartOfLine() || tokens.empty(),
                          code.substr(begin, end - begin)});
    }
    return tokens;
}

bool is_test_macro(const std::string& text) {
    static const std::set<std::string> kMacros{"TEST", "TEST_F", "TEST_P", "TYPED_TEST", "TYPED_TEST_P"};
    return kMacros.count(text) != 0;
}

bool is_identifier(const Token& token) {
    return token.kind == clang::tok::raw_identifier;
}

/// Splits one piece of C++ into includes, support chunks and tests.
class BlockParser {
  public:
    BlockParser(const std::string& code, Extraction& out) : code_(code), tokens_(lex(code)), out_(out) {}

    void parse() {
        std::size_t i = 0;
        std::optional<std::size_t> comments;  // first comment token of the run just before i
        while (i < tokens_.size()) {
            const Token& token = tokens_[i];
            if (token.kind == clang::tok::comment) {
                if (!token.line_start) {  // ends the line of what came before (`}  // namespace`)
                    ++i;
                    continue;
                }
                if (!comments) {
                    comments = i;
                }
                ++i;
                continue;
            }
            const std::size_t start = comments.value_or(i);
            comments.reset();
            if (token.kind == clang::tok::hash && token.line_start) {
                i = directive(i);
            } else if (is_identifier(token) && token.text == "namespace" && opens_namespace(i)) {
                i = open_namespace(i);
            } else if (token.kind == clang::tok::r_brace) {
                if (namespaces_.empty()) {
                    out_.notes.push_back(
                        fmt::format("dropped a stray `}}` at line {}", line_of(token.begin)));
                } else {
                    namespaces_.pop_back();
                }
                ++i;
                if (i < tokens_.size() && tokens_[i].kind == clang::tok::semi) {
                    ++i;
                }
            } else if (is_identifier(token) && is_test_macro(token.text)) {
                i = test(start, i);
            } else {
                i = declaration(start, i);
            }
        }
        if (!namespaces_.empty()) {
            out_.notes.push_back("a namespace was left open at the end of the code: closed it");
        }
    }

  private:
    std::size_t line_of(std::size_t offset) const {
        return static_cast<std::size_t>(std::count(code_.begin(), code_.begin() + offset, '\n')) + 1;
    }

    std::string slice(std::size_t first_token, std::size_t last_token) const {
        return code_.substr(tokens_[first_token].begin, tokens_[last_token].end - tokens_[first_token].begin);
    }

    std::size_t directive(std::size_t i) {
        std::size_t end = i + 1;
        while (end < tokens_.size() && !tokens_[end].line_start) {
            ++end;
        }
        const std::string text = slice(i, end - 1);
        const std::string keyword = i + 1 < end ? tokens_[i + 1].text : "";
        if (keyword == "include") {
            if (std::find(out_.includes.begin(), out_.includes.end(), text) == out_.includes.end()) {
                out_.includes.push_back(text);
            }
        } else if (keyword == "pragma" && end > i + 2 && tokens_[i + 2].text == "once") {
            out_.notes.push_back("dropped `#pragma once`: this is a source file");
        } else {
            add_support(text);
        }
        return end;
    }

    bool opens_namespace(std::size_t i) const {
        for (std::size_t j = i + 1; j < tokens_.size(); ++j) {
            if (tokens_[j].kind == clang::tok::l_brace) {
                return true;
            }
            if (!is_identifier(tokens_[j]) && tokens_[j].kind != clang::tok::coloncolon) {
                return false;  // an alias (`namespace a = b;`) or `using namespace`
            }
        }
        return false;
    }

    std::size_t open_namespace(std::size_t i) {
        std::string name;
        std::size_t j = i + 1;
        for (; tokens_[j].kind != clang::tok::l_brace; ++j) {
            if (tokens_[j].text != "inline") {
                name += tokens_[j].text;
            }
        }
        namespaces_.push_back(name);
        return j + 1;
    }

    /// The index of the brace matching the `{` at `open`, or tokens_.size() when it never closes.
    std::size_t matching_brace(std::size_t open) const {
        int depth = 0;
        for (std::size_t j = open; j < tokens_.size(); ++j) {
            if (tokens_[j].kind == clang::tok::l_brace) {
                ++depth;
            } else if (tokens_[j].kind == clang::tok::r_brace && --depth == 0) {
                return j;
            }
        }
        return tokens_.size();
    }

    std::size_t test(std::size_t start, std::size_t i) {
        // MACRO ( Suite , Name ) { ... }
        const bool shaped = i + 6 < tokens_.size() && tokens_[i + 1].kind == clang::tok::l_paren &&
                            is_identifier(tokens_[i + 2]) && tokens_[i + 3].kind == clang::tok::comma &&
                            is_identifier(tokens_[i + 4]) && tokens_[i + 5].kind == clang::tok::r_paren &&
                            tokens_[i + 6].kind == clang::tok::l_brace;
        if (!shaped) {
            return declaration(start, i);
        }
        const std::size_t close = matching_brace(i + 6);
        if (close == tokens_.size()) {
            out_.notes.push_back(fmt::format("dropped {}({}, {}): its body never closes (a cut reply?)",
                                             tokens_[i].text, tokens_[i + 2].text, tokens_[i + 4].text));
            return tokens_.size();
        }
        ExtractedTest test;
        test.macro = tokens_[i].text;
        test.suite = tokens_[i + 2].text;
        test.name = tokens_[i + 4].text;
        test.text = slice(start, close);
        test.body = code_.substr(tokens_[i + 6].end, tokens_[close].begin - tokens_[i + 6].end);
        name_offset_ = tokens_[i + 4].begin - tokens_[start].begin;
        out_.tests.push_back(test);
        renamed_at_.push_back(name_offset_);
        Chunk chunk;
        chunk.namespaces = namespaces_;
        chunk.test = static_cast<int>(out_.tests.size() - 1);
        out_.chunks.push_back(chunk);
        return close + 1;
    }

    std::size_t declaration(std::size_t start, std::size_t i) {
        int depth = 0;
        std::size_t j = i;
        for (; j < tokens_.size(); ++j) {
            const Token& token = tokens_[j];
            if (depth == 0 && j > i && is_identifier(token) && is_test_macro(token.text) &&
                token.line_start) {
                break;  // a test starts: what came before was not a declaration
            }
            if (token.kind == clang::tok::l_brace || token.kind == clang::tok::l_paren ||
                token.kind == clang::tok::l_square) {
                ++depth;
            } else if (token.kind == clang::tok::r_brace || token.kind == clang::tok::r_paren ||
                       token.kind == clang::tok::r_square) {
                if (depth == 0) {
                    break;  // closes an enclosing namespace
                }
                if (--depth == 0 && token.kind == clang::tok::r_brace) {
                    if (j + 1 < tokens_.size() && tokens_[j + 1].kind == clang::tok::semi) {
                        ++j;
                    }
                    return finish_declaration(start, i, j, true);
                }
            } else if (token.kind == clang::tok::semi && depth == 0) {
                return finish_declaration(start, i, j, true);
            }
        }
        return finish_declaration(start, i, j == i ? i : j - 1, false);
    }

    std::size_t finish_declaration(std::size_t start, std::size_t i, std::size_t last, bool complete) {
        const std::string text = slice(start, last);
        if (!complete) {
            out_.notes.push_back(fmt::format("dropped text that is not a complete declaration (line {}): {}",
                                             line_of(tokens_[i].begin),
                                             mlab::shorten(mlab::fold_whitespace(slice(i, last)), 60)));
        } else if (tokens_[i].text == "int" && i + 2 <= last && tokens_[i + 1].text == "main" &&
                   tokens_[i + 2].kind == clang::tok::l_paren) {
            out_.notes.push_back("dropped main(): the test target links GoogleTest's own main");
        } else {
            add_support(text);
        }
        return last + 1;
    }

    void add_support(const std::string& text) {
        for (const Chunk& chunk : out_.chunks) {
            if (chunk.test < 0 && chunk.text == text && chunk.namespaces == namespaces_) {
                return;  // the same helper in two code blocks
            }
        }
        Chunk chunk;
        chunk.namespaces = namespaces_;
        chunk.text = text;
        out_.chunks.push_back(chunk);
    }

  public:
    std::vector<std::size_t> renamed_at_;  // per new test: where its name starts in its text

  private:
    const std::string& code_;
    std::vector<Token> tokens_;
    Extraction& out_;
    std::vector<std::string> namespaces_;
    std::size_t name_offset_ = 0;
};

struct CodeBlock {
    std::string code;
};

/// The code of a reply: its ```cpp fenced blocks, or the whole reply when it has no fence.
std::vector<std::string> code_blocks(const std::string& reply, std::vector<std::string>& notes) {
    std::vector<std::string> blocks;
    std::string current;
    bool inside = false;
    bool wanted = false;
    bool any_fence = false;
    std::size_t prose_lines = 0;
    for (std::string_view line : mlab::split_lines(reply)) {
        std::string_view trimmed = line.substr(std::min(line.find_first_not_of(" \t"), line.size()));
        if (trimmed.rfind("```", 0) == 0) {
            any_fence = true;
            if (!inside) {
                std::string language(trimmed.substr(3));
                language = mlab::fold_whitespace(language);
                std::transform(language.begin(), language.end(), language.begin(),
                               [](unsigned char c) { return std::tolower(c); });
                static const std::set<std::string> kCpp{"", "cpp", "c++", "cc", "cxx", "hpp", "h"};
                wanted = kCpp.count(language) != 0;
                if (!wanted) {
                    notes.push_back(fmt::format("dropped a ```{} block: not C++", language));
                }
                inside = true;
            } else {
                if (wanted) {
                    blocks.push_back(current);
                }
                current.clear();
                inside = false;
            }
            continue;
        }
        if (inside) {
            if (wanted) {
                current.append(line).push_back('\n');
            }
        } else if (!mlab::fold_whitespace(line).empty()) {
            ++prose_lines;
        }
    }
    if (inside && wanted) {
        notes.push_back("the last code block has no closing ``` (a cut reply?)");
        blocks.push_back(current);
    }
    if (!any_fence) {
        return {reply};
    }
    if (prose_lines > 0) {
        notes.push_back(fmt::format("dropped {} line{} of prose outside the code blocks", prose_lines,
                                    prose_lines == 1 ? "" : "s"));
    }
    return blocks;
}

}  // namespace

std::vector<ExtractedTest> list_tests(const std::string& code) {
    Extraction extraction;
    BlockParser parser(code, extraction);
    parser.parse();
    return extraction.tests;
}

Extraction extract_tests(const std::string& reply, const std::set<std::string>& taken) {
    Extraction extraction;
    std::set<std::string> used = taken;
    for (const std::string& block : code_blocks(reply, extraction.notes)) {
        const std::size_t first_new = extraction.tests.size();
        BlockParser parser(block, extraction);
        parser.parse();
        for (std::size_t t = first_new; t < extraction.tests.size(); ++t) {
            ExtractedTest& test = extraction.tests[t];
            std::string name = test.name;
            for (int n = 1; used.count(test.suite + "." + name) != 0; ++n) {
                name = test.name + "Generated" + (n == 1 ? "" : std::to_string(n));
            }
            if (name != test.name) {
                const std::size_t at = parser.renamed_at_[t - first_new];
                test.text.replace(at, test.name.size(), name);
                extraction.notes.push_back(fmt::format("renamed {0}.{1} to {0}.{2}: {0}.{1} already exists",
                                                       test.suite, test.name, name));
                test.original_name = test.name;
                test.name = name;
            }
            used.insert(test.suite + "." + test.name);
        }
    }
    return extraction;
}

namespace {

/// The path an include line names, without its quotes or brackets: `#include <a/b.h>` → `a/b.h`.
std::string included_path(const std::string& line) {
    const std::size_t open = line.find_first_of("<\"");
    const std::size_t close = open == std::string::npos ? open : line.find_first_of(">\"", open + 1);
    return close == std::string::npos ? mlab::fold_whitespace(line) : line.substr(open + 1, close - open - 1);
}

bool includes_path(const std::vector<std::string>& includes, const std::string& line) {
    const std::string wanted = included_path(line);
    return std::any_of(includes.begin(), includes.end(),
                       [&](const std::string& include) { return included_path(include) == wanted; });
}

bool same_support(const Chunk& a, const Chunk& b) {
    return a.test < 0 && b.test < 0 && a.namespaces == b.namespaces &&
           mlab::fold_whitespace(a.text) == mlab::fold_whitespace(b.text);
}

bool has_support(const Extraction& extraction, const Chunk& chunk) {
    return std::any_of(extraction.chunks.begin(), extraction.chunks.end(),
                       [&](const Chunk& other) { return same_support(other, chunk); });
}

void add_includes(Extraction& into, const std::vector<std::string>& includes) {
    for (const std::string& include : includes) {
        if (!includes_path(into.includes, include)) {
            into.includes.push_back(include);
        }
    }
}

}  // namespace

std::vector<std::string> complete_reply(Extraction& extraction, const std::string& existing_file,
                                        const std::vector<std::string>& header_includes) {
    Extraction existing;
    BlockParser parser(existing_file, existing);
    parser.parse();
    std::vector<std::string> wanted{"#include <gtest/gtest.h>"};
    wanted.insert(wanted.end(), existing.includes.begin(), existing.includes.end());
    wanted.insert(wanted.end(), header_includes.begin(), header_includes.end());
    std::vector<std::string> added;
    for (const std::string& include : wanted) {
        if (!includes_path(extraction.includes, include)) {
            extraction.includes.push_back(include);
            added.push_back(include);
        }
    }
    std::vector<Chunk> usings;
    for (const Chunk& chunk : existing.chunks) {
        const std::string text = mlab::fold_whitespace(chunk.text);
        if (chunk.test < 0 && chunk.namespaces.empty() && text.rfind("using ", 0) == 0 &&
            !has_support(extraction, chunk)) {
            usings.push_back(chunk);
            added.push_back(text);
        }
    }
    extraction.chunks.insert(extraction.chunks.begin(), usings.begin(), usings.end());
    return added;
}

std::vector<std::size_t> append_extraction(Extraction& into, const Extraction& more) {
    add_includes(into, more.includes);
    std::vector<std::size_t> added;
    for (const Chunk& chunk : more.chunks) {
        if (chunk.test < 0) {
            if (!has_support(into, chunk)) {
                into.chunks.push_back(chunk);
            }
            continue;
        }
        Chunk test_chunk = chunk;
        test_chunk.test = static_cast<int>(into.tests.size());
        into.tests.push_back(more.tests[static_cast<std::size_t>(chunk.test)]);
        into.chunks.push_back(test_chunk);
        added.push_back(into.tests.size() - 1);
    }
    into.notes.insert(into.notes.end(), more.notes.begin(), more.notes.end());
    return added;
}

void replace_test(Extraction& into, std::size_t at, const Extraction& from, std::size_t test) {
    add_includes(into, from.includes);
    const auto place = std::find_if(into.chunks.begin(), into.chunks.end(),
                                    [&](const Chunk& chunk) { return chunk.test == static_cast<int>(at); });
    std::vector<Chunk> support;
    for (const Chunk& chunk : from.chunks) {
        if (chunk.test < 0 && !has_support(into, chunk)) {
            support.push_back(chunk);
        }
    }
    const auto test_chunk = std::find_if(from.chunks.begin(), from.chunks.end(), [&](const Chunk& chunk) {
        return chunk.test == static_cast<int>(test);
    });
    if (place != into.chunks.end() && test_chunk != from.chunks.end()) {
        place->namespaces = test_chunk->namespaces;
    }
    into.chunks.insert(place, support.begin(), support.end());
    into.tests[at] = from.tests[test];
}

namespace {

/// The index of the first token after a leading `template <...>` (and `inline`, `static`, ...).
std::size_t declaration_start(const std::vector<Token>& tokens) {
    std::size_t i = 0;
    while (i < tokens.size() && tokens[i].kind == clang::tok::comment) {
        ++i;
    }
    if (i < tokens.size() && tokens[i].text == "template") {
        int depth = 0;
        for (++i; i < tokens.size(); ++i) {
            if (tokens[i].kind == clang::tok::less) {
                ++depth;
            } else if (tokens[i].kind == clang::tok::greater && --depth == 0) {
                return i + 1;
            }
        }
    }
    return i;
}

bool is_macro_name(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return std::isupper(c) != 0 || std::isdigit(c) != 0 || c == '_';
    });
}

/// A registration macro with its first two arguments: `INSTANTIATE_TEST_SUITE_P(Small,Sizes`.
std::string macro_signature(const std::vector<Token>& tokens, std::size_t i) {
    std::string signature = tokens[i].text + "(";
    int commas = 0;
    for (std::size_t j = i + 2; j < tokens.size() && tokens[j].kind != clang::tok::r_paren; ++j) {
        if (tokens[j].kind == clang::tok::comma && ++commas == 2) {
            break;
        }
        if (tokens[j].kind != clang::tok::comment) {
            signature += tokens[j].text;
        }
    }
    return signature;
}

/// The last identifier before the first `(`, `=`, `{`, `;` or `[` outside angle brackets: a function's or
/// a variable's name.
std::string named_entity(const std::vector<Token>& tokens, std::size_t i) {
    std::string name;
    int angles = 0;
    for (; i < tokens.size(); ++i) {
        const clang::tok::TokenKind kind = tokens[i].kind;
        if (kind == clang::tok::less) {
            ++angles;
        } else if (kind == clang::tok::greater) {
            --angles;
        } else if (angles <= 0 &&
                   (kind == clang::tok::l_paren || kind == clang::tok::equal || kind == clang::tok::l_brace ||
                    kind == clang::tok::semi || kind == clang::tok::l_square)) {
            break;
        } else if (is_identifier(tokens[i])) {
            name = tokens[i].text;
        }
    }
    return name;
}

std::vector<std::string> support_names(const std::string& code,
                                       std::string (*name_of)(const std::string&) = declared_name) {
    Extraction parsed;
    BlockParser parser(code, parsed);
    parser.parse();
    std::vector<std::string> names;
    for (const Chunk& chunk : parsed.chunks) {
        const std::string name = chunk.test < 0 ? name_of(chunk.text) : "";
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(name);
        }
    }
    return names;
}

}  // namespace

std::string declared_name(const std::string& support) {
    const std::vector<Token> tokens = lex(support);
    const std::size_t i = declaration_start(tokens);
    if (i >= tokens.size() || !is_identifier(tokens[i])) {
        return {};  // a preprocessor line, or nothing
    }
    static const std::set<std::string> kTypeKeys{"class", "struct", "union", "enum"};
    const std::string& first = tokens[i].text;
    if (kTypeKeys.count(first) != 0) {
        std::size_t j = i + 1;
        while (j < tokens.size() && (tokens[j].text == "class" || tokens[j].text == "struct")) {
            ++j;  // enum class
        }
        return j < tokens.size() && is_identifier(tokens[j]) ? tokens[j].text : "";
    }
    if (first == "using") {
        const bool alias =
            i + 2 < tokens.size() && is_identifier(tokens[i + 1]) && tokens[i + 2].kind == clang::tok::equal;
        return alias ? tokens[i + 1].text : "";
    }
    if (first == "typedef") {
        std::string name;
        for (std::size_t j = i + 1; j < tokens.size() && tokens[j].kind != clang::tok::semi; ++j) {
            name = is_identifier(tokens[j]) ? tokens[j].text : name;
        }
        return name;
    }
    if (is_macro_name(first) && i + 1 < tokens.size() && tokens[i + 1].kind == clang::tok::l_paren) {
        return macro_signature(tokens, i);
    }
    return named_entity(tokens, i);
}

namespace {

/// A function's parameter list from the `(` at `open`, without the parameters' names:
/// `(const std::string& item, int count)` → `(const std::string&,int)`; empty when it never closes.
std::string parameter_types(const std::vector<Token>& tokens, std::size_t open) {
    std::string types;
    int depth = 0;
    for (std::size_t j = open; j < tokens.size(); ++j) {
        const Token& token = tokens[j];
        if (token.kind == clang::tok::comment) {
            continue;
        }
        depth += token.kind == clang::tok::l_paren ? 1 : token.kind == clang::tok::r_paren ? -1 : 0;
        const bool ends_parameter = j + 1 < tokens.size() && (tokens[j + 1].kind == clang::tok::comma ||
                                                              tokens[j + 1].kind == clang::tok::r_paren ||
                                                              tokens[j + 1].kind == clang::tok::equal);
        const bool after_type =
            j > open && (is_identifier(tokens[j - 1]) || tokens[j - 1].kind == clang::tok::amp ||
                         tokens[j - 1].kind == clang::tok::ampamp || tokens[j - 1].kind == clang::tok::star ||
                         tokens[j - 1].kind == clang::tok::greater);
        if (!(depth == 1 && is_identifier(token) && ends_parameter && after_type)) {
            types += token.text + (is_identifier(token) ? " " : "");
        }
        if (depth == 0) {
            return types;
        }
    }
    return {};
}

}  // namespace

std::string clash_key(const std::string& support) {
    const std::vector<Token> tokens = lex(support);
    const std::size_t start = declaration_start(tokens);
    if (start >= tokens.size() || !is_identifier(tokens[start]) || tokens[start].text == "using" ||
        tokens[start].text == "typedef") {
        return {};  // a preprocessor line, or an alias or using-declaration (they may be declared again)
    }
    const std::string name = declared_name(support);
    static const std::set<std::string> kTypeKeys{"class", "struct", "union", "enum"};
    if (kTypeKeys.count(tokens[start].text) != 0) {  // a definition clashes; a declaration does not
        const bool defines = std::any_of(tokens.begin(), tokens.end(), [](const Token& token) {
            return token.kind == clang::tok::l_brace;
        });
        return defines && !name.empty() ? "class " + name : "";
    }
    if (name.empty() || name.find('(') != std::string::npos) {
        return name;  // a registration macro
    }
    // A function: its name (an operator with its symbol) and parameter types; a variable: its name.
    for (std::size_t i = start; i < tokens.size(); ++i) {
        if (tokens[i].text == name && (name != "operator" || i + 1 < tokens.size())) {
            std::size_t open = i + 1;
            std::string key = name;
            while (open < tokens.size() && tokens[open].kind != clang::tok::l_paren &&
                   tokens[open].kind != clang::tok::equal && tokens[open].kind != clang::tok::l_brace &&
                   tokens[open].kind != clang::tok::semi && tokens[open].kind != clang::tok::l_square) {
                key += tokens[open++].text;  // an operator's symbol
            }
            if (open < tokens.size() && tokens[open].kind == clang::tok::l_paren) {
                return key + parameter_types(tokens, open);
            }
            return key;
        }
    }
    return name;
}

std::vector<std::string> leave_out_existing_definitions(Extraction& extraction,
                                                        const std::string& existing_file) {
    const std::vector<std::string> existing = support_names(existing_file, clash_key);
    std::vector<std::string> notes;
    std::vector<Chunk> kept;
    for (Chunk& chunk : extraction.chunks) {
        const std::string key = chunk.test < 0 ? clash_key(chunk.text) : "";
        if (!key.empty() && std::find(existing.begin(), existing.end(), key) != existing.end()) {
            notes.push_back(
                fmt::format("left out the reply's own `{}`: the existing test file defines it, and the "
                            "tests use that one",
                            declared_name(chunk.text)));
            continue;
        }
        kept.push_back(std::move(chunk));
    }
    extraction.chunks = std::move(kept);
    return notes;
}

std::vector<std::string> names_used_from(const ExtractedTest& test, const Extraction& extraction,
                                         const std::string& existing_file) {
    std::set<std::string> own;
    for (const Chunk& chunk : extraction.chunks) {
        if (chunk.test < 0) {
            own.insert(declared_name(chunk.text));
        }
    }
    std::set<std::string> used;
    for (const Token& token : lex(test.text)) {
        if (is_identifier(token)) {
            used.insert(token.text);
        }
    }
    std::vector<std::string> needed;
    for (const std::string& name : support_names(existing_file)) {
        if (own.count(name) != 0) {
            continue;
        }
        // A registration (`INSTANTIATE_TEST_SUITE_P(Prefix,Suite`) is needed when a test names its suite.
        const std::size_t open = name.find('(');
        bool uses = used.count(name) != 0;
        if (open != std::string::npos) {
            std::string rest = name.substr(open + 1) + ",";
            for (std::size_t comma = rest.find(','); comma != std::string::npos; comma = rest.find(',')) {
                uses = uses || used.count(rest.substr(0, comma)) != 0;
                rest.erase(0, comma + 1);
            }
        }
        if (uses) {
            needed.push_back(open == std::string::npos ? name
                                                       : mlab::replace_all(name, ",", ", ") + ", ...)");
        }
    }
    return needed;
}

std::string comment_out(const std::string& text) {
    std::string out;
    for (std::string_view line : mlab::split_lines(text)) {
        out += line.empty() ? std::string("//") : "// " + std::string(line);
        out += '\n';
    }
    return out;
}

ComposedFile compose(const Extraction& extraction, const ComposeOptions& options) {
    ComposedFile file;
    file.test_lines.assign(extraction.tests.size(), {0, 0});
    std::string& out = file.text;
    auto line_count = [&] { return static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n')); };
    out += options.preamble;
    if (!options.preamble.empty()) {
        out += '\n';
    }
    for (const std::string& include : extraction.includes) {
        out += include + "\n";
    }
    for (const std::string& include : options.extra_includes) {
        if (std::find(extraction.includes.begin(), extraction.includes.end(), include) ==
            extraction.includes.end()) {
            out += include + "\n";
        }
    }
    std::vector<std::string> open;
    auto move_to = [&](const std::vector<std::string>& wanted) {
        std::size_t common = 0;
        while (common < open.size() && common < wanted.size() && open[common] == wanted[common]) {
            ++common;
        }
        while (open.size() > common) {
            out += open.back().empty() ? "}  // namespace\n" : "}  // namespace " + open.back() + "\n";
            open.pop_back();
        }
        while (open.size() < wanted.size()) {
            const std::string& name = wanted[open.size()];
            out += name.empty() ? "\nnamespace {\n" : "\nnamespace " + name + " {\n";
            open.push_back(name);
        }
    };
    for (const Chunk& chunk : extraction.chunks) {
        const auto test = static_cast<std::size_t>(chunk.test);
        if (chunk.test >= 0 && !options.included.empty() && !options.included[test]) {
            continue;
        }
        move_to(chunk.namespaces);
        out += '\n';
        if (chunk.test < 0) {
            out += chunk.text + "\n";
            continue;
        }
        if (test < options.lines_above.size()) {
            out += options.lines_above[test];
        }
        const bool commented = test < options.commented_out.size() && options.commented_out[test];
        const std::size_t first = line_count() + 1;
        const std::string& text = extraction.tests[test].text;
        out += commented ? comment_out(text) : text + "\n";
        file.test_lines[test] = {first, line_count()};
    }
    move_to({});
    return file;
}

}  // namespace curator
