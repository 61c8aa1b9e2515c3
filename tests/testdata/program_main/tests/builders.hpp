#pragma once

#include "account.hpp"

/// An account holding `cents` (a test helper, defined in builders.cpp).
Account funded(int cents);
