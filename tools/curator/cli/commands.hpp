#pragma once
// The curator's subcommands: each registers its options and sets the command to run.

#include <functional>

#include <CLI/CLI.hpp>

#include "mlab/common/command_line.hpp"

namespace curator::cli {

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
