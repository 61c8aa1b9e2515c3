#include "builders.hpp"

Account funded(int cents) {
    Account account;
    account.deposit(cents);
    return account;
}
