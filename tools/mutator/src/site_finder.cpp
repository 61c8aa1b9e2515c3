#include "mutator/site_finder.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <tuple>
#include <unordered_map>

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/Lexer.h>
#include <clang/Lex/MacroInfo.h>
#include <clang/Lex/Preprocessor.h>
#include <clang/Tooling/ArgumentsAdjusters.h>
#include <clang/Tooling/Tooling.h>

#include <unistd.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"
#include "mlab/common/text.hpp"
#include "mutator/arid.hpp"
#include "mutator/suppression.hpp"

#ifndef MUTATOR_CLANG_RESOURCE_DIR
#error "MUTATOR_CLANG_RESOURCE_DIR must name clang's resource directory"
#endif

namespace mutator {
namespace fs = std::filesystem;
namespace {

// A site before ids are given: the id needs every site of its function first.
struct FoundSite {
    MutationSite site;
    std::string function_key;  // qualified name with parameter types: tells overloads apart
    std::string node_text;
};

// What the scan of every translation unit adds to.
struct ScanState {
    const ProjectScope& scope;
    const FinderOptions& options;
    std::set<std::string> scanned;  // in-scope files already scanned by an earlier translation unit
    std::set<std::tuple<std::string, std::uint32_t, std::uint32_t, std::string, std::string>> seen;
    std::vector<FoundSite> sites;
    std::map<std::string, std::size_t> skipped;
    std::size_t translation_units = 0;
    std::set<std::string> production_files;  // in-scope files some unit that is not test code includes
};

std::string function_key(const clang::FunctionDecl& function) {
    std::string key = function.getQualifiedNameAsString() + "(";
    for (const clang::ParmVarDecl* parameter : function.parameters()) {
        key += parameter->getType().getAsString() + ",";
    }
    return key + ")";
}

// Whether `text` includes a test framework's header (googletest, Catch2, doctest, Boost.Test); gtest_prod.h,
// which production code includes for FRIEND_TEST, is not one.
bool includes_test_framework(llvm::StringRef text) {
    static const std::regex kFramework(
        R"(#\s*include\s*[<"](gtest/gtest\.h|gmock/gmock\.h|catch2/|catch\.hpp|doctest|boost/test/))");
    return std::regex_search(text.begin(), text.end(), kFramework);
}

// Walks one translation unit's in-scope code, runs the operators on every statement, and records sites.
class SiteVisitor : public clang::RecursiveASTVisitor<SiteVisitor> {
    using Base = clang::RecursiveASTVisitor<SiteVisitor>;

  public:
    SiteVisitor(clang::ASTContext& ast, ScanState& state, clang::Preprocessor* preprocessor)
        : ast_(ast),
          sources_(ast.getSourceManager()),
          state_(state),
          context_(ast, state.options.settings),
          preprocessor_(preprocessor) {
        if (!state.options.test_units.empty()) {
            // A test unit: built only into test programs, and written against a test framework (a unit
            // built only into a test program that does not include one is the code under test, compiled
            // straight into the test program, as googletest's samples are).
            const clang::FileEntry* main = sources_.getFileEntryForID(sources_.getMainFileID());
            unit_is_test_code_ =
                main != nullptr &&
                state.options.test_units.count(
                    mlab::canonical_or_same(main->tryGetRealPathName().str()).string()) > 0 &&
                includes_test_framework(sources_.getBufferData(sources_.getMainFileID()));
        }
        for (const MutationOperator* op : all_operators()) {
            for (const RuleInfo& rule : op->rules()) {
                if (state.options.settings.rules.enabled(rule.name)) {
                    operators_.push_back(op);
                    break;
                }
            }
        }
    }

    bool shouldVisitTemplateInstantiations() const { return false; }
    bool shouldVisitImplicitCode() const { return false; }

    /// The root-relative path of the file holding `loc` when it is to be scanned in this translation unit.
    const std::string* file_in_scope(clang::SourceLocation loc) {
        if (loc.isInvalid()) {
            return nullptr;
        }
        const clang::FileID id = sources_.getFileID(sources_.getExpansionLoc(loc));
        auto [it, inserted] = files_.try_emplace(id.getHashValue());
        if (inserted) {
            const clang::FileEntry* entry = sources_.getFileEntryForID(id);
            if (entry != nullptr && !sources_.isInSystemHeader(sources_.getExpansionLoc(loc))) {
                std::string path = entry->tryGetRealPathName().str();
                if (path.empty()) {
                    path = fs::absolute(entry->getName().str()).lexically_normal().string();
                }
                if (auto rel = state_.scope.relative_if_in_scope(path)) {
                    if (!unit_is_test_code_) {
                        state_.production_files.insert(*rel);
                    }
                    if (!state_.scanned.count(*rel)) {
                        it->second = *rel;
                        this_unit_.insert(*rel);
                    }
                }
            }
        }
        return it->second ? &*it->second : nullptr;
    }

