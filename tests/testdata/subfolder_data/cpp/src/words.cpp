#include "words.hpp"

#include <fstream>

std::vector<std::string> read_words(const std::string& path) {
    std::vector<std::string> words;
    std::ifstream in(path);
    for (std::string word; in >> word;) {
        words.push_back(word);
    }
    return words;
}

int count_shorter_than(const std::vector<std::string>& words, std::size_t limit) {
    int count = 0;
    for (const std::string& word : words) {
        if (word.size() < limit) {
            ++count;
        }
    }
    return count;
}

std::string longest(const std::vector<std::string>& words) {
    std::string best;
    for (const std::string& word : words) {
        if (word.size() > best.size()) {
            best = word;
        }
    }
    return best;
}
