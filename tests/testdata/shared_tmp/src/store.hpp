#pragma once
#include <string>

// Writes `value` to `path`, waits `pause_ms`, and reads the file back.
int store_and_load(const std::string& path, int value, int pause_ms);
int clamp_value(int value, int limit);