    const std::set<std::string>& files_of_this_unit() const { return this_unit_; }

    bool TraverseDecl(clang::Decl* decl) {
        if (decl == nullptr) {
            return true;
        }
        if (llvm::isa<clang::TranslationUnitDecl>(decl)) {
            return Base::TraverseDecl(decl);
        }
        if (decl->isImplicit() || file_in_scope(decl->getLocation()) == nullptr) {
            return true;
        }
        const char* reason = nullptr;
        const auto* var = llvm::dyn_cast<clang::VarDecl>(decl);
        if (llvm::isa<clang::StaticAssertDecl>(decl)) {
            reason = "static_assert";
        } else if (var != nullptr && var->isConstexpr()) {
            reason = "constexpr";
        } else if (var != nullptr && initializer_is_folded(*var)) {
            reason = "constant initializer";
        } else if (llvm::isa<clang::EnumDecl>(decl)) {
            reason = "constant expression";
        } else if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(decl);
                   field != nullptr && field->hasInClassInitializer() &&
                   !context_.settings().mutate_member_defaults) {
            reason = "default member initializer";
        }
        const auto* function = llvm::dyn_cast<clang::FunctionDecl>(decl);
        if (function != nullptr) {
            if (function->isDefaulted() || function->isDeleted()) {
                return true;
            }
            if (function->isConsteval()) {
                reason = "consteval";
            }
        }
        SkipScope skip(*this, reason);
        if (function != nullptr && function->doesThisDeclarationHaveABody()) {
            const clang::FunctionDecl* saved_named = named_function_;
            const clang::FunctionDecl* saved_return = context_.function();
            const BodyRange saved_body = body_;
            const bool outermost = !in_function_;
            if (outermost) {
                body_ = duplicable_body(*function);
                in_function_ = true;
            }
            named_function_ = function;
            context_.set_function(function);
            const bool result = Base::TraverseDecl(decl);
            named_function_ = saved_named;
            context_.set_function(saved_return);
            if (outermost) {
                body_ = saved_body;
                in_function_ = false;
            }
            return result;
        }
        return Base::TraverseDecl(decl);
    }

    // One parameter: this turns off RecursiveASTVisitor's data recursion, so parents_ is the real chain.
    bool TraverseStmt(clang::Stmt* stmt) {
        if (stmt == nullptr) {
            return true;
        }
        SkipScope skip(*this, skip_reason_for(*stmt));
        visit(*stmt);
        parents_.push_back(stmt);
        const bool result = Base::TraverseStmt(stmt);
        parents_.pop_back();
        return result;
    }

    bool TraverseLambdaExpr(clang::LambdaExpr* lambda, DataRecursionQueue* queue = nullptr) {
        const clang::FunctionDecl* saved = context_.function();
        context_.set_function(lambda->getCallOperator());
        const bool result = Base::TraverseLambdaExpr(lambda, queue);
        context_.set_function(saved);
        return result;
    }

    bool TraverseTemplateArgumentLoc(const clang::TemplateArgumentLoc& argument) {
        SkipScope skip(*this, "template argument");
        return Base::TraverseTemplateArgumentLoc(argument);
    }
    bool TraverseDecltypeTypeLoc(clang::DecltypeTypeLoc type) {
        SkipScope skip(*this, "unevaluated operand");
        return Base::TraverseDecltypeTypeLoc(type);
    }
    bool TraverseConstantArrayTypeLoc(clang::ConstantArrayTypeLoc type) {
        SkipScope skip(*this, "array bound");
        return Base::TraverseConstantArrayTypeLoc(type);
    }
    bool TraverseVariableArrayTypeLoc(clang::VariableArrayTypeLoc type) {
        SkipScope skip(*this, "array bound");
        return Base::TraverseVariableArrayTypeLoc(type);
    }
    bool TraverseDependentSizedArrayTypeLoc(clang::DependentSizedArrayTypeLoc type) {
        SkipScope skip(*this, "array bound");
        return Base::TraverseDependentSizedArrayTypeLoc(type);
    }
    bool TraverseAttr(clang::Attr* attribute) {
        SkipScope skip(*this, "attribute");
        return Base::TraverseAttr(attribute);
    }

  private:
    // Whether the compiler computes `var`'s initializer while compiling: a constant initialization of a
    // variable with static storage (a table, `const size_t kBase = 20;` at namespace scope) or a const
    // integral local usable in constant expressions. Its run-time switch would be folded to the original
    // (mlab_mut_on is false while the compiler evaluates a constant), so its mutants could never be active.
    bool initializer_is_folded(const clang::VarDecl& var) const {
        const clang::Expr* init = var.getInit();
        if (init == nullptr || var.getType()->isDependentType() || init->isValueDependent()) {
            return false;
        }
        if (var.hasGlobalStorage()) {
            return var.hasConstantInitialization();
        }
        return var.isUsableInConstantExpressions(ast_);
    }

