#pragma once
// Small text helpers shared by the tools.

#include <string>
#include <string_view>
#include <vector>

namespace mlab {

/// `text` with every run of spaces, tabs and line breaks turned into one space, none at either end.
std::string fold_whitespace(std::string_view text);

/// `text` without the spaces, tabs and carriage returns at either end.
std::string trim(std::string_view text);

/// The lines of `text`, without their '\n'; a final line break does not start an empty line.
std::vector<std::string_view> split_lines(std::string_view text);

/// `text` with every `from` replaced by `to`, left to right; replaced text is not searched again.
std::string replace_all(std::string text, std::string_view from, std::string_view to);

/// `text` cut to at most `width` characters, ending in "..." when it was cut.
std::string shorten(std::string_view text, std::size_t width);

/// `text` (whitespace folded) broken into lines of at most `width` characters at spaces, each line after the
/// first starting with `indent`; a word longer than a line stays whole. No final line break.
std::string wrap(std::string_view text, std::size_t width, std::string_view indent);

/// `text` with &, <, >, " and ' as HTML entities.
std::string html_escape(std::string_view text);

}  // namespace mlab
