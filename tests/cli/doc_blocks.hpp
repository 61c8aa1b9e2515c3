#pragma once
// The code blocks of a Markdown page, for tests that run the documentation as written: each block is found
// by how it starts, run in a shell that keeps its folder and exported variables from one block to the next
// (as a person's terminal does), and every block of a page must be run or named as not a command.

#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"

namespace mlab::cli_testing {

struct DocBlock {
    std::size_t line = 0;  // 1-based, the block's first line of code
    std::string info;      // a fence's info string ("cpp", "yaml", ""); "indented" for an indented block
    std::string text;      // the code, without the indentation of its block, ending in a line break
};

namespace doc_detail {

inline std::size_t indentation(const std::string& line) {
    return line.find_first_not_of(' ') == std::string::npos ? line.size() : line.find_first_not_of(' ');
}

inline bool blank(const std::string& line) {
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

inline std::string dedent(const std::string& line, std::size_t by) {
    return line.substr(std::min(by, indentation(line)));
}

/// Where the text of a line's list item starts ("1. " at 0: 3), or its own indentation.
inline std::size_t content_indent(const std::string& line) {
    static const std::regex kItem(R"(^( *)(\d+\.|[-*]) +)");
    std::smatch match;
    return std::regex_search(line, match, kItem) ? static_cast<std::size_t>(match.length(0))
                                                 : indentation(line);
}

}  // namespace doc_detail

/// The fenced and indented code blocks of `markdown`, in order.
inline std::vector<DocBlock> read_doc_blocks(const std::string& markdown) {
    using namespace doc_detail;
    std::vector<std::string> lines;
    for (const std::string_view line : split_lines(markdown)) {
        lines.emplace_back(line);
    }
    std::vector<DocBlock> blocks;
    std::size_t content = 0;  // the indentation of the text the next block belongs to
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        const std::size_t indent = indentation(line);
        const std::string trimmed = line.substr(std::min(indent, line.size()));
        if (trimmed.rfind("```", 0) == 0) {  // a fence, up to the same marker
            DocBlock block{i + 2, trim(trimmed.substr(3)), ""};
            for (++i; i < lines.size() &&
                      lines[i].substr(std::min(indentation(lines[i]), lines[i].size())).rfind("```", 0) != 0;
                 ++i) {
                block.text += dedent(lines[i], indent) + "\n";
            }
            blocks.push_back(block);
            continue;
        }
        if (!blank(line) && indent >= content + 4 && (i == 0 || blank(lines[i - 1]))) {
            DocBlock block{i + 1, "indented", ""};
            std::size_t end = i;
            for (std::size_t j = i;
                 j < lines.size() && (blank(lines[j]) || indentation(lines[j]) >= content + 4); ++j) {
                if (!blank(lines[j])) {
                    end = j;
                }
            }
            for (std::size_t j = i; j <= end; ++j) {
                block.text += dedent(lines[j], content + 4) + "\n";
            }
            blocks.push_back(block);
            i = end;
            continue;
        }
        if (!blank(line)) {
            content = content_indent(line);
        }
    }
    return blocks;
}

/// A page of docs/: its blocks, looked up by how they start; each one used is marked, so a test can require
/// that it ran (or named) every block of the page.
class DocPage {
  public:
    explicit DocPage(std::string relative)
        : relative_(std::move(relative)),
          blocks_(read_doc_blocks(read_file(std::filesystem::path(MLAB_SOURCE_DIR) / relative_))),
          used_(blocks_.size(), false) {}

    /// The block whose text starts with `start` (after leading blanks); blocks of the same text (a command
    /// the page gives twice) count as one. A test failure when there is none, or two that differ.
    const DocBlock& block(const std::string& start) {
        return find([&start](const std::string& text) { return trim(text).rfind(start, 0) == 0; }, start);
    }

    /// The block whose whole text is `text` (a line break at its end aside).
    const DocBlock& block_exactly(const std::string& text) {
        return find([&text](const std::string& block) { return trim(block) == trim(text); }, text);
    }

    /// The block that starts with `start` is not a command (a synopsis, a file's contents, ...): `why`.
    void not_a_command(const std::string& start, const std::string& why) {
        EXPECT_FALSE(why.empty());
        block(start);
    }