    // The arithmetic type `stmt` is converted to as an element of a braced initializer ({...}), when it
    // differs from its own type: there a value that is not a constant narrows, which is an error.
    clang::QualType braced_element_type(const clang::Stmt& stmt) const {
        const clang::Stmt* element = &stmt;
        for (auto it = parents_.rbegin(); it != parents_.rend(); ++it) {
            const clang::Stmt* parent = *it;
            if (llvm::isa<clang::ImplicitCastExpr>(parent) || llvm::isa<clang::ParenExpr>(parent)) {
                element = parent;
                continue;
            }
            const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(parent);
            const auto* list = llvm::dyn_cast<clang::InitListExpr>(parent);
            if (list == nullptr && (construct == nullptr || !construct->isListInitialization())) {
                return {};
            }
            const auto* own = llvm::dyn_cast<clang::Expr>(&stmt);
            const auto* converted = llvm::dyn_cast<clang::Expr>(element);
            // The visitor walks a list's elements as written (its syntactic form); their conversions are in
            // the semantic form, at the same place.
            const clang::InitListExpr* syntactic = nullptr;
            const clang::InitListExpr* semantic = nullptr;
            if (list != nullptr) {
                syntactic = list->isSemanticForm() ? list->getSyntacticForm() : list;
                semantic = list->isSemanticForm() ? list : list->getSemanticForm();
            }
            if (syntactic != nullptr && semantic != nullptr && syntactic != semantic) {
                converted = nullptr;
                for (unsigned i = 0; i < syntactic->getNumInits(); ++i) {
                    if (syntactic->getInit(i) == element &&
                        semantic->getNumInits() == syntactic->getNumInits()) {
                        converted = semantic->getInit(i);
                    }
                }
            }
            if (own == nullptr || converted == nullptr || converted->getType()->isDependentType() ||
                !converted->getType()->isArithmeticType()) {
                return {};
            }
            const clang::QualType target = converted->getType().getCanonicalType().getUnqualifiedType();
            return target == own->getType().getCanonicalType().getUnqualifiedType() ? clang::QualType()
                                                                                    : target;
        }
        return {};
    }

    // Whether `value` (a CR replacement such as "(-1)" or "256u") fits `type` as a constant in a braced
    // initializer: a constant that does not fit is a narrowing error, a mutant that cannot compile.
    bool constant_fits(const std::string& replacement, clang::QualType type) const {
        if (!type->isIntegerType() || type->isBooleanType()) {
            return true;
        }
        std::string digits;
        for (const char c : replacement) {
            if (c == '-' || (c >= '0' && c <= '9')) {
                digits += c;
            } else if (c != '(' && c != ')') {
                break;
            }
        }
        if (digits.empty() || digits == "-") {
            return true;  // not a number: true/false, or another operator's text
        }
        const long long value = std::stoll(digits);
        const unsigned width = static_cast<unsigned>(ast_.getTypeSize(type));
        if (type->isUnsignedIntegerType()) {
            return value >= 0 && (width >= 63 || static_cast<unsigned long long>(value) < (1ULL << width));
        }
        const long long limit = width >= 64 ? LLONG_MAX : (1LL << (width - 1)) - 1;
        return value <= limit && value >= -limit - 1;
    }

