// A plain test program: reads the repository's shared test data and checks one thing per argument.
#include <cstdio>
#include <string>

#include "words.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> words = read_words("../test_data/words.txt");
    if (words.size() != 4) {
        std::printf("FAILED: ../test_data/words.txt holds %zu words, expected 4\n", words.size());
        return 1;
    }
    const std::string what = argc > 1 ? argv[1] : "";
    if (what == "short") {
        return count_shorter_than(words, 4) == 1 && count_shorter_than(words, 5) == 2 ? 0 : 1;
    }
    if (what == "longest") {
        return longest(words) == "banana" ? 0 : 1;
    }
    return 2;
}
