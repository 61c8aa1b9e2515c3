// LCR: logical connector replacement.

#include "mutator/operator.hpp"

namespace mutator::operators {
namespace {

/// Swaps && and || (built-in operators only).
class LogicalConnectorReplacement final : public MutationOperator {
  public:
    static constexpr FamilyInfo kFamily{"LCR", "logical connector replacement",
                                        "Look at how {function} combines its conditions."};
    static constexpr RuleInfo kRules[] = {
        {"LCR.and_to_or", "LCR", "logical and becomes logical or", "a && b", "a || b"},
        {"LCR.or_to_and", "LCR", "logical or becomes logical and", "a || b", "a && b"},
    };

    const FamilyInfo& family() const override { return kFamily; }
    std::span<const RuleInfo> rules() const override { return kRules; }

    void collect(const clang::Stmt& stmt, const OperatorContext& context,
                 std::vector<Candidate>& out) const override {
        const auto* op = llvm::dyn_cast<clang::BinaryOperator>(&stmt);
        if (op == nullptr || !op->isLogicalOp()) {
            return;
        }
        const bool is_and = op->getOpcode() == clang::BO_LAnd;
        out.push_back(Candidate{&kRules[is_and ? 0 : 1], context.token(op->getOperatorLoc()),
                                is_and ? "||" : "&&", op, Placement::Expression});
    }
};

}  // namespace

const MutationOperator& lcr_operator() {
    static const LogicalConnectorReplacement instance;
    return instance;
}

}  // namespace mutator::operators