    // Whether the macro argument at `loc` (code written inside a macro call) is pasted with ## or turned
    // into a string with # by the macro: a rewritten argument would then paste or read differently, or
    // not compile at all.
    bool pasted_or_stringized_argument(clang::SourceLocation loc) const {
        if (!loc.isMacroID() || preprocessor_ == nullptr) {
            return false;
        }
        const clang::CharSourceRange call = sources_.getExpansionRange(loc);
        const clang::SourceLocation spelled = sources_.getSpellingLoc(loc);
        const auto [call_file, call_begin] = sources_.getDecomposedLoc(call.getBegin());
        const auto [spelled_file, spelled_at] = sources_.getDecomposedLoc(spelled);
        if (call_file != spelled_file) {
            return false;
        }
        // The outermost macro call NAME(args...) as written: which argument holds the site.
        const llvm::StringRef buffer = sources_.getBufferData(call_file);
        const unsigned call_end = sources_.getDecomposedLoc(call.getEnd()).second;
        const std::size_t open = buffer.find('(', call_begin);
        if (open == llvm::StringRef::npos || open >= call_end || spelled_at <= open ||
            spelled_at >= call_end) {
            return false;
        }
        const llvm::StringRef macro_name = buffer.substr(call_begin, open - call_begin).trim();
        unsigned argument = 0;
        int depth = 0;
        for (std::size_t i = open + 1; i < spelled_at; ++i) {
            const char c = buffer[i];
            depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
            if (c == ',' && depth == 0) {
                ++argument;
            }
        }
        clang::IdentifierInfo* identifier = preprocessor_->getIdentifierInfo(macro_name);
        const clang::MacroDefinition definition =
            preprocessor_->getMacroDefinitionAtLoc(identifier, call.getBegin());
        const clang::MacroInfo* macro = definition.getMacroInfo();
        if (macro == nullptr || !macro->isFunctionLike() || macro->getNumParams() == 0) {
            return false;
        }
        const unsigned index = std::min(argument, macro->getNumParams() - 1);
        const clang::IdentifierInfo* parameter = macro->params()[index];
        const auto tokens = macro->tokens();
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (tokens[i].getIdentifierInfo() != parameter) {
                continue;
            }
            const bool after_hash =
                i > 0 && (tokens[i - 1].is(clang::tok::hash) || tokens[i - 1].is(clang::tok::hashat) ||
                          tokens[i - 1].is(clang::tok::hashhash));
            const bool before_paste = i + 1 < tokens.size() && tokens[i + 1].is(clang::tok::hashhash);
            if (after_hash || before_paste) {
                return true;
            }
        }
        return false;
    }

    // Marks the sites found while it lives as skipped for `reason` (the outermost reason wins).
    class SkipScope {
      public:
        SkipScope(SiteVisitor& visitor, const char* reason)
            : visitor_(visitor), saved_(visitor.skip_reason_) {
            if (reason != nullptr && visitor_.skip_reason_ == nullptr) {
                visitor_.skip_reason_ = reason;
            }
        }
        ~SkipScope() { visitor_.skip_reason_ = saved_; }
        SkipScope(const SkipScope&) = delete;
        SkipScope& operator=(const SkipScope&) = delete;

      private:
        SiteVisitor& visitor_;
        const char* saved_;
    };

    // Code written in an assertion macro's argument (`assert(i < n)`, `DCHECK_LT(i, n)`), at any depth of
    // macro arguments passed on.
    bool in_assertion(const clang::Stmt& stmt) const {
        const clang::SourceManager& sources = context_.sources();
        clang::SourceLocation location = stmt.getBeginLoc();
        while (location.isMacroID()) {
            if (sources.isMacroArgExpansion(location) &&
                is_assertion_macro(clang::Lexer::getImmediateMacroName(location, sources, ast_.getLangOpts()),
                                   context_.settings())) {
                return true;
            }
            location = sources.getImmediateMacroCallerLoc(location);
        }
        return false;
    }

    const char* skip_reason_for(const clang::Stmt& stmt) const {
        if (in_assertion(stmt)) {
            return "assertion";
        }
        if (!parents_.empty()) {
            if (const auto* label = llvm::dyn_cast<clang::CaseStmt>(parents_.back());
                label != nullptr && (&stmt == label->getLHS() || &stmt == label->getRHS())) {
                return "case label";
            }
        }
        if (llvm::isa<clang::ConstantExpr>(stmt)) {
            return "constant expression";
        }
        if (llvm::isa<clang::UnaryExprOrTypeTraitExpr>(stmt) || llvm::isa<clang::CXXNoexceptExpr>(stmt)) {
            return "unevaluated operand";
        }
        if (const auto* type_id = llvm::dyn_cast<clang::CXXTypeidExpr>(&stmt);
            type_id != nullptr && !type_id->isPotentiallyEvaluated()) {
            return "unevaluated operand";
        }
        if (const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
            call != nullptr && is_arid_call(*call, context_)) {
            return "arid call";
        }
        if (const auto* expr = llvm::dyn_cast<clang::Expr>(&stmt); expr != nullptr && !parents_.empty()) {
            // An argument a builtin needs as a constant (__builtin_expect's 2nd, __builtin_prefetch's 3rd):
            // a run-time switch there does not compile.
            std::size_t up = parents_.size();
            while (up > 1 && llvm::isa<clang::ImplicitCastExpr>(parents_[up - 1])) {
                --up;
            }
            const clang::Stmt* holder = parents_[up - 1];
            if (const auto* call = llvm::dyn_cast<clang::CallExpr>(holder);
                call != nullptr && call->getBuiltinCallee() != 0 && &stmt != call->getCallee() &&
                !expr->isValueDependent() && !expr->getType()->isDependentType() &&
                expr->isIntegerConstantExpr(ast_)) {
                return "constant argument of a builtin";
            }
            // 0 in a template, where the type it meets may be a pointer: 1 would not compile there.
            if (const auto* literal = llvm::dyn_cast<clang::IntegerLiteral>(&stmt);
                literal != nullptr && literal->getValue() == 0 && context_.function() != nullptr &&
                context_.function()->isDependentContext() && !in_arithmetic(parents_.back())) {
                return "0 in a template (may be a null pointer)";
            }
        }
        if (!parents_.empty()) {
            if (const auto* branch = llvm::dyn_cast<clang::IfStmt>(parents_.back());
                branch != nullptr && branch->isConstexpr() && &stmt == branch->getCond()) {
                return "constexpr";
            }
            // 0 used as a null pointer: 1 would not compile.
            if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parents_.back());
                cast != nullptr && cast->getCastKind() == clang::CK_NullToPointer) {
                return "null pointer constant";
            }
        }
        return nullptr;
    }

    // The body the schemata may copy: a plain { } written in one file (not a macro's), with no label (a
    // second copy would define it twice) and no asm (its symbols too), in a function that is not constexpr
    // (a C++11 constexpr body is one return statement) and not a coroutine.
    struct BodyRange {
        clang::FileID file;
        std::uint32_t begin = 0, end = 0;
    };
    BodyRange duplicable_body(const clang::FunctionDecl& function) const {
        const auto* body = llvm::dyn_cast_or_null<clang::CompoundStmt>(function.getBody());
        if (body == nullptr || function.isConstexpr()) {
            return {};
        }
        const clang::SourceLocation open = body->getLBracLoc();
        const clang::SourceLocation close = body->getRBracLoc();
        if (open.isInvalid() || close.isInvalid() || !open.isFileID() || !close.isFileID() ||
            sources_.getFileID(open) != sources_.getFileID(close) || holds_label_or_asm(body)) {
            return {};
        }
        return BodyRange{sources_.getFileID(open), sources_.getFileOffset(open),
                         sources_.getFileOffset(close) + 1};
    }
    static bool holds_label_or_asm(const clang::Stmt* stmt) {
        if (stmt == nullptr) {
            return false;
        }
        if (llvm::isa<clang::LabelStmt>(stmt) || llvm::isa<clang::AsmStmt>(stmt) ||
            llvm::isa<clang::AddrLabelExpr>(stmt)) {
            return true;
        }
        return std::any_of(stmt->child_begin(), stmt->child_end(),
                           [](const clang::Stmt* child) { return holds_label_or_asm(child); });
    }

    // Whether `parent` uses its operand as a number: an operator, or a conversion to an arithmetic type.
    static bool in_arithmetic(const clang::Stmt* parent) {
        if (llvm::isa<clang::BinaryOperator>(parent) || llvm::isa<clang::UnaryOperator>(parent) ||
            llvm::isa<clang::ArraySubscriptExpr>(parent)) {
            return true;
        }
        const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parent);
        return cast != nullptr && cast->getType()->isArithmeticType();
    }

    void visit(const clang::Stmt& stmt) {
        if (operators_.empty()) {
            return;
        }
        current_ = &stmt;
        braced_type_ = braced_element_type(stmt);
        candidates_.clear();
        for (const MutationOperator* op : operators_) {
            op->collect(stmt, context_, candidates_);
        }
        for (const Candidate& candidate : candidates_) {
            if (state_.options.settings.rules.enabled(candidate.rule->name)) {
                record(candidate);
            }
        }
    }

    void count_skipped(const std::string& reason) { ++state_.skipped[reason]; }

    void record(const Candidate& candidate) {
        const clang::LangOptions& language = ast_.getLangOpts();
        const clang::CharSourceRange range =
            clang::Lexer::makeFileCharRange(candidate.range, sources_, language);
        clang::CharSourceRange node_range;
        if (candidate.placement == Placement::Statement) {
            const clang::SourceLocation after = clang::Lexer::findLocationAfterToken(
                candidate.node->getEndLoc(), clang::tok::semi, sources_, language, false);
            node_range = clang::Lexer::makeFileCharRange(
                clang::CharSourceRange::getCharRange(candidate.node->getBeginLoc(), after), sources_,
                language);
        } else {
            node_range = clang::Lexer::makeFileCharRange(
                clang::CharSourceRange::getTokenRange(candidate.node->getSourceRange()), sources_, language);
        }
        const std::string* file = file_in_scope(candidate.node->getBeginLoc());
        if (file == nullptr) {
            return;  // code from a file out of scope, e.g. a macro defined in a system header
        }
        if (range.isInvalid() || node_range.isInvalid() ||
            sources_.getFileID(range.getBegin()) != sources_.getFileID(node_range.getBegin())) {
            count_skipped("macro");
            return;
        }
        const auto [file_id, begin] = sources_.getDecomposedLoc(range.getBegin());
        const std::uint32_t end = sources_.getDecomposedLoc(range.getEnd()).second;
        const std::uint32_t node_begin = sources_.getDecomposedLoc(node_range.getBegin()).second;
        const std::uint32_t node_end = sources_.getDecomposedLoc(node_range.getEnd()).second;
        if (!state_.seen.emplace(*file, begin, end, std::string(candidate.rule->name), candidate.replacement)
                 .second) {
            return;  // the same site through another macro argument use or another path
        }
        if (skip_reason_ != nullptr) {
            count_skipped(skip_reason_);
            return;
        }
        const bool braced = candidate.node == current_ && !braced_type_.isNull();
        if (braced && std::string_view(candidate.rule->family) == "CR" &&
            !constant_fits(candidate.replacement, braced_type_)) {
            count_skipped("narrowing");  // e.g. -1 in {...} of an unsigned type: does not compile
            return;
        }
        if (pasted_or_stringized_argument(candidate.range.getBegin()) ||
            pasted_or_stringized_argument(candidate.node->getBeginLoc())) {
            count_skipped("pasted or stringized macro argument");
            return;
        }
        const llvm::StringRef buffer = sources_.getBufferData(file_id);
        FoundSite found;
        MutationSite& site = found.site;
        site.file = *file;
        site.offset = begin;
        site.length = end - begin;
        site.node_offset = node_begin;
        site.node_length = node_end - node_begin;
        site.line = sources_.getLineNumber(file_id, begin);
        site.column = sources_.getColumnNumber(file_id, begin);
        site.end_line = sources_.getLineNumber(file_id, end);
        site.end_column = sources_.getColumnNumber(file_id, end);
        site.placement = candidate.placement;
        site.family = std::string(candidate.rule->family);
        site.rule = std::string(candidate.rule->name);
        site.original = buffer.substr(begin, end - begin).str();
        site.replacement = candidate.replacement;
        if (braced && candidate.placement == Placement::Expression) {
            site.schemata_cast = braced_type_.getAsString(ast_.getPrintingPolicy());
        }
        if (body_.end > 0 && body_.file == file_id && body_.begin <= node_begin && node_end <= body_.end) {
            site.body_offset = body_.begin;
            site.body_length = body_.end - body_.begin;
        }
        if (named_function_ != nullptr) {
            site.function = named_function_->getQualifiedNameAsString();
            found.function_key = function_key(*named_function_);
        }
        found.node_text = mlab::fold_whitespace(buffer.substr(node_begin, node_end - node_begin));
        state_.sites.push_back(std::move(found));
    }

    clang::ASTContext& ast_;
    const clang::SourceManager& sources_;
    ScanState& state_;
    OperatorContext context_;
    std::vector<const MutationOperator*> operators_;
    std::vector<Candidate> candidates_;
    std::vector<const clang::Stmt*> parents_;
    const clang::FunctionDecl* named_function_ = nullptr;
    BodyRange body_;            // of the outermost function being traversed
    bool in_function_ = false;  // inside some function's definition
    const char* skip_reason_ = nullptr;
    const clang::Stmt* current_ = nullptr;  // the statement the operators are looking at
    clang::QualType braced_type_;           // its braced_element_type()
    clang::Preprocessor* preprocessor_ = nullptr;
    bool unit_is_test_code_ = false;  // the unit is built only into test programs
    std::unordered_map<unsigned, std::optional<std::string>> files_;
    std::set<std::string> this_unit_;
};

