#pragma once
// Phase 1, discover: parse every translation unit with LibTooling and collect the mutation sites.

#include <set>
#include <string>
#include <vector>

#include "mutator/operator.hpp"
#include "mutator/project.hpp"
#include "mutator/scope.hpp"
#include "mutator/site.hpp"

namespace mutator {

struct FinderOptions {
    OperatorSettings settings;
    std::vector<std::string> paths;  // absolute files or folders that limit the scan; empty: everything
    // Translation units (absolute, canonical) compiled only into test programs. A file that only such units
    // (written against a test framework) reach, and that includes a test framework itself, is test code,
    // left out whatever its name ("test code" in the skipped counts).
    std::set<std::string> test_units;
};

/// Finds every mutation site of a project. Throws mlab::InputError with clang's first error when a
/// translation unit does not parse, or naming a PATH that is not part of the project.
SiteList find_sites(const Project& project, const ProjectScope& scope, const FinderOptions& options);

/// Finds the sites in C++ code given as a string (for tests): `file_name` is its name under a temporary
/// root, `args` the compiler flags.
SiteList find_sites_in_code(const std::string& code, const OperatorSettings& settings,
                            const std::string& file_name = "input.cpp",
                            const std::vector<std::string>& args = {"-std=c++20"});

/// The stable id of a site: a hash of its file, function, rule, replacement, the text of the whole
/// expression and its occurrence index among equal ones in that function.
std::string site_id(const std::string& file, const std::string& function_key, const std::string& rule,
                    const std::string& replacement, const std::string& node_text, unsigned occurrence);

}  // namespace mutator
