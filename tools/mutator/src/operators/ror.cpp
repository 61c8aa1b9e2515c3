// ROR: relational operator replacement, type-aware.

#include <clang/AST/ExprCXX.h>

#include "mutator/operator.hpp"
#include "support.hpp"

namespace mutator::operators {
namespace {

using clang::BinaryOperatorKind;

/// Replaces a comparison with its boundary twin or its negation; fewer mutants where the rest is meaningless.
class RelationalOperatorReplacement final : public MutationOperator {
  public:
    static constexpr FamilyInfo kFamily{"ROR", "relational operator replacement",
                                        "Look at how {function} compares values, especially at the edges."};
    static constexpr RuleInfo kRules[] = {
        {"ROR.lt_to_le", "ROR", "boundary: less-than becomes less-or-equal", "a < b", "a <= b"},
        {"ROR.lt_to_ge", "ROR", "negation: less-than becomes greater-or-equal", "a < b", "a >= b"},
        {"ROR.le_to_lt", "ROR", "boundary: less-or-equal becomes less-than", "a <= b", "a < b"},
        {"ROR.le_to_gt", "ROR", "negation: less-or-equal becomes greater-than", "a <= b", "a > b"},
        {"ROR.gt_to_ge", "ROR", "boundary: greater-than becomes greater-or-equal", "a > b", "a >= b"},
        {"ROR.gt_to_le", "ROR", "negation: greater-than becomes less-or-equal", "a > b", "a <= b"},
        {"ROR.ge_to_gt", "ROR", "boundary: greater-or-equal becomes greater-than", "a >= b", "a > b"},
        {"ROR.ge_to_lt", "ROR", "negation: greater-or-equal becomes less-than", "a >= b", "a < b"},
        {"ROR.eq_to_ne", "ROR", "negation: equal becomes not-equal (also on pointers, enums, floats, bools)",
         "a == b", "a != b"},
        {"ROR.ne_to_eq", "ROR", "negation: not-equal becomes equal (also on pointers, enums, floats, bools)",
         "a != b", "a == b"},
    };

    const FamilyInfo& family() const override { return kFamily; }
    std::span<const RuleInfo> rules() const override { return kRules; }

    void collect(const clang::Stmt& stmt, const OperatorContext& context,
                 std::vector<Candidate>& out) const override {
        if (const auto* op = llvm::dyn_cast<clang::BinaryOperator>(&stmt)) {
            if (op->isComparisonOp()) {
                propose(op->getOpcode(), operand_kind(op->getLHS()), operand_kind(op->getRHS()),
                        op->getOperatorLoc(), op, context, out);
            }
            return;
        }
        // Overloaded == and != (strings, iterators, user types): only the swap, which needs both to exist.
        if (const auto* call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&stmt)) {
            const auto kind = call->getOperator();
            if (kind == clang::OO_EqualEqual || kind == clang::OO_ExclaimEqual) {
                propose(kind == clang::OO_EqualEqual ? clang::BO_EQ : clang::BO_NE, ValueKind::Other,
                        ValueKind::Other, call->getOperatorLoc(), call, context, out);
            }
        }
    }

  private:
    static void propose(BinaryOperatorKind opcode, ValueKind lhs, ValueKind rhs, clang::SourceLocation where,
                        const clang::Expr* node, const OperatorContext& context,
                        std::vector<Candidate>& out) {
        const bool equality = opcode == clang::BO_EQ || opcode == clang::BO_NE;
        const auto has = [&](ValueKind kind) { return lhs == kind || rhs == kind; };
        if (!equality && has(ValueKind::Bool)) {
            return;  // ordering on bools is rare and its mutants are mostly equivalent
        }
        if (has(ValueKind::Other) && !equality) {
            return;  // class types: only == / != are known to exist
        }
        // Boundary mutants on floats, pointers and enums are nearly always equivalent or meaningless.
        const bool boundary_ok =
            !has(ValueKind::Floating) && !has(ValueKind::Pointer) && !has(ValueKind::Enum);
        auto add = [&](int rule, const char* replacement) {
            out.push_back(
                Candidate{&kRules[rule], context.token(where), replacement, node, Placement::Expression});
        };
        switch (opcode) {
            case clang::BO_LT:
                if (boundary_ok)
                    add(0, "<=");
                add(1, ">=");
                break;
            case clang::BO_LE:
                if (boundary_ok)
                    add(2, "<");
                add(3, ">");
                break;
            case clang::BO_GT:
                if (boundary_ok)
                    add(4, ">=");
                add(5, "<=");
                break;
            case clang::BO_GE:
                if (boundary_ok)
                    add(6, ">");
                add(7, "<");
                break;
            case clang::BO_EQ:
                add(8, "!=");
                break;
            case clang::BO_NE:
                add(9, "==");
                break;
            default:
                break;
        }
    }
};

}  // namespace

const MutationOperator& ror_operator() {
    static const RelationalOperatorReplacement instance;
    return instance;
}

}  // namespace mutator::operators