class SiteConsumer : public clang::ASTConsumer {
  public:
    SiteConsumer(clang::CompilerInstance& compiler, ScanState& state) : compiler_(compiler), state_(state) {}

    // Bodies of functions outside the scanned files are not needed: skipping them is most of the speed.
    bool shouldSkipFunctionBody(clang::Decl* decl) override {
        if (visitor_ == nullptr) {
            visitor_ = std::make_unique<SiteVisitor>(compiler_.getASTContext(), state_,
                                                     &compiler_.getPreprocessor());
        }
        return visitor_->file_in_scope(decl->getLocation()) == nullptr;
    }

    void HandleTranslationUnit(clang::ASTContext& ast) override {
        if (compiler_.getDiagnostics().hasErrorOccurred()) {
            return;
        }
        if (visitor_ == nullptr) {
            visitor_ = std::make_unique<SiteVisitor>(ast, state_, &compiler_.getPreprocessor());
        }
        visitor_->TraverseDecl(ast.getTranslationUnitDecl());
        state_.scanned.insert(visitor_->files_of_this_unit().begin(), visitor_->files_of_this_unit().end());
        ++state_.translation_units;
    }

  private:
    clang::CompilerInstance& compiler_;
    ScanState& state_;
    std::unique_ptr<SiteVisitor> visitor_;
};

