// RVR: return value replacement.

#include <clang/AST/DeclCXX.h>
#include <clang/AST/ExprCXX.h>
#include <clang/Lex/Lexer.h>

#include "mutator/operator.hpp"
#include "support.hpp"

namespace mutator::operators {
namespace {

bool is_zero_aggregate(const clang::InitListExpr& list);

bool is_string_type(clang::QualType type) {
    const auto* record = type.getCanonicalType()->getAsCXXRecordDecl();
    if (record == nullptr) {
        return false;
    }
    const std::string name = record->getQualifiedNameAsString();
    return name == "std::basic_string" || name == "std::basic_string_view" ||
           name == "std::__cxx11::basic_string";
}

// Arguments written by the caller, without the defaulted ones (std::string(const char*, const Alloc& = {})).
std::vector<const clang::Expr*> written_arguments(const clang::CXXConstructExpr& construct) {
    std::vector<const clang::Expr*> arguments;
    for (const clang::Expr* argument : construct.arguments()) {
        if (!llvm::isa<clang::CXXDefaultArgExpr>(argument)) {
            arguments.push_back(argument);
        }
    }
    return arguments;
}

/// A value `{}` would make too: 0, 0.0, false, nullptr, '\0', or a braced list of these (fields left out
/// are value-initialized) of a type none of whose fields has a default member initializer (`{}` would
/// give that field its default, the list gives it 0).
bool is_zero_value(const clang::Expr* expr) {
    expr = expr->IgnoreParenImpCasts();
    if (llvm::isa<clang::ImplicitValueInitExpr>(expr) || llvm::isa<clang::CXXNullPtrLiteralExpr>(expr)) {
        return true;
    }
    if (const auto* integer = llvm::dyn_cast<clang::IntegerLiteral>(expr)) {
        return integer->getValue() == 0;
    }
    if (const auto* floating = llvm::dyn_cast<clang::FloatingLiteral>(expr)) {
        return floating->getValue().isPosZero();
    }
    if (const auto* boolean = llvm::dyn_cast<clang::CXXBoolLiteralExpr>(expr)) {
        return !boolean->getValue();
    }
    if (const auto* character = llvm::dyn_cast<clang::CharacterLiteral>(expr)) {
        return character->getValue() == 0;
    }
    if (const auto* list = llvm::dyn_cast<clang::InitListExpr>(expr)) {
        return is_zero_aggregate(*list);
    }
    return false;
}

bool is_zero_aggregate(const clang::InitListExpr& list) {
    if (const auto* record = list.getType()->getAsCXXRecordDecl()) {
        for (const clang::FieldDecl* field : record->fields()) {
            if (field->hasInClassInitializer()) {
                return false;
            }
        }
    }
    for (const clang::Expr* init : list.inits()) {
        if (!is_zero_value(init)) {
            return false;
        }
    }
    return true;
}

/// True when `expr` already is the default the rule would return (a mutant equal to the original).
bool is_default_already(const clang::Expr* expr, std::string_view replacement) {
    const clang::Expr* bare = expr->IgnoreImplicit()->IgnoreParens();
    while (bare != expr) {
        expr = bare;
        bare = expr->IgnoreImplicit()->IgnoreParens();
    }
    if (const auto* boolean = llvm::dyn_cast<clang::CXXBoolLiteralExpr>(expr)) {
        return !boolean->getValue() && replacement == "false";
    }
    if (const auto* integer = llvm::dyn_cast<clang::IntegerLiteral>(expr)) {
        return integer->getValue() == 0 && replacement == "0";
    }
    if (const auto* floating = llvm::dyn_cast<clang::FloatingLiteral>(expr)) {
        return floating->getValue().isPosZero() && replacement == "0";
    }
    if (const auto* character = llvm::dyn_cast<clang::CharacterLiteral>(expr)) {
        return character->getValue() == 0 && replacement == "0";
    }
    // std::nullopt: an empty optional, as `{}` is.
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
        return ref->getDecl()->getQualifiedNameAsString() == "std::nullopt" && replacement == "{}";
    }
    if (llvm::isa<clang::CXXNullPtrLiteralExpr>(expr) || llvm::isa<clang::GNUNullExpr>(expr)) {
        return replacement == "nullptr";
    }
    if (const auto* text = llvm::dyn_cast<clang::StringLiteral>(expr)) {
        return text->getLength() == 0;
    }
    if (const auto* list = llvm::dyn_cast<clang::InitListExpr>(expr)) {
        return list->getNumInits() == 0 || (replacement == "{}" && is_zero_aggregate(*list));
    }
    if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr)) {
        const auto arguments = written_arguments(*construct);
        return arguments.empty() || (arguments.size() == 1 && is_default_already(arguments[0], replacement));
    }
    if (const auto* cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(expr)) {
        return is_default_already(cast->getSubExpr(), replacement);
    }
    return false;
}

