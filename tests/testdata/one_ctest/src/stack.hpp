#pragma once
#include <cstddef>

// A stack of at most kCapacity ints.
class Stack {
  public:
    static constexpr std::size_t kCapacity = 4;
    bool push(int value);
    bool pop(int* out);
    const int* top() const;
    std::size_t size() const { return size_; }

  private:
    int items_[kCapacity] = {};
    std::size_t size_ = 0;
};

// The top value, or `fallback` when the stack is empty.
int top_or(const Stack& stack, int fallback);
