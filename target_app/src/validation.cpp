#include "target_app/validation.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

namespace target_app {
namespace {

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) {
        return 29;
    }
    return kDays[static_cast<std::size_t>(month - 1)];
}

// Reads `width` digits at `pos`; nullopt when any of them is not a digit.
std::optional<int> digits_at(std::string_view text, std::size_t pos, std::size_t width) {
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// A positive integer field; JSON floats such as 2.0 or 2.5 are not ids.
std::optional<FieldError> read_positive_id(const nlohmann::json& body, const char* field, std::int64_t& out) {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
        return FieldError{field, "is required"};
    }
    if (!it->is_number_integer()) {
        return FieldError{field, "must be an integer"};
    }
    const std::int64_t value = it->get<std::int64_t>();
    if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
        return FieldError{field, "is too large"};
    }
    if (value <= 0) {
        return FieldError{field, "must be a positive integer"};
    }
    out = value;
    return std::nullopt;
}

}  // namespace

bool is_valid_timestamp(std::string_view text) {
    if (!text.empty() && text.back() == 'Z') {
        text.remove_suffix(1);
    }
    if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
        text[16] != ':') {
        return false;
    }
    const auto year = digits_at(text, 0, 4);
    const auto month = digits_at(text, 5, 2);
    const auto day = digits_at(text, 8, 2);
    const auto hour = digits_at(text, 11, 2);
    const auto minute = digits_at(text, 14, 2);
    const auto second = digits_at(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second) {
        return false;
    }
    if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month)) {
        return false;
    }
    return *hour < 24 && *minute < 60 && *second < 60;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}

std::variant<NewInteraction, FieldError> parse_new_interaction(const nlohmann::json& body,
                                                               const std::string& now) {
    if (!body.is_object()) {
        return FieldError{"body", "must be a JSON object"};
    }
    NewInteraction result;
    if (const auto it = body.find("id"); it != body.end() && !it->is_null()) {
        std::int64_t id = 0;
        if (auto error = read_positive_id(body, "id", id)) {
            return *error;
        }
        result.id = id;
    }
    if (auto error = read_positive_id(body, "learner_id", result.learner_id)) {
        return *error;
    }
    if (auto error = read_positive_id(body, "item_id", result.item_id)) {
        return *error;
    }

    const auto kind = body.find("kind");
    if (kind == body.end() || kind->is_null()) {
        return FieldError{"kind", "is required"};
    }
    if (!kind->is_string()) {
        return FieldError{"kind", "must be a string"};
    }
    result.kind = kind->get<std::string>();
    if (std::find(kInteractionKinds.begin(), kInteractionKinds.end(), result.kind) ==
        kInteractionKinds.end()) {
        return FieldError{"kind", "must be one of: view, attempt, complete"};
    }

    result.created_at = now;
    if (const auto it = body.find("created_at"); it != body.end() && !it->is_null()) {
        if (!it->is_string() || !is_valid_timestamp(it->get<std::string>())) {
            return FieldError{"created_at", "must be a UTC timestamp like 2025-09-02T10:00:00"};
        }
        result.created_at = it->get<std::string>();
        if (result.created_at.back() == 'Z') {
            result.created_at.pop_back();
        }
    }
    return result;
}

}  // namespace target_app