class SiteAction : public clang::ASTFrontendAction {
  public:
    explicit SiteAction(ScanState& state) : state_(state) {}

    std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& compiler,
                                                          llvm::StringRef) override {
        compiler.getFrontendOpts().SkipFunctionBodies = true;
        return std::make_unique<SiteConsumer>(compiler, state_);
    }

  private:
    ScanState& state_;
};

class SiteActionFactory : public clang::tooling::FrontendActionFactory {
  public:
    explicit SiteActionFactory(ScanState& state) : state_(state) {}
    std::unique_ptr<clang::FrontendAction> create() override { return std::make_unique<SiteAction>(state_); }

  private:
    ScanState& state_;
};

// Keeps the first error clang reports, as one line, and drops everything else.
class FirstErrorConsumer : public clang::DiagnosticConsumer {
  public:
    void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic& info) override {
        clang::DiagnosticConsumer::HandleDiagnostic(level, info);
        if (level < clang::DiagnosticsEngine::Error || !first_error_.empty()) {
            return;
        }
        llvm::SmallString<256> message;
        info.FormatDiagnostic(message);
        if (info.hasSourceManager() && info.getLocation().isValid()) {
            const clang::PresumedLoc where = info.getSourceManager().getPresumedLoc(info.getLocation());
            if (where.isValid()) {
                first_error_ = std::string(where.getFilename()) + ":" + std::to_string(where.getLine()) +
                               ":" + std::to_string(where.getColumn()) + ": error: " + message.str().str();
                return;
            }
        }
        first_error_ = "error: " + message.str().str();
    }
    const std::string& first_error() const { return first_error_; }

  private:
    std::string first_error_;
};

