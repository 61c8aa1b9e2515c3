// `curator generate`'s model and extraction phases: the model's settings resolved, the model asked (or a
// stored sample replayed), and the reply's TEST blocks extracted.

#include "generate/phases.hpp"

#include <set>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace curator::generate_phases {
namespace fs = std::filesystem;

namespace {

/// --config, or curator.yml in the project's source folder when there is one.
fs::path config_file_of(const GenerateOptions& options, const CMakeProject& project) {
    fs::path config_file = options.config_file;
    if (config_file.empty() && fs::exists(project.source_dir() / "curator.yml")) {
        config_file = project.source_dir() / "curator.yml";
    } else if (!config_file.empty() && !fs::exists(config_file)) {
        throw mlab::InputError(fmt::format("--config {}: no such file", config_file.string()));
    }
    return config_file;
}

}  // namespace

ModelPhase model_phase(const GenerateOptions& options, const CMakeProject& project, const PromptPhase& prompt,
                       const Progress& progress) {
    ModelPhase phase;
    ModelSettings& model = phase.model;
    model = resolve_model_settings(options, config_file_of(options, project), process_environment());
    if (options.use_cache) {
        model.http.cache_dir =
            options.cache_dir.empty() ? project.build_dir() / ".curator" / "cache" : options.cache_dir;
        mlab::require_writable_folder(model.http.cache_dir, "--cache-dir");  // before the call, not after it
    }
    if (!model.notice.empty()) {
        progress(model.notice);
    }
    std::unique_ptr<Provider> provider =
        model.provider == "replay"
            ? make_replay_provider(options.prompts_dir / "samples", options.source.filename().string())
            : make_http_provider(make_wire_format(model.provider), model.http);
    ChatRequest request;
    request.model = model.model;
    request.system = prompt.prompt.system;
    request.user = prompt.prompt.user;
    request.max_tokens = model.max_tokens;
    request.temperature = model.temperature;
    progress(fmt::format("asking {}{} for {} tests (prompt {} v{})", model.provider,
                         model.model.empty() ? "" : " " + model.model, options.count,
                         prompt.prompt_template.name, prompt.prompt_template.version));
    phase.reply = provider->ask(request, phase.call);
    return phase;
}

Extraction extraction_phase(const ModelPhase& answer, const std::vector<ExtractedTest>& existing,
                            const Progress& progress) {
    std::set<std::string> taken;
    for (const ExtractedTest& test : existing) {
        taken.insert(test.suite + "." + test.name);
    }
    Extraction extraction = extract_tests(answer.reply.text, taken);
    for (const std::string& note : extraction.notes) {
        progress("extraction: " + note);
    }
    if (extraction.tests.empty()) {
        throw LlmError(
            LlmError::Kind::bad_reply,
            fmt::format("the reply holds no TEST block ({} characters{})", answer.reply.text.size(),
                        answer.call.from_cache ? ", from the cache" : ""));
    }
    return extraction;
}

}  // namespace curator::generate_phases
