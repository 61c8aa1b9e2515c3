#include "builders.hpp"

#include <fstream>
#include <stdexcept>

Account funded(int cents) {
    Account account;
    account.deposit(cents);
    return account;
}

Account from_file(const std::string& path) {
    std::ifstream in(path);
    int cents = 0;
    if (!(in >> cents)) {
        throw std::runtime_error(path + ": no balance");
    }
    return Account(cents);
}
