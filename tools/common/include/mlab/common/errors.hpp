#pragma once
// How a command ends: the exit codes both tools use, the errors that choose one, and the one line a
// failure prints.

#include <exception>
#include <ostream>
#include <stdexcept>
#include <string_view>

namespace mlab {

/// Bad input from the user (a missing file, a malformed value, an unknown name). The message is the whole
/// line shown to the user and names what is wrong.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The command was stopped by Ctrl-C or SIGTERM (InterruptGuard); what it had finished is kept.
class Interrupted : public std::runtime_error {
  public:
    Interrupted() : std::runtime_error("interrupted") {}
};

/// The command did what was asked and the answer is yes (the score reaches --break, every check holds).
inline constexpr int kExitSuccess = 0;
/// The command did what was asked and the answer is no: a score under --break, a check with violations.
inline constexpr int kExitVerdictNo = 1;
/// The command could not do what was asked (bad input, a file that cannot be written, a full disk, a
/// program that cannot be started, an unexpected value, a self-check that failed).
inline constexpr int kExitInputError = 2;
/// curator: the model could not be asked (network, key, quota).
inline constexpr int kExitModelFailed = 3;
/// Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as a shell reports it).
inline constexpr int kExitInterrupted = 130;

/// Writes `error` as the one line "TOOL: what went wrong" to `out` and returns kExitInputError
/// (kExitInterrupted for Interrupted). Every exception a command lets through ends here: no tool dies in
/// std::terminate.
int report_failure(std::string_view tool, const std::exception_ptr& error, std::ostream& out);

}  // namespace mlab
