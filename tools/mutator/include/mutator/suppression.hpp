#pragma once
// Suppression comments: `// mutator: off [RULE...]` ... `// mutator: on [RULE...]`, and
// `// mutator: ignore-next-line [RULE...]`. A RULE is a family (ROR) or a rule (ROR.lt_to_le); none means
// all.

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace mutator {

class Suppressions {
  public:
    /// Reads the directives in a file's text; throws mlab::InputError naming `file:line` for a bad one.
    static Suppressions parse(std::string_view text, const std::string& file);

    bool suppressed(unsigned line, std::string_view rule) const;

  private:
    // line -> names suppressed on it ("*" for all)
    std::map<unsigned, std::set<std::string>> lines_;
};

}  // namespace mutator
