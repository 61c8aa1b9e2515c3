// SLR: string literal replacement from configured pairs.

#include <clang/AST/Expr.h>

#include "mutator/operator.hpp"

namespace mutator::operators {
namespace {

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

/// Replaces a string literal whose text is configured (e.g. "created_at" -> "timestamp").
class StringLiteralReplacement final : public MutationOperator {
  public:
    static constexpr FamilyInfo kFamily{"SLR", "string literal replacement",
                                        "Check the names and keys {function} spells out."};
    static constexpr RuleInfo kRules[] = {
        {"SLR.configured_pair", "SLR", "a string literal becomes its configured replacement (string_pairs)",
         "row[\"created_at\"]", "row[\"timestamp\"]"},
    };

    const FamilyInfo& family() const override { return kFamily; }
    std::span<const RuleInfo> rules() const override { return kRules; }

    void collect(const clang::Stmt& stmt, const OperatorContext& context,
                 std::vector<Candidate>& out) const override {
        const auto* literal = llvm::dyn_cast<clang::StringLiteral>(&stmt);
        if (literal == nullptr || !literal->isOrdinary()) {
            return;
        }
        const llvm::StringRef value = literal->getString();
        for (const auto& [from, to] : context.settings().string_pairs) {
            if (value == from) {
                out.push_back(Candidate{&kRules[0],
                                        clang::CharSourceRange::getTokenRange(literal->getSourceRange()),
                                        quoted(to), literal, Placement::Expression});
            }
        }
    }
};

}  // namespace

const MutationOperator& slr_operator() {
    static const StringLiteralReplacement instance;
    return instance;
}

}  // namespace mutator::operators
