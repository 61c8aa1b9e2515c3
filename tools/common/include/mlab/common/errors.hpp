#pragma once
// The error a command reports as bad input: one line naming the file or value, exit code 2.

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

/// The exit code of a command that failed (bad input, a file that cannot be written, a full disk, a
/// program that cannot be started, an unexpected value): 2.
inline constexpr int kExitInputError = 2;

/// Writes `error` as the one line "TOOL: what went wrong" to `out` and returns kExitInputError. Every
/// exception a command lets through ends here: no tool dies in std::terminate.
int report_failure(std::string_view tool, const std::exception_ptr& error, std::ostream& out);

}  // namespace mlab