// Gives every site its id and suppression flag, and sorts them in file order.
SiteList finish(ScanState& state, const fs::path& root, const std::vector<std::string>& path_filters) {
    std::vector<FoundSite>& found = state.sites;
    if (!state.options.test_units.empty()) {
        // Test code by the build: files only test units reach that are written against a test framework
        // themselves. A header-only library that only the tests include is still the code under test.
        std::map<std::string, bool> test_code;
        std::erase_if(found, [&](const FoundSite& f) {
            if (state.production_files.count(f.site.file) > 0) {
                return false;
            }
            auto [it, inserted] = test_code.try_emplace(f.site.file, false);
            if (inserted) {
                try {
                    it->second = includes_test_framework(mlab::read_file(root / f.site.file));
                } catch (const mlab::FileError&) {
                }
            }
            if (it->second) {
                ++state.skipped["test code"];
            }
            return it->second;
        });
    }
    if (!path_filters.empty()) {
        std::erase_if(found, [&](const FoundSite& f) {
            return std::none_of(path_filters.begin(), path_filters.end(), [&](const std::string& filter) {
                return f.site.file == filter || f.site.file.rfind(filter + "/", 0) == 0 || filter.empty();
            });
        });
    }
    std::stable_sort(found.begin(), found.end(), [](const FoundSite& a, const FoundSite& b) {
        return std::tie(a.site.file, a.site.offset, a.site.length) <
               std::tie(b.site.file, b.site.offset, b.site.length);
    });
    std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, unsigned>
        occurrences;
    std::map<std::string, Suppressions> suppressions;
    SiteList list;
    std::set<std::string> files;
    for (FoundSite& f : found) {
        MutationSite& site = f.site;
        const unsigned occurrence =
            occurrences[{site.file, f.function_key, site.rule, site.replacement, f.node_text}]++;
        site.id = site_id(site.file, f.function_key, site.rule, site.replacement, f.node_text, occurrence);
        auto it = suppressions.find(site.file);
        if (it == suppressions.end()) {
            it = suppressions
                     .emplace(site.file, Suppressions::parse(mlab::read_file(root / site.file), site.file))
                     .first;
        }
        site.suppressed = it->second.suppressed(site.line, site.rule);
        files.insert(site.file);
        list.sites.push_back(std::move(site));
    }
    // Two sites must never share an id: a clash (two identical expressions hashed alike) gets a suffix.
    std::map<std::string, unsigned> ids;
    for (MutationSite& site : list.sites) {
        if (const unsigned n = ids[site.id]++; n > 0) {
            site.id += "-" + std::to_string(n + 1);
        }
    }
    list.skipped = std::move(state.skipped);
    list.translation_units = state.translation_units;
    list.files = files.size();
    return list;
}

// Runs `body` with stderr sent to a scratch file that is then dropped: errors reach the user through
// FirstErrorConsumer, as one line.
int run_quietly(const std::function<int()>& body) {
    std::fflush(stderr);
    const int saved = ::dup(STDERR_FILENO);
    std::FILE* scratch = std::tmpfile();
    if (saved < 0 || scratch == nullptr) {
        return body();
    }
    ::dup2(::fileno(scratch), STDERR_FILENO);
    auto restore = [&] {
        std::fflush(stderr);
        ::dup2(saved, STDERR_FILENO);
        ::close(saved);
    };
    try {
        const int status = body();
        restore();
        std::fclose(scratch);
        return status;
    } catch (...) {
        restore();
        std::fclose(scratch);
        throw;
    }
}

