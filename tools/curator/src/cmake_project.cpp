#include "curator/cmake_project.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kClient = "client-mlab-curator";

json read_json(const fs::path& path) {
    json value = json::parse(mlab::read_file(path), nullptr, false);
    if (value.is_discarded()) {
        throw mlab::InputError(path.string() + ": CMake's File API reply is not valid JSON");
    }
    return value;
}

/// The newest reply index of `reply_dir` that answers curator's query, or an empty path.
fs::path answered_index(const fs::path& reply_dir) {
    std::error_code error;
    std::vector<fs::path> indexes;
    for (const auto& entry : fs::directory_iterator(reply_dir, error)) {
        if (entry.path().filename().string().rfind("index-", 0) == 0) {
            indexes.push_back(entry.path());
        }
    }
    std::sort(indexes.begin(), indexes.end());
    if (indexes.empty()) {
        return {};
    }
    const json index = read_json(indexes.back());
    if (!index.contains("reply") || !index["reply"].contains(kClient)) {
        return {};
    }
    return indexes.back();
}

}  // namespace

std::vector<std::string> split_shell_words(const std::string& command) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < command.size(); ++i) {
        const char c = command[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && i + 1 < command.size()) {
                word += command[++i];
            } else {
                word += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '\\' && i + 1 < command.size()) {
            word += command[++i];
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) {
                words.push_back(word);
                word.clear();
                in_word = false;
            }
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word) {
        words.push_back(word);
    }
    return words;
}

CMakeProject CMakeProject::open(const fs::path& build_dir) {
    CMakeProject project;
    project.build_dir_ = mlab::canonical_or_same(build_dir);
    project.generator_ = mlab::cmake_cache_value(project.build_dir_, "CMAKE_GENERATOR");
    if (project.generator_.empty()) {
        throw mlab::InputError(build_dir.string() + ": not a CMake build folder (no CMakeCache.txt)");
    }
    const fs::path api = project.build_dir_ / ".cmake" / "api" / "v1";
    project.reply_dir_ = api / "reply";
    fs::path index = answered_index(project.reply_dir_);
    std::error_code error;
    if (!index.empty() && fs::last_write_time(index, error) <
                              fs::last_write_time(project.build_dir_ / "CMakeCache.txt", error)) {
        index.clear();  // the cache changed since: ask again
    }
    if (index.empty()) {
        const fs::path query = api / "query" / kClient;
        fs::create_directories(query);
        mlab::write_file_atomic(query / "codemodel-v2", "");
        mlab::write_file_atomic(query / "toolchains-v1", "");
        mlab::ProcessOptions options;
        options.timeout = std::chrono::minutes(10);
        const mlab::ProcessResult result = mlab::run_process({"cmake", project.build_dir_.string()}, options);
        if (!result.succeeded()) {
            throw mlab::InputError(fmt::format(
                "{}: CMake could not re-configure it to answer the File API query: {}", build_dir.string(),
                mlab::shorten(mlab::fold_whitespace(result.standard_error), 160)));
        }
        index = answered_index(project.reply_dir_);
        if (index.empty()) {
            throw mlab::InputError(build_dir.string() +
                                   ": CMake wrote no File API reply (CMake 3.14 or newer needed)");
        }
    }
    const json answers = read_json(index)["reply"][kClient];
    if (!answers.contains("codemodel-v2") || !answers["codemodel-v2"].contains("jsonFile")) {
        throw mlab::InputError(index.string() + ": the File API reply has no codemodel");
    }
    project.codemodel_file_ = answers["codemodel-v2"]["jsonFile"].get<std::string>();
    if (answers.contains("toolchains-v1") && answers["toolchains-v1"].contains("jsonFile")) {
        const json toolchains =
            read_json(project.reply_dir_ / answers["toolchains-v1"]["jsonFile"].get<std::string>());
        for (const json& toolchain : toolchains.value("toolchains", json::array())) {
            if (toolchain.value("language", "") == "C" && toolchain.contains("compiler")) {
                project.c_compiler_path_ = toolchain["compiler"].value("path", "");
            }
            if (toolchain.value("language", "") == "CXX" && toolchain.contains("compiler")) {
                project.compiler_path_ = toolchain["compiler"].value("path", "");
                project.compiler_id_ = toolchain["compiler"].value("id", "");
                project.compiler_version_ = toolchain["compiler"].value("version", "");
            }
        }
    }
    if (project.compiler_path_.empty()) {
        project.compiler_path_ = mlab::cmake_cache_value(project.build_dir_, "CMAKE_CXX_COMPILER");
    }
    if (project.c_compiler_path_.empty()) {
        project.c_compiler_path_ = mlab::cmake_cache_value(project.build_dir_, "CMAKE_C_COMPILER");
    }
    const json codemodel = read_json(project.reply_dir_ / project.codemodel_file_);
    project.source_dir_ = mlab::canonical_or_same(codemodel["paths"]["source"].get<std::string>());
    return project;
}

