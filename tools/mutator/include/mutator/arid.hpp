#pragma once
// "Arid" calls: logging and printing, whose mutants are rarely worth a test (as in Google's arid-node rules).

#include <string>
#include <vector>

#include <clang/AST/Expr.h>

#include "mutator/operator.hpp"

namespace mutator {

/// The callee names skipped by default; `mutator.yml`'s `arid:` replaces them.
std::vector<std::string> default_arid_names();

/// True for a call to an arid function, or a stream insertion into std::cout, std::cerr or std::clog.
bool is_arid_call(const clang::CallExpr& call, const OperatorContext& context);

}  // namespace mutator
