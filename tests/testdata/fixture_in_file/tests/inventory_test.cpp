#include <gtest/gtest.h>

#include <string>

#include "inventory.hpp"

namespace {

class InventoryTest : public ::testing::Test {
  protected:
    void SetUp() override { inventory.add("apple", 3); }

    Inventory inventory;
};

Inventory stocked(const std::string& item, int count) {
    Inventory inventory;
    inventory.add(item, count);
    return inventory;
}

class TakeLimits : public ::testing::TestWithParam<int> {};

}  // namespace

TEST_F(InventoryTest, CountsWhatWasAdded) {
    EXPECT_EQ(inventory.count("apple"), 3);
}

TEST_P(TakeLimits, TakesUpToTheStock) {
    Inventory inventory = stocked("pear", 5);
    EXPECT_TRUE(inventory.take("pear", GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Small, TakeLimits, ::testing::Values(1, 2, 5));
