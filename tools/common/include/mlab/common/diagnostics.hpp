#pragma once
// Reading a compiler's (GCC's or Clang's) diagnostics out of what a compile or a build printed.

#include <string>
#include <string_view>
#include <vector>

namespace mlab {

/// One error a compiler reported: `file:line[:column]: [fatal ]error: message`.
struct CompileError {
    std::string file;  // as the compiler printed it
    unsigned line = 0;
    std::string message;
};

/// Every error line of `output`, in order.
std::vector<CompileError> compile_errors(std::string_view output);

/// One place a diagnostic points at.
struct DiagnosticLocation {
    std::string file;  // as the compiler printed it
    unsigned line = 0;
};

/// The `file:line` places of the errors, and of the template instantiations that led to them ("required
/// from"), in order.
std::vector<DiagnosticLocation> error_locations(std::string_view output);

/// The first error line of `output` (a line with " error: " or "fatal error:", else one with "rror"),
/// whitespace folded and shortened to `width`; "" when there is none.
std::string first_error_line(std::string_view output, std::size_t width = 240);

}  // namespace mlab
