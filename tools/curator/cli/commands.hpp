#pragma once
// The curator's subcommands: each registers its options and sets the command to run.

#include <cstdlib>
#include <filesystem>
#include <functional>

#include <CLI/CLI.hpp>

#include "mlab/common/command_line.hpp"

namespace curator::cli {

/// The prompt templates' folder: CURATOR_PROMPTS_DIR; else, for an installed curator (PREFIX/bin/curator),
/// PREFIX/share/mutation-lab/prompts; else the repository's prompts/ (a curator run from its build).
inline std::filesystem::path default_prompts_dir() {
    if (const char* dir = std::getenv("CURATOR_PROMPTS_DIR"); dir != nullptr && *dir != '\0') {
        return dir;
    }
    std::error_code error;
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        const std::filesystem::path installed =
            program.parent_path().parent_path() / "share" / "mutation-lab" / "prompts";
        if (std::filesystem::is_directory(installed, error)) {
            return installed;
        }
    }
    return MLAB_PROMPTS_DIR;
}

/// What main() runs after parsing; returns the exit code.
using Command = mlab::Command;

void register_generate(CLI::App& app, Command& command);
void register_review(CLI::App& app, Command& command);
void register_annotate(CLI::App& app, Command& command);
void register_check(CLI::App& app, Command& command);
void register_status(CLI::App& app, Command& command);
void register_forget(CLI::App& app, Command& command);
void register_report(CLI::App& app, Command& command);
void register_triage(CLI::App& app, Command& command);

}  // namespace curator::cli
