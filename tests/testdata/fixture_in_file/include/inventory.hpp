#pragma once

#include <map>
#include <string>

/// How many of each item a shop holds.
class Inventory {
  public:
    void add(const std::string& item, int count);
    /// Takes `count` of `item` and returns true, or returns false (and takes nothing) when there are fewer.
    bool take(const std::string& item, int count);
    int count(const std::string& item) const;

  private:
    std::map<std::string, int> stock_;
};
