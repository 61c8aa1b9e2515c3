#include "curator/prompt.hpp"

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace {

/// Calls `visit(name, begin, end)` for each `{{name}}` in `text`.
template <typename Visit>
void for_each_placeholder(const std::string& text, Visit visit) {
    for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
        const std::size_t close = text.find("}}", at + 2);
        if (close == std::string::npos) {
            visit(std::string(), at, text.size());
            return;
        }
        visit(text.substr(at + 2, close - at - 2), at, close + 2);
    }
}

}  // namespace

const std::map<std::string, std::string>& known_placeholders() {
    static const std::map<std::string, std::string> kPlaceholders{
        {"source_path", "the paths of the source files under test (comma-separated)"},
        {"source", "the source files' text (each under a `// file: PATH` line when there are several)"},
        {"header_path", "the paths of their headers (empty without --header)"},
        {"header", "the headers' text (empty without --header)"},
        {"tests_path", "the path of the existing test file"},
        {"existing_tests", "the existing test file's text"},
        {"count", "how many tests to write"},
        {"naming", "the naming convention of the existing tests, in a sentence"},
        {"uncovered_lines",
         "the source lines the existing tests do not run, numbered (or a sentence saying "
         "why they are not known)"},
        {"survivors",
         "the mutants no existing test detects, one per line: location, operator, the line "
         "before and after"},
        {"broken_tests",
         "the tests to repair, each with its code and the compiler's error or the failed "
         "assertion"},
        {"gtest_version", "the GoogleTest version the project builds with"},
    };
    return kPlaceholders;
}

PromptTemplate load_template(const std::filesystem::path& path) {
    PromptTemplate result;
    result.path = path;
    const std::string text = mlab::read_file(path);
    result.hash = mlab::to_hex(mlab::mix64(mlab::fnv1a64(text)));
    enum class Section { header, system, user } section = Section::header;
    std::size_t line_number = 0;
    for (std::string_view line : mlab::split_lines(text)) {
        ++line_number;
        const std::string trimmed = mlab::trim(line);
        if (trimmed == "[system]" || trimmed == "[user]") {
            section = trimmed == "[system]" ? Section::system : Section::user;
            continue;
        }
        switch (section) {
            case Section::header:
                if (trimmed.rfind("# name:", 0) == 0) {
                    result.name = mlab::trim(trimmed.substr(7));
                } else if (trimmed.rfind("# version:", 0) == 0) {
                    result.version = mlab::trim(trimmed.substr(10));
                } else if (!trimmed.empty() && trimmed[0] != '#') {
                    throw mlab::InputError(
                        fmt::format("{}:{}: text before the [system] section (only `# ` lines "
                                    "belong there)",
                                    path.string(), line_number));
                }
                break;
            case Section::system:
                result.system.append(line).push_back('\n');
                break;
            case Section::user:
                result.user.append(line).push_back('\n');
                break;
        }
    }
    if (result.name.empty() || result.version.empty()) {
        throw mlab::InputError(path.string() + ": no `# name:` or `# version:` line at the top");
    }
    if (mlab::trim(result.user).empty()) {
        throw mlab::InputError(path.string() + ": no [user] section");
    }
    result.system = mlab::trim(result.system);
    result.user = mlab::trim(result.user);
    for (const std::string* part : {&result.system, &result.user}) {
        for_each_placeholder(*part, [&](const std::string& name, std::size_t, std::size_t) {
            if (known_placeholders().count(name) == 0) {
                throw mlab::InputError(
                    fmt::format("{}: unknown placeholder {{{{{}}}}} (known: {})", path.string(), name, [] {
                        std::string names;
                        for (const auto& [known, _] : known_placeholders()) {
                            names += (names.empty() ? "" : ", ") + known;
                        }
                        return names;
                    }()));
            }
        });
    }
    return result;
}

Prompt render(const PromptTemplate& prompt_template, const std::map<std::string, std::string>& values) {
    auto fill = [&](const std::string& text) {
        std::string out;
        std::size_t copied = 0;
        for_each_placeholder(text, [&](const std::string& name, std::size_t begin, std::size_t end) {
            out.append(text, copied, begin - copied);
            const auto value = values.find(name);
            out += value == values.end() ? std::string() : value->second;
            copied = end;
        });
        out.append(text, copied);
        return out;
    };
    return {fill(prompt_template.system), fill(prompt_template.user)};
}

}  // namespace curator
