#include "target_app/interaction.hpp"

namespace target_app {

std::vector<InteractionLog> filter_by_max_item_id(const std::vector<InteractionLog>& interactions,
                                                  std::int64_t max_item_id) {
    std::vector<InteractionLog> kept;
    for (const InteractionLog& interaction : interactions) {
        if (interaction.item_id <= max_item_id) {
            kept.push_back(interaction);
        }
    }
    return kept;
}

}  // namespace target_app
