#pragma once
// Checks of client input: request bodies, path segments and query values. Pure functions, no I/O.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json_fwd.hpp>

namespace target_app {

inline constexpr std::array<std::string_view, 3> kInteractionKinds = {"view", "attempt", "complete"};

/// What is wrong with one field of the client's input; the API answers it as 422.
struct FieldError {
    std::string field;
    std::string message;

    bool operator==(const FieldError&) const = default;
};

/// A new interaction as posted; without an id the store assigns the next one.
struct NewInteraction {
    std::optional<std::int64_t> id;
    std::int64_t learner_id = 0;
    std::int64_t item_id = 0;
    std::string kind;
    std::string created_at;

    bool operator==(const NewInteraction&) const = default;
};

/// Reads a POST /interactions/ body; `now` fills created_at when the body has none.
std::variant<NewInteraction, FieldError> parse_new_interaction(const nlohmann::json& body,
                                                               const std::string& now);

/// True for a UTC timestamp "YYYY-MM-DDTHH:MM:SS" with an optional trailing "Z" and a real calendar date.
bool is_valid_timestamp(std::string_view text);

/// Parses a whole decimal integer (optional leading '-'); nothing else may follow.
std::optional<std::int64_t> parse_integer(std::string_view text);

}  // namespace target_app
