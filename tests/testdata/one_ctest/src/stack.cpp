#include "stack.hpp"

bool Stack::push(int value) {
    if (size_ >= kCapacity) {
        return false;
    }
    items_[size_] = value;
    ++size_;
    return true;
}

bool Stack::pop(int* out) {
    if (size_ == 0) {
        return false;
    }
    --size_;
    *out = items_[size_];
    return true;
}

const int* Stack::top() const {
    if (size_ == 0) {
        return nullptr;
    }
    return &items_[size_ - 1];
}

int top_or(const Stack& stack, int fallback) {
    const int* top = stack.top();
    if (top == nullptr) {
        return fallback;
    }
    return *top;
}
