#include "mutator/suppression.hpp"

#include <sstream>
#include <vector>

#include "mlab/common/errors.hpp"
#include "mutator/rules.hpp"

namespace mutator {

Suppressions Suppressions::parse(std::string_view text, const std::string& file) {
    Suppressions result;
    std::set<std::string> off;  // names switched off by an open `off`
    std::set<std::string> next_line;
    unsigned line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        ++line_number;
        std::set<std::string> here = off;
        here.insert(next_line.begin(), next_line.end());
        next_line.clear();

        constexpr std::string_view kMarker = "// mutator:";
        if (const std::size_t at = line.find(kMarker); at != std::string_view::npos) {
            std::istringstream words{std::string(line.substr(at + kMarker.size()))};
            std::string directive;
            words >> directive;
            std::vector<std::string> names;
            for (std::string name; words >> name;) {
                if (find_rule(name) == nullptr && find_family(name) == nullptr) {
                    throw mlab::InputError(file + ":" + std::to_string(line_number) + ": unknown operator '" +
                                           name + "' in a '// mutator:' comment");
                }
                names.push_back(name);
            }
            if (names.empty()) {
                names.emplace_back("*");
            }
            if (directive == "off") {
                off.insert(names.begin(), names.end());
                here.insert(names.begin(), names.end());
            } else if (directive == "on") {
                for (const std::string& name : names) {
                    if (name == "*") {
                        off.clear();
                    } else {
                        off.erase(name);
                    }
                }
            } else if (directive == "ignore-next-line") {
                next_line.insert(names.begin(), names.end());
            } else {
                throw mlab::InputError(file + ":" + std::to_string(line_number) + ": unknown directive '" +
                                       directive + "' (use off, on or ignore-next-line)");
            }
        }
        if (!here.empty()) {
            result.lines_[line_number] = std::move(here);
        }
        if (end == text.size()) {
            break;
        }
        start = end + 1;
    }
    return result;
}

bool Suppressions::suppressed(unsigned line, std::string_view rule) const {
    const auto it = lines_.find(line);
    if (it == lines_.end()) {
        return false;
    }
    const std::string family(rule.substr(0, rule.find('.')));
    return it->second.count("*") > 0 || it->second.count(std::string(rule)) > 0 ||
           it->second.count(family) > 0;
}

}  // namespace mutator
