// Input validation: what a POST body, a path id or a query value may be, and the field named when not.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "target_app/validation.hpp"

namespace target_app {
namespace {

constexpr const char* kNow = "2026-01-01T00:00:00";

nlohmann::json valid_body() {
    return nlohmann::json{{"learner_id", 3}, {"item_id", 2}, {"kind", "attempt"}};
}

FieldError error_of(const nlohmann::json& body) {
    const auto parsed = parse_new_interaction(body, kNow);
    const auto* error = std::get_if<FieldError>(&parsed);
    if (error == nullptr) {
        ADD_FAILURE() << "expected a validation error for " << body.dump();
        return {};
    }
    return *error;
}

TEST(ParseNewInteraction, AcceptsAMinimalBodyAndStampsNow) {
    const auto parsed = parse_new_interaction(valid_body(), kNow);
    ASSERT_TRUE(std::holds_alternative<NewInteraction>(parsed));
    const NewInteraction expected{std::nullopt, 3, 2, "attempt", kNow};
    EXPECT_EQ(std::get<NewInteraction>(parsed), expected);
}

TEST(ParseNewInteraction, KeepsAGivenIdAndTimestampWithoutTheZ) {
    nlohmann::json body = valid_body();
    body["id"] = 40;
    body["created_at"] = "2025-09-02T10:00:00Z";
    const auto parsed = parse_new_interaction(body, kNow);
    ASSERT_TRUE(std::holds_alternative<NewInteraction>(parsed));
    const NewInteraction expected{40, 3, 2, "attempt", "2025-09-02T10:00:00"};
    EXPECT_EQ(std::get<NewInteraction>(parsed), expected);
}

TEST(ParseNewInteraction, RejectsANonObjectBody) {
    EXPECT_EQ(error_of(nlohmann::json::array()).field, "body");
    EXPECT_EQ(error_of(nlohmann::json("text")).field, "body");
}

TEST(ParseNewInteraction, NamesAMissingRequiredField) {
    for (const char* field : {"learner_id", "item_id", "kind"}) {
        nlohmann::json body = valid_body();
        body.erase(field);
        EXPECT_EQ(error_of(body), (FieldError{field, "is required"})) << field;
    }
}

TEST(ParseNewInteraction, RejectsIdsThatAreNotPositiveIntegers) {
    nlohmann::json body = valid_body();
    body["item_id"] = 0;
    EXPECT_EQ(error_of(body), (FieldError{"item_id", "must be a positive integer"}));
    body["item_id"] = -4;
    EXPECT_EQ(error_of(body), (FieldError{"item_id", "must be a positive integer"}));
    body["item_id"] = 2.5;
    EXPECT_EQ(error_of(body), (FieldError{"item_id", "must be an integer"}));
    body["item_id"] = "2";
    EXPECT_EQ(error_of(body), (FieldError{"item_id", "must be an integer"}));
    body = valid_body();
    body["id"] = 0;
    EXPECT_EQ(error_of(body).field, "id");
}

TEST(ParseNewInteraction, AcceptsTheSmallestValidId) {
    nlohmann::json body = valid_body();
    body["learner_id"] = 1;
    EXPECT_TRUE(std::holds_alternative<NewInteraction>(parse_new_interaction(body, kNow)));
}

TEST(ParseNewInteraction, RejectsAnUnknownKind) {
    nlohmann::json body = valid_body();
    body["kind"] = "like";
    EXPECT_EQ(error_of(body).field, "kind");
    body["kind"] = 3;
    EXPECT_EQ(error_of(body), (FieldError{"kind", "must be a string"}));
}

TEST(ParseNewInteraction, RejectsAMalformedTimestamp) {
    nlohmann::json body = valid_body();
    body["created_at"] = "yesterday";
    EXPECT_EQ(error_of(body).field, "created_at");
}

TEST(IsValidTimestamp, AcceptsRealDatesOnly) {
    EXPECT_TRUE(is_valid_timestamp("2025-09-02T10:00:00"));
    EXPECT_TRUE(is_valid_timestamp("2024-02-29T23:59:59Z"));
    EXPECT_FALSE(is_valid_timestamp("2025-02-29T10:00:00"));
    EXPECT_FALSE(is_valid_timestamp("2025-13-01T10:00:00"));
    EXPECT_FALSE(is_valid_timestamp("2025-09-02 10:00:00"));
    EXPECT_FALSE(is_valid_timestamp("2025-09-02T24:00:00"));
    EXPECT_FALSE(is_valid_timestamp("2025-09-02T10:60:00"));
    EXPECT_FALSE(is_valid_timestamp("2025-9-02T10:00:00"));
    EXPECT_FALSE(is_valid_timestamp(""));
}

TEST(IsValidTimestamp, KnowsCenturyLeapYears) {
    EXPECT_TRUE(is_valid_timestamp("2000-02-29T00:00:00"));
    EXPECT_FALSE(is_valid_timestamp("1900-02-29T00:00:00"));
    EXPECT_TRUE(is_valid_timestamp("2025-12-31T00:00:00"));
    EXPECT_FALSE(is_valid_timestamp("2025-04-31T00:00:00"));
}

TEST(ParseInteger, ReadsWholeIntegersOnly) {
    EXPECT_EQ(parse_integer("12"), 12);
    EXPECT_EQ(parse_integer("-3"), -3);
    EXPECT_EQ(parse_integer("0"), 0);
    EXPECT_EQ(parse_integer(""), std::nullopt);
    EXPECT_EQ(parse_integer("12a"), std::nullopt);
    EXPECT_EQ(parse_integer("abc"), std::nullopt);
    EXPECT_EQ(parse_integer("99999999999999999999"), std::nullopt);
}

}  // namespace
}  // namespace target_app
