// UOD: unary operator deletion.

#include "mutator/operator.hpp"
#include "support.hpp"

namespace mutator::operators {
namespace {

/// Removes a logical negation or an arithmetic unary minus.
class UnaryOperatorDeletion final : public MutationOperator {
  public:
    static constexpr FamilyInfo kFamily{"UOD", "unary operator deletion",
                                        "Look for a negation in {function} that matters."};
    static constexpr RuleInfo kRules[] = {
        {"UOD.remove_not", "UOD", "a logical negation is removed", "!ready", "ready"},
        {"UOD.remove_minus", "UOD", "an arithmetic unary minus is removed", "-delta", "delta"},
    };

    const FamilyInfo& family() const override { return kFamily; }
    std::span<const RuleInfo> rules() const override { return kRules; }

    void collect(const clang::Stmt& stmt, const OperatorContext& context,
                 std::vector<Candidate>& out) const override {
        const auto* op = llvm::dyn_cast<clang::UnaryOperator>(&stmt);
        if (op == nullptr) {
            return;
        }
        const ValueKind operand = operand_kind(op->getSubExpr());
        if (op->getOpcode() == clang::UO_LNot && operand != ValueKind::Other) {
            // Scalars only: a class with an explicit operator bool would not convert without the '!'.
            out.push_back(
                Candidate{&kRules[0], context.token(op->getOperatorLoc()), "", op, Placement::Expression});
        } else if (op->getOpcode() == clang::UO_Minus &&
                   (operand == ValueKind::Integer || operand == ValueKind::Floating)) {
            out.push_back(
                Candidate{&kRules[1], context.token(op->getOperatorLoc()), "", op, Placement::Expression});
        }
    }
};

}  // namespace

const MutationOperator& uod_operator() {
    static const UnaryOperatorDeletion instance;
    return instance;
}

}  // namespace mutator::operators
