#pragma once

int code_length();
int twice(int value);
int clamp_low(int value, int low);
