#include "account.hpp"

#include <stdexcept>

Account::Account(int balance) : balance_(balance) {}

void Account::deposit(int cents) {
    if (cents <= 0) {
        throw std::invalid_argument("a deposit must be positive");
    }
    balance_ += cents;
}

bool Account::withdraw(int cents) {
    if (cents > balance_) {
        return false;
    }
    balance_ -= cents;
    return true;
}

int Account::balance() const {
    return balance_;
}
