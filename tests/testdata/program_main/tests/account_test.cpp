#include <gtest/gtest.h>

#include "account.hpp"
#include "builders.hpp"

TEST(Account, StartsEmpty) {
    EXPECT_EQ(Account().balance(), 0);
}

TEST(Account, DepositAdds) {
    Account account = funded(100);
    account.deposit(50);
    EXPECT_EQ(account.balance(), 150);
}
