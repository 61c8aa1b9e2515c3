#include "mutator/mutation_text.hpp"

#include <stdexcept>
#include <vector>

#include "mlab/common/text.hpp"

namespace mutator {
namespace {

struct Lines {
    std::vector<std::string_view> lines;  // without their '\n'
    bool final_newline = true;
};

Lines split_lines(std::string_view text) {
    Lines out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            out.lines.push_back(text.substr(start));
            out.final_newline = false;
            return out;
        }
        out.lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string shorten(std::string_view text, std::size_t width) {
    std::string flat = mlab::fold_whitespace(text);
    if (flat.size() > width) {
        flat = flat.substr(0, width - 3) + "...";
    }
    return flat;
}

}  // namespace

std::string apply_site(std::string_view original, const MutationSite& site) {
    if (site.offset + site.length > original.size() ||
        original.substr(site.offset, site.length) != site.original) {
        throw std::invalid_argument(site.file + ":" + std::to_string(site.line) +
                                    ": the file changed since it was scanned (expected '" + site.original +
                                    "')");
    }
    std::string mutated(original.substr(0, site.offset));
    mutated += site.replacement;
    mutated += original.substr(site.offset + site.length);
    return mutated;
}

std::string unified_diff(const std::string& path, std::string_view before, std::string_view after) {
    const Lines a = split_lines(before);
    const Lines b = split_lines(after);
    // One hunk: the common prefix and suffix are context, the rest changed.
    std::size_t prefix = 0;
    while (prefix < a.lines.size() && prefix < b.lines.size() && a.lines[prefix] == b.lines[prefix]) {
        ++prefix;
    }
    std::size_t suffix = 0;
    while (suffix < a.lines.size() - prefix && suffix < b.lines.size() - prefix &&
           a.lines[a.lines.size() - 1 - suffix] == b.lines[b.lines.size() - 1 - suffix]) {
        ++suffix;
    }
    // A change in the final newline alone touches the last line.
    if (suffix > 0 && a.final_newline != b.final_newline) {
        --suffix;
    }
    if (prefix == a.lines.size() && prefix == b.lines.size() && a.final_newline == b.final_newline) {
        return {};
    }
    constexpr std::size_t kContext = 3;
    const std::size_t start = prefix > kContext ? prefix - kContext : 0;
    const std::size_t a_end = std::min(a.lines.size(), a.lines.size() - suffix + kContext);
    const std::size_t b_end = std::min(b.lines.size(), b.lines.size() - suffix + kContext);

    auto range = [](std::size_t first, std::size_t count) {
        return std::to_string(count == 0 ? first : first + 1) + "," + std::to_string(count);
    };
    std::string out = "--- a/" + path + "\n+++ b/" + path + "\n";
    out += "@@ -" + range(start, a_end - start) + " +" + range(start, b_end - start) + " @@\n";
    auto emit = [&](char mark, const Lines& lines, std::size_t i) {
        out += mark;
        out += lines.lines[i];
        out += '\n';
        if (i + 1 == lines.lines.size() && !lines.final_newline) {
            out += "\\ No newline at end of file\n";
        }
    };
    for (std::size_t i = start; i < prefix; ++i) {
        emit(' ', a, i);
    }
    for (std::size_t i = prefix; i < a.lines.size() - suffix; ++i) {
        emit('-', a, i);
    }
    for (std::size_t i = prefix; i < b.lines.size() - suffix; ++i) {
        emit('+', b, i);
    }
    for (std::size_t i = a.lines.size() - suffix; i < a_end; ++i) {
        emit(' ', a, i);
    }
    return out;
}

std::string one_line_change(const MutationSite& site, std::size_t width) {
    const std::string replacement = site.replacement.empty() ? "(removed)" : shorten(site.replacement, width);
    return shorten(site.original, width) + " -> " + replacement;
}

}  // namespace mutator
