#include "mutator/suppression.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mutator/rules.hpp"

namespace mutator {

namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::istringstream stream{std::string(text)};
    std::vector<std::string> words;
    for (std::string word; stream >> word;) {
        words.push_back(word);
    }
    return words;
}

bool is_operator(const std::string& name) {
    return find_rule(name) != nullptr || find_family(name) != nullptr;
}

/// Prose after the marker ("// mutator: finds mutation sites ...", in a project with a mutator of its own)
/// is not a directive: an unknown first word followed by a word that is not an operator name. A lone
/// unknown word, or one followed by operator names only, is a mistyped directive.
bool is_prose(const std::vector<std::string>& words) {
    if (words.empty()) {
        return true;
    }
    const std::string& first = words.front();
    if (first == "off" || first == "on" || first == "ignore-next-line") {
        return false;
    }
    return !std::all_of(words.begin() + 1, words.end(), is_operator);
}

/// The state of the directives read so far, and one directive's effect on it.
struct DirectiveState {
    std::set<std::string> off;        // names switched off by an open `off`
    std::set<std::string> next_line;  // names an `ignore-next-line` switches off on the next line

    /// `words` after the marker at `where` (file:line): a directive and its operator names (none: all).
    void apply(const std::vector<std::string>& words, std::set<std::string>& here, const std::string& where) {
        const std::string& directive = words.front();
        std::vector<std::string> names(words.begin() + 1, words.end());
        for (const std::string& name : names) {
            if (!is_operator(name)) {
                throw mlab::InputError(
                    fmt::format("{}: unknown operator '{}' in a '// mutator:' comment", where, name));
            }
        }
        if (names.empty()) {
            names.emplace_back("*");
        }
        if (directive == "off") {
            off.insert(names.begin(), names.end());
            here.insert(names.begin(), names.end());
        } else if (directive == "on") {
            for (const std::string& name : names) {
                if (name == "*") {
                    off.clear();
                } else {
                    off.erase(name);
                }
            }
        } else if (directive == "ignore-next-line") {
            next_line.insert(names.begin(), names.end());
        } else {
            throw mlab::InputError(fmt::format("{}: unknown directive '{}' (use off, on or ignore-next-line)",
                                               where, directive));
        }
    }
};

}  // namespace

Suppressions Suppressions::parse(std::string_view text, const std::string& file) {
    Suppressions result;
    DirectiveState state;
    unsigned line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        ++line_number;
        std::set<std::string> here = state.off;
        here.insert(state.next_line.begin(), state.next_line.end());
        state.next_line.clear();

        constexpr std::string_view kMarker = "// mutator:";
        if (const std::size_t at = line.find(kMarker); at != std::string_view::npos) {
            const std::vector<std::string> words = words_of(line.substr(at + kMarker.size()));
            if (!is_prose(words)) {
                state.apply(words, here, file + ":" + std::to_string(line_number));
            }
        }
        if (!here.empty()) {
            result.lines_[line_number] = std::move(here);
        }
        if (end == text.size()) {
            break;
        }
        start = end + 1;
    }
    return result;
}

bool Suppressions::suppressed(unsigned line, std::string_view rule) const {
    const auto it = lines_.find(line);
    if (it == lines_.end()) {
        return false;
    }
    const std::string family(rule.substr(0, rule.find('.')));
    return it->second.count("*") > 0 || it->second.count(std::string(rule)) > 0 ||
           it->second.count(family) > 0;
}

}  // namespace mutator
