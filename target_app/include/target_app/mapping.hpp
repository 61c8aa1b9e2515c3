#pragma once
// From stored rows to the domain, reading every field by its column name.

#include <vector>

#include "target_app/interaction.hpp"
#include "target_app/storage.hpp"

namespace target_app {

/// Builds an interaction from a stored row; throws MissingFieldError naming a field the row lacks.
InteractionLog interaction_from_record(const Record& record);

std::vector<InteractionLog> interactions_from_records(const std::vector<Record>& records);

}  // namespace target_app
