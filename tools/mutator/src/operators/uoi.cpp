// UOI: unary increment and decrement swapped.

#include "mutator/operator.hpp"
#include "support.hpp"

namespace mutator::operators {
namespace {

/// Swaps ++ and -- (prefix and postfix).
class IncrementDecrementSwap final : public MutationOperator {
  public:
    static constexpr FamilyInfo kFamily{"UOI", "increment / decrement swap",
                                        "Check the increments and decrements in {function}."};
    static constexpr RuleInfo kRules[] = {
        {"UOI.inc_to_dec", "UOI", "an increment becomes a decrement (prefix or postfix)", "++i", "--i"},
        {"UOI.dec_to_inc", "UOI", "a decrement becomes an increment (prefix or postfix)", "i--", "i++"},
    };

    const FamilyInfo& family() const override { return kFamily; }
    std::span<const RuleInfo> rules() const override { return kRules; }

    void collect(const clang::Stmt& stmt, const OperatorContext& context,
                 std::vector<Candidate>& out) const override {
        const auto* op = llvm::dyn_cast<clang::UnaryOperator>(&stmt);
        if (op == nullptr || !op->isIncrementDecrementOp()) {
            return;
        }
        if (operand_kind(op->getSubExpr()) == ValueKind::Other) {
            return;  // class types may define only one of the two
        }
        const bool increment = op->isIncrementOp();
        out.push_back(Candidate{&kRules[increment ? 0 : 1], context.token(op->getOperatorLoc()),
                                increment ? "--" : "++", op, Placement::Expression});
    }
};

}  // namespace

const MutationOperator& uoi_operator() {
    static const IncrementDecrementSwap instance;
    return instance;
}

}  // namespace mutator::operators
