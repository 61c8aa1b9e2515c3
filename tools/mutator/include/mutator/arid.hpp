#pragma once
// "Arid" code: logging and printing calls, capacity hints and assertions, whose mutants are rarely worth a
// test (as in Google's arid-node rules).

#include <string>
#include <string_view>
#include <vector>

#include <clang/AST/Expr.h>

#include "mutator/operator.hpp"

namespace mutator {

/// The callee names skipped by default; `mutator.yml`'s `arid:` replaces them.
std::vector<std::string> default_arid_names();

/// The assertion macros whose arguments are not mutated by default (`assert`, `DCHECK`-style): a mutant
/// there only changes whether, or what, a failing check reports. `mutator.yml`'s `assertions:` replaces them.
std::vector<std::string> default_assertion_macros();

/// True when a macro of this name is an assertion (glob patterns of the settings).
bool is_assertion_macro(std::string_view name, const OperatorSettings& settings);

/// True for a call to an arid function, or a stream insertion into std::cout, std::cerr or std::clog.
bool is_arid_call(const clang::CallExpr& call, const OperatorContext& context);

}  // namespace mutator
