#pragma once

#include "account.hpp"

#include <string>

/// An account holding `cents` (a test helper, defined in builders.cpp).
Account funded(int cents);

/// An account holding the balance written in the file `path` (relative to the folder tests run in).
Account from_file(const std::string& path);

/// The currency the test program was given (`--currency=...`; defined in test_main.cpp).
const std::string& currency();
