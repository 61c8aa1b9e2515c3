#pragma once

/// A bank account's balance in cents.
class Account {
  public:
    explicit Account(int balance = 0);
    /// Adds `cents`; throws std::invalid_argument unless it is positive.
    void deposit(int cents);
    /// Takes `cents` out and returns true, or returns false (and takes nothing) when the balance is short.
    bool withdraw(int cents);
    int balance() const;

  private:
    int balance_;
};
