#pragma once

int clamp_to(int value, int low, int high);
