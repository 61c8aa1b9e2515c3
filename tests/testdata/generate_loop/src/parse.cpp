#include <stdexcept>

#include "records.hpp"

namespace records {

Record parse_record(const std::string& text) {
    const std::size_t colon = text.find(':');
    if (colon == std::string::npos) {
        throw std::invalid_argument("no ':' in " + text);
    }
    return Record{std::stoi(text.substr(0, colon)), std::stoi(text.substr(colon + 1))};
}

}  // namespace records
