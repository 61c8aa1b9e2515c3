// `curator generate`'s model and extraction phases: the model's settings resolved, one prompt sent (or a
// stored sample replayed), and the reply's TEST blocks extracted, completed with what a bare reply leaves
// out (includes, using-declarations).

#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "generate/phases.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

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

/// The include line of `header` as a test of `recipe` would write it: relative to the include folder that
/// gives the shortest path, else to the test file's folder.
std::string include_line(const fs::path& header, const CompileRecipe& recipe, const fs::path& tests) {
    fs::path best = fs::relative(header, tests.parent_path());
    for (std::size_t a = 0; a < recipe.arguments.size(); ++a) {
        const std::string& word = recipe.arguments[a];
        std::string dir;
        for (const char* flag : {"-I", "-iquote", "-isystem"}) {
            const std::string prefix(flag);
            if (word == prefix && a + 1 < recipe.arguments.size()) {
                dir = recipe.arguments[a + 1];
            } else if (word.size() > prefix.size() && word.rfind(prefix, 0) == 0) {
                dir = word.substr(prefix.size());
            }
        }
        if (dir.empty()) {
            continue;
        }
        const std::optional<fs::path> inside = mlab::relative_inside(header, mlab::canonical_or_same(dir));
        if (inside && inside->string().size() < best.string().size()) {
            best = *inside;
        }
    }
    return fmt::format("#include \"{}\"", best.string());
}

}  // namespace

ModelSettings resolve_model(const GenerateOptions& options, const CMakeProject& project,
                            const Progress& progress) {
    ModelSettings model =
        resolve_model_settings(options, config_file_of(options, project), process_environment());
    if (options.use_cache) {
        model.http.cache_dir =
            options.cache_dir.empty() ? project.build_dir() / ".curator" / "cache" : options.cache_dir;
        mlab::require_writable_folder(model.http.cache_dir, "--cache-dir");  // before the call, not after it
    }
    if (!model.notice.empty()) {
        progress(model.notice);
    }
    model.http.progress = progress;
    return model;
}

Asked ask_model(const GenerateOptions& options, const ModelSettings& model,
                const PromptTemplate& prompt_template, const Prompt& prompt, const std::string& what,
                const Progress& progress) {
    std::unique_ptr<Provider> provider =
        model.provider == "replay"
            ? make_replay_provider(options.prompts_dir / "samples",
                                   options.sources.front().filename().string(), prompt_template.name)
            : make_http_provider(make_wire_format(model.provider), model.http);
    const ChatRequest request = chat_request(model, prompt);
    const std::string asking =
        fmt::format("{}{} {} (prompt {} v{})", model.provider, model.model.empty() ? "" : " " + model.model,
                    what, prompt_template.name, prompt_template.version);
    progress(provider->has_cached_reply(request)
                 ? fmt::format("using the cached reply of {}; no call (--no-cache asks again)", asking)
                 : "asking " + asking);
    Asked asked{prompt_template, {}, {}};
    asked.reply = provider->ask(request, asked.call);
    return asked;
}

Extraction extract_reply(const Asked& asked, const std::set<std::string>& taken, const Inputs& inputs,
                         const GenerateOptions& options, const Groundwork& ground, const Progress& progress) {
    Extraction extraction = extract_tests(asked.reply.text, taken);
    if (extraction.tests.empty()) {
        throw LlmError(LlmError::Kind::bad_reply,
                       fmt::format("the reply holds no TEST block ({} characters{})", asked.reply.text.size(),
                                   asked.call.from_cache ? ", from the cache" : ""));
    }
    std::vector<std::string> headers;
    for (const fs::path& header : options.headers) {
        headers.push_back(include_line(mlab::canonical_or_same(header), ground.target.compile,
                                       mlab::canonical_or_same(options.tests)));
    }
    const std::vector<std::string> added = complete_reply(extraction, inputs.existing_text, headers);
    if (!added.empty()) {
        extraction.notes.push_back("added what the reply left out: " +
                                   fmt::format("{}", fmt::join(added, ", ")));
    }
    for (std::string& note : leave_out_existing_definitions(extraction, inputs.existing_text)) {
        extraction.notes.push_back(std::move(note));
    }
    for (const std::string& note : extraction.notes) {
        progress("extraction: " + note);
    }
    return extraction;
}

}  // namespace curator::generate_phases
