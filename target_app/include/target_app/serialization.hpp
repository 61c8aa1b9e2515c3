#pragma once
// JSON forms of the domain and of the API's error bodies.

#include <string_view>

#include <nlohmann/json.hpp>

#include "target_app/interaction.hpp"

namespace target_app {

/// The response form of an interaction: {"id", "learner_id", "item_id", "kind", "created_at"}.
nlohmann::json to_json(const InteractionLog& interaction);

/// The API's error body: {"error": code, "message": message} plus "field" when one field is at fault.
nlohmann::json error_body(std::string_view code, std::string_view message, std::string_view field = {});

}  // namespace target_app
