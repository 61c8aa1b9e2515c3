#include <gtest/gtest.h>

#include "builders.hpp"

TEST(Account, WithdrawAll) {
    Account account = funded(100);
    EXPECT_TRUE(account.withdraw(100));
    EXPECT_EQ(account.balance(), 0);
}

TEST(Account, OpensFromTheDataFile) {
    EXPECT_EQ(from_file("tests/data/opening_balance.txt").balance(), 250);
}

TEST(Account, CountsInTheProgramsCurrency) {
    EXPECT_EQ(currency(), "EUR");
}
