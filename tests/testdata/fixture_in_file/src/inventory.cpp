#include "inventory.hpp"

void Inventory::add(const std::string& item, int count) {
    stock_[item] += count;
}

bool Inventory::take(const std::string& item, int count) {
    const auto found = stock_.find(item);
    if (found == stock_.end() || found->second < count) {
        return false;
    }
    found->second -= count;
    return true;
}

int Inventory::count(const std::string& item) const {
    const auto found = stock_.find(item);
    return found == stock_.end() ? 0 : found->second;
}
