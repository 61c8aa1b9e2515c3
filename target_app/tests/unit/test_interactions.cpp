// The lab's starting unit tests of filter_by_max_item_id. Like the lab's, they do not test the boundary
// item_id == max_item_id: adding that test is the student's first task.

#include <gtest/gtest.h>

#include "target_app/interaction.hpp"

namespace target_app {
namespace {

InteractionLog make_log(std::int64_t id, std::int64_t learner_id, std::int64_t item_id) {
    return InteractionLog{id, learner_id, item_id, "view", "2025-09-02T10:00:00"};
}

TEST(FilterByMaxItemId, ReturnsEmptyListForNoInteractions) {
    const std::vector<InteractionLog> result = filter_by_max_item_id({}, 3);
    EXPECT_TRUE(result.empty());
}

TEST(FilterByMaxItemId, KeepsInteractionsBelowMax) {
    const std::vector<InteractionLog> interactions = {make_log(1, 1, 1), make_log(2, 1, 2)};
    const std::vector<InteractionLog> result = filter_by_max_item_id(interactions, 5);
    ASSERT_EQ(result.size(), 2U);
    EXPECT_EQ(result[0].id, 1);
    EXPECT_EQ(result[1].id, 2);
}

TEST(FilterByMaxItemId, ExcludesInteractionsAboveMax) {
    const std::vector<InteractionLog> interactions = {make_log(1, 1, 1), make_log(2, 1, 4)};
    const std::vector<InteractionLog> result = filter_by_max_item_id(interactions, 3);
    ASSERT_EQ(result.size(), 1U);
    EXPECT_EQ(result[0].id, 1);
}

}  // namespace
}  // namespace target_app
