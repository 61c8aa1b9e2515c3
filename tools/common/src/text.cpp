#include "mlab/common/text.hpp"

#include <algorithm>

namespace mlab {

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    return first == std::string_view::npos
               ? std::string()
               : std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

std::string fold_whitespace(std::string_view text) {
    std::string out;
    bool space = false;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

std::string shorten(std::string_view text, std::size_t width) {
    if (text.size() <= width) {
        return std::string(text);
    }
    return std::string(text.substr(0, width > 3 ? width - 3 : 0)) + "...";
}

std::string wrap(std::string_view text, std::size_t width, std::string_view indent) {
    const std::string folded = fold_whitespace(text);
    std::string out;
    std::size_t line = 0;    // characters on the current line
    bool line_empty = true;  // no word on the current line yet
    for (std::size_t at = 0; at < folded.size();) {
        const std::size_t space = folded.find(' ', at);
        const std::size_t end = space == std::string::npos ? folded.size() : space;
        const std::size_t word = end - at;
        if (!line_empty && line + 1 + word > width) {
            out += "\n";
            out += indent;
            line = indent.size();
            line_empty = true;
        }
        if (!line_empty) {
            out += ' ';
            ++line;
        }
        out.append(folded, at, word);
        line += word;
        line_empty = false;
        at = end + 1;
    }
    return out;
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace mlab
