#pragma once

/// `value` moved into [low, high].
int clamp_to(int value, int low, int high);
