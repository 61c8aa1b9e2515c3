#include "target_app/serialization.hpp"

namespace target_app {

nlohmann::json to_json(const InteractionLog& interaction) {
    return nlohmann::json{{"id", interaction.id},
                          {"learner_id", interaction.learner_id},
                          {"item_id", interaction.item_id},
                          {"kind", interaction.kind},
                          {"created_at", interaction.created_at}};
}

nlohmann::json error_body(std::string_view code, std::string_view message, std::string_view field) {
    nlohmann::json body{{"error", code}, {"message", message}};
    if (!field.empty()) {
        body["field"] = field;
    }
    return body;
}

}  // namespace target_app