std::vector<std::string> tool_arguments() {
    const char* resource_dir = std::getenv("MUTATOR_CLANG_RESOURCE_DIR");
    return {
        "-resource-dir=" + std::string(resource_dir != nullptr ? resource_dir : MUTATOR_CLANG_RESOURCE_DIR),
        "-w", "-Wno-unknown-warning-option", "-Qunused-arguments"};
}

}  // namespace

std::string site_id(const std::string& file, const std::string& function_key, const std::string& rule,
                    const std::string& replacement, const std::string& node_text, unsigned occurrence) {
    std::string key = file;
    for (const std::string* part : {&function_key, &rule, &replacement, &node_text}) {
        key += '\0';
        key += *part;
    }
    key += '\0' + std::to_string(occurrence);
    return mlab::to_hex(mlab::mix64(mlab::fnv1a64(key))).substr(0, 12);
}

SiteList find_sites(const Project& project, const ProjectScope& scope, const FinderOptions& options) {
    std::vector<std::string> sources = project.sources();
    std::vector<std::string> path_filters;
    if (!options.paths.empty()) {
        std::vector<std::string> selected;
        bool all_units = false;
        for (const std::string& path : options.paths) {
            const auto rel = scope.relative(path);
            if (!fs::exists(path) || !rel) {
                throw mlab::InputError(path + ": " +
                                       (fs::exists(path)
                                            ? "is outside the project root " + scope.root().string()
                                            : "no such file or folder"));
            }
            path_filters.push_back(*rel == "." ? "" : *rel);
            const auto in_database =
                std::find_if(sources.begin(), sources.end(), [&](const std::string& source) {
                    return fs::weakly_canonical(source) == fs::weakly_canonical(path);
                });
            if (fs::is_regular_file(path) && in_database != sources.end()) {
                selected.push_back(*in_database);
            } else if (fs::is_regular_file(path)) {
                const std::string extension = fs::path(path).extension().string();
                if (extension == ".cpp" || extension == ".cc" || extension == ".cxx" || extension == ".c") {
                    throw mlab::InputError(path + ": not in " +
                                           (project.build_dir() / "compile_commands.json").string());
                }
                all_units = true;  // a header: found through the units that include it
            } else {
                all_units = true;
            }
        }
        if (!all_units) {
            sources = selected;
        }
    }

    ScanState state{scope, options, {}, {}, {}, {}, 0, {}};
    clang::tooling::ClangTool tool(project.database(), sources);
    FirstErrorConsumer diagnostics;
    tool.setDiagnosticConsumer(&diagnostics);
    tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
        tool_arguments(), clang::tooling::ArgumentInsertPosition::END));
    SiteActionFactory factory(state);
    // ClangTool writes its own lines ("Error while processing ...") to stderr; the user gets ours instead.
    const int status = run_quietly([&] { return tool.run(&factory); });
    if (!diagnostics.first_error().empty()) {
        throw mlab::InputError(diagnostics.first_error());
    }
    if (status != 0) {
        throw mlab::InputError(project.build_dir().string() +
                               ": clang could not process every translation unit");
    }
    return finish(state, project.root(), path_filters);
}

SiteList find_sites_in_code(const std::string& code, const OperatorSettings& settings,
                            const std::string& file_name, const std::vector<std::string>& args) {
    const fs::path root = mlab::make_temp_directory("mutator-code");
    const fs::path file = root / file_name;
    mlab::write_file_atomic(file, code);
    ProjectScope scope(root, root / "build", {"**"}, {});
    FinderOptions options{settings, {}, {}};
    ScanState state{scope, options, {}, {}, {}, {}, 0, {}};
    std::vector<std::string> all_args = args;
    const std::vector<std::string> extra = tool_arguments();
    all_args.insert(all_args.end(), extra.begin(), extra.end());
    all_args.push_back("-fsyntax-only");
    FirstErrorConsumer diagnostics;
    SiteActionFactory factory(state);
    clang::tooling::FixedCompilationDatabase database(root.string(), all_args);
    clang::tooling::ClangTool tool(database, {file.string()});
    tool.setDiagnosticConsumer(&diagnostics);
    run_quietly([&] { return tool.run(&factory); });
    SiteList list;
    if (diagnostics.first_error().empty()) {
        list = finish(state, root, {});
    }
    fs::remove_all(root);
    if (!diagnostics.first_error().empty()) {
        throw mlab::InputError(diagnostics.first_error());
    }
    return list;
}

}  // namespace mutator
