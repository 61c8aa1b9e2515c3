#pragma once

#include <string>
#include <vector>

namespace records {

struct Record {
    int id = 0;
    int level = 0;
};

/// "id:level" as a Record; throws std::invalid_argument for text without a ':'.
Record parse_record(const std::string& text);

/// The records whose level is at most `max_level`, in their order.
std::vector<Record> at_most(const std::vector<Record>& records, int max_level);

}  // namespace records
