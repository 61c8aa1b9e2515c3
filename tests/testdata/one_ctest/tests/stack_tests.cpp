#include <gtest/gtest.h>

#include "stack.hpp"

TEST(Stack, StartsEmpty) { EXPECT_EQ(Stack().size(), 0u); }

TEST(Stack, PushThenPop) {
    Stack stack;
    ASSERT_TRUE(stack.push(7));
    int value = 0;
    ASSERT_TRUE(stack.pop(&value));
    EXPECT_EQ(value, 7);
}

TEST(Stack, RefusesPastCapacity) {
    Stack stack;
    for (std::size_t i = 0; i < Stack::kCapacity; ++i) {
        ASSERT_TRUE(stack.push(1));
    }
    EXPECT_FALSE(stack.push(1));
}

TEST(TopOr, EmptyGivesFallback) { EXPECT_EQ(top_or(Stack(), -1), -1); }

class PushMany : public ::testing::TestWithParam<int> {};
TEST_P(PushMany, SizeCounts) {
    Stack stack;
    for (int i = 0; i < GetParam(); ++i) {
        stack.push(i);
    }
    EXPECT_EQ(stack.size(), static_cast<std::size_t>(GetParam()));
}
INSTANTIATE_TEST_SUITE_P(Counts, PushMany, ::testing::Values(1, 2, 3));

template <typename T>
class Typed : public ::testing::Test {};
using Types = ::testing::Types<short, long>;
TYPED_TEST_SUITE(Typed, Types);
TYPED_TEST(Typed, TopIsLastPushed) {
    Stack stack;
    stack.push(static_cast<int>(TypeParam{3}));
    EXPECT_EQ(top_or(stack, 0), 3);
}

TEST(Stack, DISABLED_NotRun) { FAIL() << "disabled"; }
