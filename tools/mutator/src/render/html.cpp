// The two HTML pages. Each is one file that opens from disk with no network: the page's script and the
// report's data are inlined, the data with every '<' escaped so no text in it can end the <script>.

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "mlab/common/text.hpp"
#include "mutator/assets.hpp"
#include "mutator/render.hpp"

namespace mutator {
namespace {

std::string page_title(const ReportView& view) {
    return view.project.empty() ? std::string("mutation report") : view.project;
}

// The bundle as a classic script: a "</script" inside it would end the element early, so it is written
// "<\/script", which JavaScript reads the same in strings, templates and regular expressions.
std::string script_safe_code(std::string_view code) {
    std::string out;
    out.reserve(code.size());
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (code[i] == '<' && i + 1 < code.size() && code[i + 1] == '/' && code.size() - i >= 8 &&
            std::equal(code.begin() + static_cast<long>(i) + 2, code.begin() + static_cast<long>(i) + 8,
                       "script",
                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; })) {
            out += "<\\/";
            ++i;
            continue;
        }
        out += code[i];
    }
    return out;
}

}  // namespace

std::string render_html(const nlohmann::ordered_json& report, const RenderOptions& /*options*/) {
    const ReportView view = view_report(report);
    const std::string title = html_escape(page_title(view));
    std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    page += "<link rel=\"icon\" href=\"data:,\">\n";
    page += fmt::format("<title>{} - mutation report</title>\n", title);
    page += "<script>\n" + script_safe_code(elements_bundle()) + "\n</script>\n</head>\n<body>\n";
    page +=
        fmt::format("<mutation-test-report-app title-postfix=\"{}\"></mutation-test-report-app>\n", title);
    page += "<script>\ndocument.querySelector('mutation-test-report-app').report = ";
    page += script_safe_json(report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) +
            ";\n</script>\n</body>\n</html>\n";
    return page;
}

std::string render_matrix(const nlohmann::ordered_json& report, const RenderOptions& /*options*/) {
    using ordered_json = nlohmann::ordered_json;
    const ReportView view = view_report(report);
    // Tests by index; a test named only in killedBy or coveredBy (another tool's report) is added.
    ordered_json tests = ordered_json::array();
    std::map<std::string, std::size_t> index;
    const auto test_index = [&](const std::string& id, const std::string& name, const std::string& file,
                                unsigned line) {
        const auto [it, added] = index.emplace(id, tests.size());
        if (added) {
            tests.push_back(ordered_json{{"id", id}, {"name", name}, {"file", file}, {"line", line}});
        }
        return it->second;
    };
    for (const TestView& test : view.tests) {
        test_index(test.id, test.name, test.file, test.line);
    }
    ordered_json files = ordered_json::array();
    for (const FileView& file : view.files) {
        ordered_json mutants = ordered_json::array();
        for (const MutantView& mutant : file.mutants) {
            std::vector<std::size_t> killed, covered;
            for (const std::string& id : mutant.killed_by) {
                killed.push_back(test_index(id, id, "", 0));
            }
            for (const std::string& id : mutant.covered_by) {
                covered.push_back(test_index(id, id, "", 0));
            }
            mutants.push_back(ordered_json{{"id", mutant.id},
                                           {"line", mutant.line},
                                           {"column", mutant.column},
                                           {"mutator", mutant.mutator},
                                           {"description", mutant.description},
                                           {"status", std::string(status_name(mutant.status))},
                                           {"killedBy", killed},
                                           {"coveredBy", covered}});
        }
        files.push_back(ordered_json{{"path", file.path}, {"mutants", mutants}});
    }
    const ScoreCounts& c = view.counts;
    ordered_json data{{"title", page_title(view)},
                      {"score", c.has_score() ? ordered_json(c.score()) : ordered_json(nullptr)},
                      {"counts",
                       {{"Killed", c.killed},
                        {"Survived", c.survived},
                        {"NoCoverage", c.no_coverage},
                        {"Timeout", c.timeout},
                        {"CompileError", c.compile_error},
                        {"RuntimeError", c.runtime_error},
                        {"Ignored", c.ignored}}},
                      {"tests", tests},
                      {"files", files}};
    const std::string page =
        mlab::replace_all(std::string(kill_matrix_template()), "@MLAB_TITLE@", html_escape(page_title(view)));
    return mlab::replace_all(
        page, "@MLAB_MATRIX_DATA@",
        script_safe_json(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

}  // namespace mutator
