#include "curator/triage.hpp"

#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "curator/llm.hpp"
#include "curator/prompt.hpp"
#include "curator/settings.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"
#include "mlab/report/check.hpp"

namespace curator {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTemplate = "triage-survivor.txt";

// The report's lines around the mutant, numbered.
std::string numbered_context(const std::string& source, unsigned line, unsigned around) {
    const std::vector<std::string_view> lines = mlab::split_lines(source);
    const unsigned first = line > around ? line - around : 1;
    const unsigned last = std::min<unsigned>(static_cast<unsigned>(lines.size()), line + around);
    std::string out;
    for (unsigned n = first; n <= last; ++n) {
        out += fmt::format("{:>5}  {}\n", n, lines[n - 1]);
    }
    return out;
}

std::string upper(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return text;
}

TriageAnswer ask_about(const mlab::MutantView& mutant, const mlab::FileView& file, Provider& provider,
                       const PromptTemplate& prompt_template, const ModelSettings& model, unsigned around) {
    TriageAnswer answer{mutant.id,         file.path,   mutant.mutator, mutant.line_before,
                        mutant.line_after, mutant.line, "not asked",    ""};
    const std::string change =
        fmt::format("{}:{} {} ({}): `{}` becomes `{}`", file.path, mutant.line, mutant.mutator,
                    mutant.description, mutant.line_before, mutant.line_after);
    const Prompt prompt =
        render(prompt_template, {{"survivors", change},
                                 {"source_path", file.path},
                                 {"source", numbered_context(file.source, mutant.line, around)}});
    const ChatRequest request = chat_request(model, prompt);
    CallRecord record;
    try {
        const ChatReply reply = provider.ask(request, record);
        std::tie(answer.verdict, answer.reason) = parse_verdict(reply.text);
    } catch (const LlmError& error) {
        answer.reason = error.what();
    }
    return answer;
}

void write_answers(const TriageResult& result, const PromptTemplate& prompt_template,
                   const fs::path& report) {
    nlohmann::ordered_json mutants = nlohmann::ordered_json::array();
    for (const TriageAnswer& answer : result.answers) {
        mutants.push_back({{"id", answer.id},
                           {"file", answer.file},
                           {"line", answer.line},
                           {"mutatorName", answer.mutator},
                           {"before", answer.line_before},
                           {"after", answer.line_after},
                           {"verdict", answer.verdict},
                           {"reason", answer.reason},
                           {"confirmed", false}});
    }
    const nlohmann::ordered_json out{
        {"report", report.string()},
        {"model", result.model},
        {"prompt",
         fmt::format("{} v{} ({})", prompt_template.name, prompt_template.version, prompt_template.hash)},
        {"note",
         "a model's judgement of each surviving mutant, for a person to confirm; the report and its "
         "score are unchanged"},
        {"mutants", mutants}};
    mlab::write_file_atomic(result.written, out.dump(2) + "\n");
}

}  // namespace

std::pair<std::string, std::string> parse_verdict(const std::string& reply) {
    for (const std::string_view view : mlab::split_lines(reply)) {
        std::string line = mlab::trim(view);
        line.erase(0, line.find_first_not_of("*_`> "));
        const std::string head = upper(line.substr(0, 16));
        for (const auto& [name, verdict] :
             {std::pair<std::string_view, const char*>{"NOT EQUIVALENT", "not equivalent"},
              {"EQUIVALENT", "equivalent"},
              {"UNSURE", "unsure"}}) {
            if (head.rfind(name, 0) == 0) {
                std::string reason = line.substr(name.size());
                reason.erase(0, reason.find_first_not_of("*_`:.- "));
                return {verdict, mlab::trim(reason)};
            }
        }
    }
    const std::string trimmed = mlab::trim(reply);
    const std::vector<std::string_view> lines = mlab::split_lines(trimmed);
    return {"unclear", lines.empty() ? std::string() : mlab::shorten(lines.front(), 200)};
}

TriageResult triage(const TriageOptions& options, const std::function<void(const std::string&)>& progress) {
    const fs::path report_file =
        fs::is_directory(options.report) ? options.report / "mutation-report.json" : options.report;
    const mlab::ReportView view = mlab::read_report(report_file);
    const ModelSettings model =
        resolve_model_settings(options.model, options.model.config_file, process_environment());
    if (model.provider == "replay") {
        throw mlab::InputError(
            "curator triage asks a model: --provider openai, anthropic or ollama (replay has no "
            "stored answers)");
    }
    HttpSettings http = model.http;
    http.progress = progress;
    if (options.model.use_cache && !options.model.cache_dir.empty()) {
        http.cache_dir = options.model.cache_dir;
        mlab::require_writable_folder(http.cache_dir, "the cache folder");
    }
    std::unique_ptr<Provider> provider = make_http_provider(make_wire_format(model.provider), http);
    const PromptTemplate prompt_template = load_template(options.model.prompts_dir / kTemplate);
    TriageResult result;
    result.written = options.out.empty() ? report_file.parent_path() / "triage.json" : options.out;
    result.model = model.provider + (model.model.empty() ? "" : " " + model.model);
    for (const mlab::FileView& file : view.files) {
        for (const mlab::MutantView& mutant : file.mutants) {
            if (mutant.status != mlab::MutantStatus::Survived ||
                (options.limit > 0 && result.answers.size() >= options.limit)) {
                continue;
            }
            progress(fmt::format("asking {} about {}:{} {}", result.model, file.path, mutant.line,
                                 mutant.mutator));
            result.answers.push_back(
                ask_about(mutant, file, *provider, prompt_template, model, options.context_lines));
        }
    }
    write_answers(result, prompt_template, report_file);
    return result;
}

}  // namespace curator
