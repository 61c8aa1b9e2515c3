#pragma once
// Small helpers the operators share: what kind of value an operand is, and literal checks.

#include <clang/AST/Expr.h>
#include <clang/AST/Type.h>

namespace mutator::operators {

/// The kinds of operand that decide which mutants make sense (type-aware ROR/AOR).
enum class ValueKind { Bool, Integer, Floating, Pointer, Enum, Dependent, Other };

inline ValueKind value_kind(clang::QualType type) {
    type = type.getCanonicalType();
    if (type->isDependentType()) {
        return ValueKind::Dependent;
    }
    if (type->isBooleanType()) {
        return ValueKind::Bool;
    }
    if (type->isEnumeralType()) {
        return ValueKind::Enum;
    }
    if (type->isIntegerType()) {
        return ValueKind::Integer;
    }
    if (type->isRealFloatingType()) {
        return ValueKind::Floating;
    }
    if (type->isAnyPointerType() || type->isNullPtrType() || type->isMemberPointerType()) {
        return ValueKind::Pointer;
    }
    return ValueKind::Other;
}

/// A pointer, or a type a template is instantiated with (an iterator may be a pointer).
inline bool may_be_pointer(ValueKind kind) {
    return kind == ValueKind::Pointer || kind == ValueKind::Dependent;
}

/// The kind of an operand as written, before implicit conversions. A class converted by its own operator
/// (e.g. a smart pointer tested as a bool) counts as Other.
inline ValueKind operand_kind(const clang::Expr* expr) {
    while (true) {
        expr = expr->IgnoreParens();
        if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(expr)) {
            if (cast->getCastKind() == clang::CK_UserDefinedConversion) {
                return ValueKind::Other;
            }
            expr = cast->getSubExpr();
        } else if (const auto* cleanups = llvm::dyn_cast<clang::FullExpr>(expr)) {
            expr = cleanups->getSubExpr();
        } else {
            return value_kind(expr->getType());
        }
    }
}

/// True when `expr` is the integer literal `value` (parentheses and implicit casts aside).
inline bool is_integer_literal(const clang::Expr* expr, std::uint64_t value) {
    const auto* literal = llvm::dyn_cast<clang::IntegerLiteral>(expr->IgnoreParenImpCasts());
    return literal != nullptr && literal->getValue() == value;
}

/// A literal zero, integer or floating (`0`, `0u`, `0.0`).
inline bool is_zero_literal(const clang::Expr* expr) {
    const clang::Expr* bare = expr->IgnoreParenImpCasts();
    if (const auto* floating = llvm::dyn_cast<clang::FloatingLiteral>(bare)) {
        return floating->getValue().isZero();
    }
    return is_integer_literal(expr, 0);
}

}  // namespace mutator::operators
