#include "target_app/mapping.hpp"

namespace target_app {

InteractionLog interaction_from_record(const Record& record) {
    InteractionLog interaction;
    interaction.id = record.integer("id");
    interaction.learner_id = record.integer("learner_id");
    interaction.item_id = record.integer("item_id");
    interaction.kind = record.text("kind");
    interaction.created_at = record.text("created_at");
    return interaction;
}

std::vector<InteractionLog> interactions_from_records(const std::vector<Record>& records) {
    std::vector<InteractionLog> interactions;
    interactions.reserve(records.size());
    for (const Record& record : records) {
        interactions.push_back(interaction_from_record(record));
    }
    return interactions;
}

}  // namespace target_app
