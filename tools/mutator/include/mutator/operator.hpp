#pragma once
// The interface every mutation operator implements, and the context it is given. An operator says WHAT
// to change (a source range and its replacement); placers decide how a change is compiled in.

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/Stmt.h>
#include <clang/Basic/SourceLocation.h>

#include "mutator/rules.hpp"
#include "mutator/site.hpp"

namespace mutator {

/// One mutant an operator proposes at a node.
struct Candidate {
    const RuleInfo* rule = nullptr;
    clang::CharSourceRange range;  // the replaced text
    std::string replacement;
    const clang::Stmt* node = nullptr;  // the expression or statement a schemata placer wraps
    Placement placement = Placement::Expression;
};

/// Settings operators read: string pairs for SLR, the arid call names, and the rules switched on.
struct OperatorSettings {
    std::vector<std::pair<std::string, std::string>> string_pairs;
    std::vector<std::string> arid_names;        // glob patterns over a callee's qualified or plain name
    std::vector<std::string> assertion_macros;  // glob patterns over a macro's name
    // `int count = 0;` in a class: off by default, as most are overwritten by every constructor or use
    // (docs/mutator.md has the figures); `mutator.yml`'s `default_member_initializers: true` turns them on.
    bool mutate_member_defaults = false;
    RuleSelection rules;
};

/// What an operator may look at besides the node: the AST, the enclosing function, the settings.
class OperatorContext {
  public:
    OperatorContext(clang::ASTContext& ast, const OperatorSettings& settings)
        : ast_(ast), settings_(settings) {}

    clang::ASTContext& ast() const { return ast_; }
    const clang::SourceManager& sources() const { return ast_.getSourceManager(); }
    const OperatorSettings& settings() const { return settings_; }
    const clang::FunctionDecl* function() const { return function_; }
    void set_function(const clang::FunctionDecl* function) { function_ = function; }

    /// The source text of a token range, as written.
    std::string text(clang::SourceRange range) const;
    /// The range of the single token at `loc`.
    clang::CharSourceRange token(clang::SourceLocation loc) const;

  private:
    clang::ASTContext& ast_;
    const OperatorSettings& settings_;
    const clang::FunctionDecl* function_ = nullptr;
};

/// A family of mutation rules (ROR, AOR, ...). Stateless; shared by every scan.
class MutationOperator {
  public:
    virtual ~MutationOperator() = default;
    virtual const FamilyInfo& family() const = 0;
    virtual std::span<const RuleInfo> rules() const = 0;
    /// Adds the mutants this operator proposes at `stmt` (any statement or expression of the scanned code).
    virtual void collect(const clang::Stmt& stmt, const OperatorContext& context,
                         std::vector<Candidate>& out) const = 0;
};

/// Every operator, in family order: the one table.
std::span<const MutationOperator* const> all_operators();

}  // namespace mutator
