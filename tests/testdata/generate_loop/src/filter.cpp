#include "records.hpp"

namespace records {

std::vector<Record> at_most(const std::vector<Record>& records, int max_level) {
    std::vector<Record> kept;
    for (const Record& record : records) {
        if (record.level <= max_level) {
            kept.push_back(record);
        }
    }
    return kept;
}

}  // namespace records
