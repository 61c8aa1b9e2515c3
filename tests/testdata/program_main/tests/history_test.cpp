#include <gtest/gtest.h>

#include "builders.hpp"

TEST(Account, WithdrawAll) {
    Account account = funded(100);
    EXPECT_TRUE(account.withdraw(100));
    EXPECT_EQ(account.balance(), 0);
}
