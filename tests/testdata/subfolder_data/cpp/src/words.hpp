#pragma once
#include <string>
#include <vector>

std::vector<std::string> read_words(const std::string& path);
int count_shorter_than(const std::vector<std::string>& words, std::size_t limit);
std::string longest(const std::vector<std::string>& words);
