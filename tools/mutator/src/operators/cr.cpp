// CR: constant replacement.

#include <clang/AST/ExprCXX.h>
#include <clang/Lex/Lexer.h>

#include "mutator/operator.hpp"

namespace mutator::operators {
namespace {

/// Replaces an integer literal n with 0, 1, n+1 or n-1 (only the ones that differ), and swaps true/false.
class ConstantReplacement final : public MutationOperator {
  public:
    static constexpr FamilyInfo kFamily{"CR", "constant replacement",
                                        "Check the constant values {function} uses."};
    static constexpr RuleInfo kRules[] = {
        {"CR.int_to_zero", "CR", "an integer literal becomes 0", "limit = 10", "limit = 0"},
        {"CR.int_to_one", "CR", "an integer literal becomes 1", "limit = 10", "limit = 1"},
        {"CR.int_increment", "CR", "an integer literal n becomes n+1", "limit = 10", "limit = 11"},
        {"CR.int_decrement", "CR", "an integer literal n becomes n-1", "limit = 10", "limit = 9"},
        {"CR.true_to_false", "CR", "true becomes false", "return true", "return false"},
        {"CR.false_to_true", "CR", "false becomes true", "return false", "return true"},
    };

    const FamilyInfo& family() const override { return kFamily; }
    std::span<const RuleInfo> rules() const override { return kRules; }

    void collect(const clang::Stmt& stmt, const OperatorContext& context,
                 std::vector<Candidate>& out) const override {
        if (const auto* boolean = llvm::dyn_cast<clang::CXXBoolLiteralExpr>(&stmt)) {
            const bool value = boolean->getValue();
            out.push_back(Candidate{&kRules[value ? 4 : 5], context.token(boolean->getLocation()),
                                    value ? "false" : "true", boolean, Placement::Expression});
            return;
        }
        const auto* literal = llvm::dyn_cast<clang::IntegerLiteral>(&stmt);
        if (literal == nullptr || literal->getValue().getActiveBits() > 62) {
            return;
        }
        const std::string spelling = context.text(literal->getSourceRange());
        // Keep the suffix (u, l, ll, z ...) so that the literal keeps its type.
        const std::size_t suffix_at = spelling.find_last_not_of("uUlLzZ") + 1;
        const std::string suffix = spelling.substr(suffix_at);
        const bool is_unsigned = literal->getType()->isUnsignedIntegerType();
        const auto n = static_cast<std::int64_t>(literal->getValue().getZExtValue());

        std::vector<std::int64_t> seen{n};
        auto add = [&](int rule, std::int64_t value) {
            if (std::find(seen.begin(), seen.end(), value) != seen.end() || (value < 0 && is_unsigned)) {
                return;
            }
            seen.push_back(value);
            std::string text = std::to_string(value) + suffix;
            if (value < 0) {
                text = "(" + text + ")";
            }
            out.push_back(Candidate{&kRules[rule], context.token(literal->getLocation()), text, literal,
                                    Placement::Expression});
        };
        add(0, 0);
        add(1, 1);
        add(2, n + 1);
        add(3, n - 1);
    }
};

}  // namespace

const MutationOperator& cr_operator() {
    static const ConstantReplacement instance;
    return instance;
}

}  // namespace mutator::operators
