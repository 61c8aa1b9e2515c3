#pragma once
// What `curator generate` recorded beside a test file (`<file>.curator.json`), as review, annotate and
// report read it. A missing or unreadable sidecar reads as an empty one: the review works without it.

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace curator {

struct SidecarTest {
    std::string verdict;
    std::string evidence;
    std::string renamed_from;
    std::string duplicate_of;
    bool mutation_measured = false;
    std::set<std::string> kills;
    std::set<std::string> unique_kills;
    std::vector<std::string> unique_kill_labels;  // "ROR <= -> < at src/x.cpp:9", one per unique kill
};

struct Sidecar {
    std::filesystem::path path;
    bool present = false;
    std::string problem;  // why a sidecar that exists could not be read
    std::string date;
    std::string provider;
    std::string model;
    bool hand_written_sample = false;
    std::string prompt;          // "name vVERSION (hash)"
    std::string existing_tests;  // inputs.tests, relative to the project's source folder
    std::map<std::string, SidecarTest> tests;
    std::map<std::string, std::set<std::string>>
        existing_kills;  // the other tests of generate's mutation run
};

Sidecar read_sidecar(const std::filesystem::path& test_file);

}  // namespace curator
