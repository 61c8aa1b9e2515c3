#include "mlab/common/glob.hpp"

namespace mlab {

bool glob_match(std::string_view pattern, std::string_view text, GlobStar star) {
    if (pattern.empty()) {
        return text.empty();
    }
    if (pattern.substr(0, 2) == "**") {
        std::string_view rest = pattern.substr(2);
        // "**/" may stand for no directory at all.
        if (!rest.empty() && rest.front() == '/' && glob_match(rest.substr(1), text, star)) {
            return true;
        }
        for (std::size_t i = 0; i <= text.size(); ++i) {
            if (glob_match(rest, text.substr(i), star)) {
                return true;
            }
        }
        return false;
    }
    if (pattern.front() == '*') {
        for (std::size_t i = 0; i <= text.size(); ++i) {
            if (glob_match(pattern.substr(1), text.substr(i), star)) {
                return true;
            }
            if (i < text.size() && text[i] == '/' && star == GlobStar::StopsAtSlash) {
                return false;
            }
        }
        return false;
    }
    if (text.empty()) {
        return false;
    }
    if (pattern.front() == '?' ? (text.front() != '/' || star == GlobStar::CrossesSlash)
                               : pattern.front() == text.front()) {
        return glob_match(pattern.substr(1), text.substr(1), star);
    }
    return false;
}

}  // namespace mlab