namespace {

/// How the compile group `group` compiles its files: fragments, defines, include folders.
CompileRecipe compile_recipe(const json& group, const std::string& compiler, const fs::path& build_dir) {
    CompileRecipe recipe;
    recipe.directory = build_dir;
    recipe.compiler = compiler;
    for (const json& fragment : group.value("compileCommandFragments", json::array())) {
        for (std::string& word : split_shell_words(fragment.value("fragment", ""))) {
            recipe.arguments.push_back(std::move(word));
        }
    }
    for (const json& define : group.value("defines", json::array())) {
        recipe.arguments.push_back("-D" + define.value("define", ""));
    }
    for (const json& include : group.value("includes", json::array())) {
        fs::path directory = include.value("path", "");
        if (directory.is_relative()) {
            directory = build_dir / directory;
        }
        if (include.value("isSystem", false)) {
            recipe.arguments.push_back("-isystem");
            recipe.arguments.push_back(directory.string());
        } else {
            recipe.arguments.push_back("-I" + directory.string());
        }
    }
    return recipe;
}

/// The target's link flags and libraries, relative library paths made absolute.
std::vector<std::string> link_arguments(const json& target, const fs::path& build_dir) {
    std::vector<std::string> arguments;
    if (!target.contains("link")) {
        return arguments;
    }
    for (const json& fragment : target["link"].value("commandFragments", json::array())) {
        const std::string role = fragment.value("role", "");
        for (std::string& word : split_shell_words(fragment.value("fragment", ""))) {
            if (role == "libraries" && !word.empty() && word[0] != '-' && fs::path(word).is_relative()) {
                word = (build_dir / word).string();
            }
            arguments.push_back(std::move(word));
        }
    }
    return arguments;
}

/// The path of an entry of a target's `sources`, canonical.
fs::path source_path(const json& source, const fs::path& source_dir) {
    fs::path path = source.value("path", "");
    if (path.is_relative()) {
        path = source_dir / path;
    }
    return mlab::canonical_or_same(path);
}

/// The entry of a target's `sources` that is `wanted` and is compiled; nullptr when there is none.
const json* compiled_source(const json& sources, const fs::path& wanted, const fs::path& source_dir) {
    for (const json& source : sources) {
        if (source.contains("compileGroupIndex") && source_path(source, source_dir) == wanted) {
            return &source;
        }
    }
    return nullptr;
}

}  // namespace

TargetOfFile CMakeProject::target_of(const fs::path& file) const {
    const fs::path wanted = mlab::canonical_or_same(file);
    const json codemodel = read_json(reply_dir_ / codemodel_file_);
    const json& configurations = codemodel["configurations"];
    if (!configurations.is_array() || configurations.empty()) {
        throw mlab::InputError((reply_dir_ / codemodel_file_).string() +
                               ": no configuration in the codemodel");
    }
    json configuration = configurations[0];
    const std::string build_type = mlab::cmake_cache_value(build_dir_, "CMAKE_BUILD_TYPE");
    for (const json& candidate : configurations) {
        if (candidate.value("name", "") == build_type) {
            configuration = candidate;
        }
    }
    for (const json& reference : configuration["targets"]) {
        const json target = read_json(reply_dir_ / reference["jsonFile"].get<std::string>());
        const json sources = target.value("sources", json::array());
        const json* source = compiled_source(sources, wanted, source_dir_);
        if (source == nullptr) {
            continue;
        }
        TargetOfFile result;
        result.target = target.value("name", "");
        result.target_type = target.value("type", "");
        const std::size_t directory = target.value("directoryIndex", std::size_t{0});
        if (codemodel.contains("configurations") && directory < configuration["directories"].size()) {
            result.directory = source_dir_ / configuration["directories"][directory].value("source", ".");
            result.binary_directory =
                build_dir_ / configuration["directories"][directory].value("build", ".");
        }
        const json artifacts = target.value("artifacts", json::array());
        if (!artifacts.empty() && artifacts[0].contains("path")) {
            const fs::path artifact = artifacts[0]["path"].get<std::string>();
            result.artifact = artifact.is_relative() ? build_dir_ / artifact : artifact;
        }
        const json& group = target["compileGroups"][(*source)["compileGroupIndex"].get<std::size_t>()];
        result.compile = compile_recipe(group, compiler_path_, build_dir_);
        result.link_arguments = link_arguments(target, build_dir_);
        for (const json& other : sources) {
            const fs::path path = source_path(other, source_dir_);
            if (!other.contains("compileGroupIndex")) {
                if (path.extension() == ".o" || path.extension() == ".obj") {
                    result.objects.push_back(path);  // e.g. $<TARGET_OBJECTS:lib>
                }
                continue;  // a header, a resource
            }
            const json& other_group = target["compileGroups"][other["compileGroupIndex"].get<std::size_t>()];
            const std::string language = other_group.value("language", "CXX");
            if (language == "CXX" || (language == "C" && !c_compiler_path_.empty())) {
                result.sources.push_back(
                    {path, compile_recipe(other_group, language == "C" ? c_compiler_path_ : compiler_path_,
                                          build_dir_)});
            } else {
                result.uncompiled.push_back(fmt::format("{} ({})", path.filename().string(), language));
            }
        }
        return result;
    }
    throw mlab::InputError(fmt::format("{}: no target of the CMake build {} compiles this file",
                                       file.string(), build_dir_.string()));
}

}  // namespace curator
