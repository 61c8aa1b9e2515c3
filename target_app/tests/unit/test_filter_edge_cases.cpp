// The instructor's filter tests: the boundary the lab is about, and the edges around it.

#include <gtest/gtest.h>

#include "target_app/interaction.hpp"

namespace target_app {
namespace {

InteractionLog make_log(std::int64_t id, std::int64_t learner_id, std::int64_t item_id) {
    return InteractionLog{id, learner_id, item_id, "view", "2025-09-02T10:00:00"};
}

TEST(FilterByMaxItemIdEdges, IncludesInteractionAtBoundary) {
    const std::vector<InteractionLog> result = filter_by_max_item_id({make_log(1, 1, 2)}, 2);
    ASSERT_EQ(result.size(), 1U);
    EXPECT_EQ(result[0].id, 1);
}

TEST(FilterByMaxItemIdEdges, ExcludesInteractionJustAboveBoundary) {
    const std::vector<InteractionLog> result = filter_by_max_item_id({make_log(1, 1, 3)}, 2);
    EXPECT_TRUE(result.empty());
}

TEST(FilterByMaxItemIdEdges, KeepsOriginalOrderAndWholeRecords) {
    const std::vector<InteractionLog> interactions = {make_log(7, 3, 2), make_log(3, 1, 9),
                                                      make_log(5, 2, 1)};
    const std::vector<InteractionLog> result = filter_by_max_item_id(interactions, 2);
    ASSERT_EQ(result.size(), 2U);
    EXPECT_EQ(result[0], interactions[0]);
    EXPECT_EQ(result[1], interactions[2]);
}

TEST(FilterByMaxItemIdEdges, NegativeMaxKeepsNothing) {
    const std::vector<InteractionLog> result = filter_by_max_item_id({make_log(1, 1, 1)}, -1);
    EXPECT_TRUE(result.empty());
}

TEST(FilterByMaxItemIdEdges, KeepsEveryInteractionWithTheSameBoundaryItem) {
    const std::vector<InteractionLog> interactions = {make_log(1, 1, 4), make_log(2, 2, 4),
                                                      make_log(3, 3, 4)};
    EXPECT_EQ(filter_by_max_item_id(interactions, 4).size(), 3U);
    EXPECT_TRUE(filter_by_max_item_id(interactions, 3).empty());
}

}  // namespace
}  // namespace target_app
