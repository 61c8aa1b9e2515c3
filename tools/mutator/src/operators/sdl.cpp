// SDL: statement deletion of calls whose result is unused.

#include <clang/AST/ExprCXX.h>
#include <clang/Lex/Lexer.h>

#include "mutator/arid.hpp"
#include "mutator/operator.hpp"

namespace mutator::operators {
namespace {

/// Deletes a statement that is only a call (a void call, or one whose result is ignored).
class StatementDeletion final : public MutationOperator {
  public:
    static constexpr FamilyInfo kFamily{"SDL", "statement deletion",
                                        "Something {function} should do no longer happens."};
    static constexpr RuleInfo kRules[] = {
        {"SDL.remove_call", "SDL", "a call statement whose result is unused is deleted", "items.clear();",
         ""},
    };

    const FamilyInfo& family() const override { return kFamily; }
    std::span<const RuleInfo> rules() const override { return kRules; }

    void collect(const clang::Stmt& stmt, const OperatorContext& context,
                 std::vector<Candidate>& out) const override {
        // Only statements directly in a block: deleting the body of an `if` would change what follows it.
        const auto* block = llvm::dyn_cast<clang::CompoundStmt>(&stmt);
        if (block == nullptr) {
            return;
        }
        for (const clang::Stmt* child : block->body()) {
            const auto* expr = llvm::dyn_cast<clang::Expr>(child);
            if (expr == nullptr) {
                continue;
            }
            const auto* call = llvm::dyn_cast<clang::CallExpr>(expr->IgnoreImplicit());
            if (call == nullptr || llvm::isa<clang::CXXOperatorCallExpr>(call) ||
                is_arid_call(*call, context)) {
                continue;
            }
            // The range runs through the ';' so that the whole statement goes.
            const clang::SourceLocation after_semicolon = clang::Lexer::findLocationAfterToken(
                child->getEndLoc(), clang::tok::semi, context.sources(), context.ast().getLangOpts(), false);
            if (after_semicolon.isInvalid()) {
                continue;
            }
            out.push_back(Candidate{
                &kRules[0], clang::CharSourceRange::getCharRange(child->getBeginLoc(), after_semicolon), "",
                child, Placement::Statement});
        }
    }
};

}  // namespace

const MutationOperator& sdl_operator() {
    static const StatementDeletion instance;
    return instance;
}

}  // namespace mutator::operators
