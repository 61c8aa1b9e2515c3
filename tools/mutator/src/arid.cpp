#include "mutator/arid.hpp"

#include <algorithm>

#include <clang/AST/ExprCXX.h>

#include "mlab/common/glob.hpp"

namespace mutator {
namespace {

// The stream an insertion chain `std::cout << a << b` starts from.
const clang::Expr* leftmost_stream(const clang::Expr* expr) {
    while (const auto* call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expr->IgnoreImplicit())) {
        if (call->getOperator() != clang::OO_LessLess || call->getNumArgs() == 0) {
            break;
        }
        expr = call->getArg(0);
    }
    return expr->IgnoreImplicit();
}

}  // namespace

std::vector<std::string> default_arid_names() {
    return {"printf", "fprintf", "puts", "fputs", "putchar", "perror", "std::printf", "std::fprintf",
            "std::puts", "std::fputs", "std::putchar", "std::perror", "fmt::print", "fmt::println",
            "spdlog::*", "syslog", "__assert_fail", "std::__throw_*",
            // Capacity hints: they change how much memory is held, never a value a test can see.
            "std::*::reserve", "std::*::shrink_to_fit", "std::*::rehash"};
}

std::vector<std::string> default_assertion_macros() {
    return {"assert", "DCHECK*", "*_DCHECK*", "*_ASSERT", "*_ASSERT_*", "ASSERT_DEBUG*", "*_DEBUG_ASSERT*"};
}

bool is_assertion_macro(std::string_view name, const OperatorSettings& settings) {
    const std::string text(name);
    return std::any_of(settings.assertion_macros.begin(), settings.assertion_macros.end(),
                       [&](const std::string& pattern) {
                           return mlab::glob_match(pattern, text, mlab::GlobStar::CrossesSlash);
                       });
}

bool is_arid_call(const clang::CallExpr& call, const OperatorContext& context) {
    if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&call);
        op != nullptr && op->getOperator() == clang::OO_LessLess && op->getNumArgs() > 0) {
        if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(leftmost_stream(op->getArg(0)))) {
            const std::string name = ref->getDecl()->getQualifiedNameAsString();
            if (name == "std::cout" || name == "std::cerr" || name == "std::clog") {
                return true;
            }
        }
    }
    const clang::FunctionDecl* callee = call.getDirectCallee();
    if (callee == nullptr) {
        return false;
    }
    const std::string qualified = callee->getQualifiedNameAsString();
    const std::string plain = callee->getNameAsString();
    for (const std::string& pattern : context.settings().arid_names) {
        if (mlab::glob_match(pattern, qualified, mlab::GlobStar::CrossesSlash) ||
            mlab::glob_match(pattern, plain, mlab::GlobStar::CrossesSlash)) {
            return true;
        }
    }
    return false;
}

}  // namespace mutator
