#include "mutator/site_finder.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/Lexer.h>
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
};

std::string function_key(const clang::FunctionDecl& function) {
    std::string key = function.getQualifiedNameAsString() + "(";
    for (const clang::ParmVarDecl* parameter : function.parameters()) {
        key += parameter->getType().getAsString() + ",";
    }
    return key + ")";
}

// Walks one translation unit's in-scope code, runs the operators on every statement, and records sites.
class SiteVisitor : public clang::RecursiveASTVisitor<SiteVisitor> {
    using Base = clang::RecursiveASTVisitor<SiteVisitor>;

  public:
    SiteVisitor(clang::ASTContext& ast, ScanState& state)
        : ast_(ast), sources_(ast.getSourceManager()), state_(state), context_(ast, state.options.settings) {
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
                if (auto rel = state_.scope.relative_if_in_scope(path); rel && !state_.scanned.count(*rel)) {
                    it->second = *rel;
                    this_unit_.insert(*rel);
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
        if (llvm::isa<clang::StaticAssertDecl>(decl)) {
            reason = "static_assert";
        } else if (const auto* var = llvm::dyn_cast<clang::VarDecl>(decl);
                   var != nullptr && var->isConstexpr()) {
            reason = "constexpr";
        } else if (llvm::isa<clang::EnumDecl>(decl)) {
            reason = "constant expression";
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
            named_function_ = function;
            context_.set_function(function);
            const bool result = Base::TraverseDecl(decl);
            named_function_ = saved_named;
            context_.set_function(saved_return);
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

    const char* skip_reason_for(const clang::Stmt& stmt) const {
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

    void visit(const clang::Stmt& stmt) {
        if (operators_.empty()) {
            return;
        }
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
    const char* skip_reason_ = nullptr;
    std::unordered_map<unsigned, std::optional<std::string>> files_;
    std::set<std::string> this_unit_;
};

class SiteConsumer : public clang::ASTConsumer {
  public:
    SiteConsumer(clang::CompilerInstance& compiler, ScanState& state) : compiler_(compiler), state_(state) {}

    // Bodies of functions outside the scanned files are not needed: skipping them is most of the speed.
    bool shouldSkipFunctionBody(clang::Decl* decl) override {
        if (visitor_ == nullptr) {
            visitor_ = std::make_unique<SiteVisitor>(compiler_.getASTContext(), state_);
        }
        return visitor_->file_in_scope(decl->getLocation()) == nullptr;
    }

    void HandleTranslationUnit(clang::ASTContext& ast) override {
        if (compiler_.getDiagnostics().hasErrorOccurred()) {
            return;
        }
        if (visitor_ == nullptr) {
            visitor_ = std::make_unique<SiteVisitor>(ast, state_);
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

    ScanState state{scope, options, {}, {}, {}, {}, 0};
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
    FinderOptions options{settings, {}};
    ScanState state{scope, options, {}, {}, {}, {}, 0};
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
