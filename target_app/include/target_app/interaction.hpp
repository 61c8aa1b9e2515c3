#pragma once
// The lab's domain: a learner's interaction with a learning item, and the filter the lab is about.

#include <cstdint>
#include <string>
#include <vector>

namespace target_app {

/// One learner's interaction with a learning item, as stored and served.
struct InteractionLog {
    std::int64_t id = 0;
    std::int64_t learner_id = 0;
    std::int64_t item_id = 0;
    std::string kind;        // one of kInteractionKinds
    std::string created_at;  // UTC, "YYYY-MM-DDTHH:MM:SS"

    bool operator==(const InteractionLog&) const = default;
};

/// Keeps the interactions whose item_id is at most max_item_id, in their original order.
std::vector<InteractionLog> filter_by_max_item_id(const std::vector<InteractionLog>& interactions,
                                                  std::int64_t max_item_id);

}  // namespace target_app
