#pragma once
// Prompt templates: plain text with named {{placeholders}}, versioned by name, version and content hash.

#include <filesystem>
#include <map>
#include <string>

namespace curator {

/// A template file from prompts/: `# name:` and `# version:` header lines, then a `[system]` and a
/// `[user]` section.
struct PromptTemplate {
    std::filesystem::path path;
    std::string name;
    std::string version;
    std::string hash;  // of the whole file, 16 hex digits: the template's identity in every output
    std::string system;
    std::string user;
};

/// The messages sent to the model.
struct Prompt {
    std::string system;
    std::string user;
};

/// The placeholders a template may use; any other `{{name}}` is an error.
const std::map<std::string, std::string>& known_placeholders();  // name → what it holds

/// Reads and checks a template; throws mlab::InputError naming the file and what is wrong.
PromptTemplate load_template(const std::filesystem::path& path);

/// The template with every placeholder replaced by its value from `values` (which must hold every
/// placeholder the template uses).
Prompt render(const PromptTemplate& prompt_template, const std::map<std::string, std::string>& values);

}  // namespace curator
