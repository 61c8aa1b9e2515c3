#include "mutator/changed_lines.hpp"

#include <regex>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"

namespace mutator {
namespace {

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

}  // namespace

ChangedLines parse_unified_zero_diff(const std::string& diff, const std::string& prefix) {
    static const std::regex kHunk(R"(^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@)");
    ChangedLines changed;
    std::string current;
    bool in_root = false;
    for (const std::string_view view : mlab::split_lines(diff)) {
        const std::string line(view);
        if (line.rfind("+++ ", 0) == 0) {
            std::string path = line.substr(4);
            in_root = false;
            if (path.rfind("b/", 0) == 0) {
                path = path.substr(2);
                if (path.rfind(prefix, 0) == 0) {
                    current = path.substr(prefix.size());
                    in_root = true;
                }
            }
            continue;
        }
        std::smatch match;
        if (in_root && std::regex_search(line, match, kHunk)) {
            const unsigned first = static_cast<unsigned>(std::stoul(match[1].str()));
            const unsigned count = match[2].matched ? static_cast<unsigned>(std::stoul(match[2].str())) : 1U;
            for (unsigned n = first; n < first + count; ++n) {
                changed[current].insert(n);
            }
        }
    }
    return changed;
}

ChangedLines changed_lines_since(const std::filesystem::path& root, const std::string& ref) {
    mlab::ProcessOptions options;
    options.working_directory = root;
    options.timeout = std::chrono::minutes(2);
    const mlab::ProcessResult inside =
        mlab::run_process({"git", "rev-parse", "--is-inside-work-tree"}, options);
    if (!inside.succeeded()) {
        throw mlab::InputError(fmt::format("--since: {} is not in a git work tree", root.string()));
    }
    const mlab::ProcessResult verified =
        mlab::run_process({"git", "rev-parse", "--verify", "--quiet", ref + "^{commit}"}, options);
    if (!verified.succeeded()) {
        throw mlab::InputError(
            fmt::format("--since: '{}' is not a known git revision in {}", ref, root.string()));
    }
    const mlab::ProcessResult diff =
        mlab::run_process({"git", "-c", "core.quotePath=off", "diff", "--no-color", "--no-ext-diff",
                           "--unified=0", "--relative", trimmed(verified.standard_output), "--", "."},
                          options);
    if (!diff.succeeded()) {
        throw mlab::InputError(
            fmt::format("--since: git diff {} failed: {}", ref, trimmed(diff.standard_error)));
    }
    return parse_unified_zero_diff(diff.standard_output, "");
}

bool site_changed(const MutationSite& site, const ChangedLines& changed) {
    const auto it = changed.find(site.file);
    if (it == changed.end()) {
        return false;
    }
    const auto first = it->second.lower_bound(site.line);
    return first != it->second.end() && *first <= std::max(site.line, site.end_line);
}

}  // namespace mutator
