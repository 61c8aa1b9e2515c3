#include "mutator/operator.hpp"

#include <clang/Lex/Lexer.h>

namespace mutator {

std::string OperatorContext::text(clang::SourceRange range) const {
    return clang::Lexer::getSourceText(clang::CharSourceRange::getTokenRange(range), sources(),
                                       ast_.getLangOpts())
        .str();
}

clang::CharSourceRange OperatorContext::token(clang::SourceLocation loc) const {
    return clang::CharSourceRange::getTokenRange(loc, loc);
}

}  // namespace mutator
