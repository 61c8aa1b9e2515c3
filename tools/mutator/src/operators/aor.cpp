// AOR: arithmetic operator replacement, plain and compound assignment.

#include "mutator/operator.hpp"
#include "support.hpp"

namespace mutator::operators {
namespace {

/// Swaps + with -, * with /, and % with /, in expressions and in compound assignments.
class ArithmeticOperatorReplacement final : public MutationOperator {
  public:
    static constexpr FamilyInfo kFamily{"AOR", "arithmetic operator replacement",
                                        "Check the arithmetic in {function}."};
    static constexpr RuleInfo kRules[] = {
        {"AOR.add_to_sub", "AOR", "addition becomes subtraction", "a + b", "a - b"},
        {"AOR.sub_to_add", "AOR", "subtraction becomes addition", "a - b", "a + b"},
        {"AOR.mul_to_div", "AOR", "multiplication becomes division", "a * b", "a / b"},
        {"AOR.div_to_mul", "AOR", "division becomes multiplication", "a / b", "a * b"},
        {"AOR.rem_to_div", "AOR", "remainder becomes division", "a % b", "a / b"},
        {"AOR.add_assign_to_sub_assign", "AOR", "compound addition becomes compound subtraction", "a += b",
         "a -= b"},
        {"AOR.sub_assign_to_add_assign", "AOR", "compound subtraction becomes compound addition", "a -= b",
         "a += b"},
        {"AOR.mul_assign_to_div_assign", "AOR", "compound multiplication becomes compound division", "a *= b",
         "a /= b"},
        {"AOR.div_assign_to_mul_assign", "AOR", "compound division becomes compound multiplication", "a /= b",
         "a *= b"},
        {"AOR.rem_assign_to_div_assign", "AOR", "compound remainder becomes compound division", "a %= b",
         "a /= b"},
    };

    const FamilyInfo& family() const override { return kFamily; }
    std::span<const RuleInfo> rules() const override { return kRules; }

    void collect(const clang::Stmt& stmt, const OperatorContext& context,
                 std::vector<Candidate>& out) const override {
        const auto* op = llvm::dyn_cast<clang::BinaryOperator>(&stmt);
        if (op == nullptr) {
            return;
        }
        const ValueKind lhs = operand_kind(op->getLHS());
        const ValueKind rhs = operand_kind(op->getRHS());
        const bool pointers = lhs == ValueKind::Pointer || rhs == ValueKind::Pointer;
        if (lhs == ValueKind::Other || rhs == ValueKind::Other) {
            return;
        }
        // x + 0, x - 0, x * 1, x / 1: the swapped operator gives the same value (equivalent mutants).
        const bool rhs_zero = is_integer_literal(op->getRHS(), 0);
        const bool rhs_one = is_integer_literal(op->getRHS(), 1);
        // 0 * x, x * 0, 0 / x, 0 % x: the swapped operator gives 0 again, or divides by zero (a crash, not a
        // bug a test can find).
        const bool zero_operand = is_zero_literal(op->getLHS()) || is_zero_literal(op->getRHS());
        auto add = [&](int rule, const char* replacement) {
            out.push_back(Candidate{&kRules[rule], context.token(op->getOperatorLoc()), replacement, op,
                                    Placement::Expression});
        };
        switch (op->getOpcode()) {
            case clang::BO_Add:
                // n + p has no n - p twin
                if (!rhs_zero && rhs != ValueKind::Pointer)
                    add(0, "-");
                break;
            case clang::BO_Sub:
                // pointer - pointer has no pointer + pointer twin; in a template either side may turn out to
                // be a pointer (an iterator), so a difference of two such values is left alone too
                if (!rhs_zero && !(may_be_pointer(lhs) && may_be_pointer(rhs)))
                    add(1, "+");
                break;
            case clang::BO_Mul:
                if (!pointers && !rhs_one && !zero_operand)
                    add(2, "/");
                break;
            case clang::BO_Div:
                if (!pointers && !rhs_one && !zero_operand)
                    add(3, "*");
                break;
            case clang::BO_Rem:
                if (!zero_operand)
                    add(4, "/");
                break;
            case clang::BO_AddAssign:
                if (!rhs_zero)
                    add(5, "-=");
                break;
            case clang::BO_SubAssign:
                if (!rhs_zero)
                    add(6, "+=");
                break;
            case clang::BO_MulAssign:
                if (!pointers && !rhs_one && !zero_operand)
                    add(7, "/=");
                break;
            case clang::BO_DivAssign:
                if (!pointers && !rhs_one && !zero_operand)
                    add(8, "*=");
                break;
            case clang::BO_RemAssign:
                if (!zero_operand)
                    add(9, "/=");
                break;
            default:
                break;
        }
    }
};

}  // namespace

const MutationOperator& aor_operator() {
    static const ArithmeticOperatorReplacement instance;
    return instance;
}

}  // namespace mutator::operators
