#include "mlab/common/diagnostics.hpp"

#include <regex>

#include "mlab/common/text.hpp"

namespace mlab {

std::vector<CompileError> compile_errors(std::string_view output) {
    static const std::regex kError(R"(^([^:]+):(\d+):(?:\d+:)? (?:fatal )?error: (.*)$)");
    std::vector<CompileError> errors;
    for (const std::string_view line : split_lines(output)) {
        std::match_results<std::string_view::const_iterator> match;
        if (std::regex_match(line.begin(), line.end(), match, kError)) {
            errors.push_back(
                {match[1].str(), static_cast<unsigned>(std::stoul(match[2].str())), match[3].str()});
        }
    }
    return errors;
}

std::vector<DiagnosticLocation> error_locations(std::string_view output) {
    static const std::regex kLocation(R"(^(?:In file included from )?([^:\s][^:]*):(\d+):(?:\d+:)?\s+(.*)$)");
    std::vector<DiagnosticLocation> out;
    for (const std::string_view view : split_lines(output)) {
        const std::string line(view);
        std::smatch match;
        if (!std::regex_match(line, match, kLocation)) {
            continue;
        }
        const std::string rest = match[3].str();
        if (rest.rfind("error", 0) == 0 || rest.rfind("fatal error", 0) == 0 ||
            rest.rfind("required from", 0) == 0) {
            out.push_back({match[1].str(), static_cast<unsigned>(std::stoul(match[2].str()))});
        }
    }
    return out;
}

std::string first_error_line(std::string_view output, std::size_t width) {
    std::string_view fallback;
    for (const std::string_view line : split_lines(output)) {
        if (line.find(" error: ") != std::string_view::npos ||
            line.find("fatal error:") != std::string_view::npos) {
            return shorten(fold_whitespace(line), width);
        }
        if (fallback.empty() && line.find("rror") != std::string_view::npos) {
            fallback = line;
        }
    }
    return fallback.empty() ? std::string() : shorten(fold_whitespace(fallback), width);
}

}  // namespace mlab
