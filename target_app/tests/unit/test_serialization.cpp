// The JSON the API answers with: field names are part of the contract.

#include <gtest/gtest.h>

#include "target_app/serialization.hpp"

namespace target_app {
namespace {

TEST(ToJson, WritesEveryFieldUnderItsContractName) {
    const InteractionLog interaction{12, 5, 6, "view", "2025-10-16T09:30:00"};
    const nlohmann::json expected = {{"id", 12},
                                     {"learner_id", 5},
                                     {"item_id", 6},
                                     {"kind", "view"},
                                     {"created_at", "2025-10-16T09:30:00"}};
    EXPECT_EQ(to_json(interaction), expected);
}

TEST(ToJson, HasNoTimestampField) {
    const nlohmann::json body = to_json(InteractionLog{1, 1, 1, "view", "2025-09-02T10:00:00"});
    EXPECT_FALSE(body.contains("timestamp"));
    EXPECT_EQ(body.size(), 5U);
}

TEST(ErrorBody, NamesTheFieldOnlyWhenGiven) {
    EXPECT_EQ(error_body("not_found", "no such route"),
              (nlohmann::json{{"error", "not_found"}, {"message", "no such route"}}));
    EXPECT_EQ(error_body("validation_error", "item_id is required", "item_id"),
              (nlohmann::json{
                  {"error", "validation_error"}, {"message", "item_id is required"}, {"field", "item_id"}}));
}

}  // namespace
}  // namespace target_app