    /// A test failure for each block no test step used, naming the page, the line and how it starts.
    void expect_every_block_used() const {
        for (std::size_t b = 0; b < blocks_.size(); ++b) {
            EXPECT_TRUE(used_[b]) << relative_ << ":" << blocks_[b].line << ": a code block no step runs or "
                                  << "names: " << shorten(fold_whitespace(blocks_[b].text), 100);
        }
    }

  private:
    const DocBlock& find(const std::function<bool(const std::string&)>& matches, const std::string& what) {
        const DocBlock* found = nullptr;
        for (std::size_t b = 0; b < blocks_.size(); ++b) {
            if (!matches(blocks_[b].text)) {
                continue;
            }
            EXPECT_TRUE(found == nullptr || found->text == blocks_[b].text)
                << relative_ << ": two different blocks start with: " << what;
            found = found == nullptr ? &blocks_[b] : found;
            used_[b] = true;
        }
        if (found == nullptr) {
            ADD_FAILURE() << relative_ << " has no code block that starts with: " << what;
            static const DocBlock kNone{};
            return kNone;
        }
        return *found;
    }

    std::string relative_;
    std::vector<DocBlock> blocks_;
    std::vector<bool> used_;
};

/// A terminal: each script runs in bash (`-e -o pipefail`) in the folder the last one ended in, with the
/// variables the earlier ones exported. A background job a script leaves (a server whose block failed
/// before stopping it) is killed when the script ends, so it cannot hold the output open.
class DocShell {
  public:
    DocShell(const std::filesystem::path& state, const std::filesystem::path& cwd,
             std::map<std::string, std::string> environment)
        : state_(state), environment_(std::move(environment)) {
        std::filesystem::create_directories(state_);
        write_file_atomic(state_ / "cwd", cwd.string());
        write_file_atomic(state_ / "env", "");
    }

    /// Runs `script` with `input` on its stdin.
    ProcessResult run(const std::string& script, const std::string& input = "") {
        write_file_atomic(state_ / "script.sh", script);
        ProcessOptions options;
        options.environment = environment_;
        options.environment["DOC_SHELL_STATE"] = state_.string();
        options.timeout = std::chrono::minutes(20);
        options.standard_input = input;
        const std::string wrapper =
            "source \"$DOC_SHELL_STATE/env\"\n"
            "cd \"$(cat \"$DOC_SHELL_STATE/cwd\")\"\n"
            "trap 'pwd > \"$DOC_SHELL_STATE/cwd\"; export -p | grep -v \" DOC_SHELL_STATE=\" > "
            "\"$DOC_SHELL_STATE/env\"; kill $(jobs -p) 2>/dev/null || true' EXIT\n"
            "set -e -o pipefail\n"
            "source \"$DOC_SHELL_STATE/script.sh\"\n";
        return run_process({"bash", "-c", wrapper}, options);
    }

    void cd(const std::filesystem::path& folder) { write_file_atomic(state_ / "cwd", folder.string()); }
    std::filesystem::path cwd() const { return trim(read_file(state_ / "cwd")); }

  private:
    std::filesystem::path state_;
    std::map<std::string, std::string> environment_;
};

/// Whether `output` holds the lines of a documented output block in order: blank lines and lines of "..."
/// are skipped, "..." inside a line stands for any text, and leading and trailing blanks do not count.
inline void expect_documented_output(const std::string& output, const std::string& documented) {
    std::vector<std::string> actual;
    for (const std::string_view line : split_lines(output)) {
        actual.push_back(trim(line));
    }
    std::size_t at = 0;
    for (const std::string_view expected_line : split_lines(documented)) {
        const std::string expected = trim(expected_line);
        if (expected.empty() || expected == "...") {
            continue;
        }
        std::string pattern;
        std::size_t from = 0;
        for (std::size_t dots = expected.find("..."); from <= expected.size();
             dots = expected.find("...", from)) {
            const std::string part =
                expected.substr(from, dots == std::string::npos ? std::string::npos : dots - from);
            pattern += std::regex_replace(part, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
            if (dots == std::string::npos) {
                break;
            }
            pattern += ".*";
            from = dots + 3;
        }
        const std::regex line_pattern("^" + pattern + "$");
        while (at < actual.size() && !std::regex_match(actual[at], line_pattern)) {
            ++at;
        }
        if (at == actual.size()) {
            ADD_FAILURE() << "the documented line \"" << expected << "\" is not in the output (in order):\n"
                          << output;
            return;
        }
        ++at;
    }
}

}  // namespace mlab::cli_testing