/// Replaces the value of a `return` with the return type's default.
class ReturnValueReplacement final : public MutationOperator {
  public:
    static constexpr FamilyInfo kFamily{"RVR", "return value replacement", "Check what {function} returns."};
    static constexpr RuleInfo kRules[] = {
        {"RVR.to_zero", "RVR", "a returned number becomes 0", "return total;", "return 0;"},
        {"RVR.to_false", "RVR", "a returned bool becomes false", "return found;", "return false;"},
        {"RVR.to_nullptr", "RVR", "a returned pointer becomes nullptr", "return node;", "return nullptr;"},
        {"RVR.to_empty_string", "RVR", "a returned string becomes empty", "return name;", "return \"\";"},
        {"RVR.to_default", "RVR", "a returned object becomes a default-constructed one", "return items;",
         "return {};"},
    };

    const FamilyInfo& family() const override { return kFamily; }
    std::span<const RuleInfo> rules() const override { return kRules; }

    void collect(const clang::Stmt& stmt, const OperatorContext& context,
                 std::vector<Candidate>& out) const override {
        const auto* ret = llvm::dyn_cast<clang::ReturnStmt>(&stmt);
        const clang::FunctionDecl* function = context.function();
        if (ret == nullptr || ret->getRetValue() == nullptr || function == nullptr) {
            return;
        }
        const clang::QualType type = function->getReturnType();
        if (type->isVoidType() || type->isReferenceType() || type->isDependentType() ||
            type->getContainedDeducedType() != nullptr) {
            return;
        }
        int rule = -1;
        const char* replacement = nullptr;
        switch (value_kind(type)) {
            case ValueKind::Bool:
                rule = 1, replacement = "false";
                break;
            case ValueKind::Integer:
            case ValueKind::Floating:
                rule = 0, replacement = "0";
                break;
            case ValueKind::Pointer:
                rule = 2, replacement = "nullptr";
                break;
            case ValueKind::Enum:
                rule = 4, replacement = "{}";
                break;
            case ValueKind::Other:
                if (is_string_type(type)) {
                    rule = 3, replacement = "\"\"";
                } else if (const auto* record = type->getAsCXXRecordDecl();
                           record != nullptr && record->hasDefinition() && record->hasDefaultConstructor()) {
                    rule = 4, replacement = "{}";
                }
                break;
            case ValueKind::Dependent:
                break;
        }
        const clang::Expr* value = ret->getRetValue();
        if (rule < 0 || is_default_already(value, replacement)) {
            return;
        }
        // A `return` is compiled in as a statement: `{}` cannot stand in a conditional expression.
        const clang::SourceLocation after_semicolon = clang::Lexer::findLocationAfterToken(
            ret->getEndLoc(), clang::tok::semi, context.sources(), context.ast().getLangOpts(), false);
        if (after_semicolon.isInvalid()) {
            return;
        }
        Candidate candidate{&kRules[rule], clang::CharSourceRange::getTokenRange(value->getSourceRange()),
                            replacement, ret, Placement::Statement};
        out.push_back(candidate);
    }
};

}  // namespace

const MutationOperator& rvr_operator() {
    static const ReturnValueReplacement instance;
    return instance;
}

}  // namespace mutator::operators
