// A plain test program: exit code 0 when every check holds.
#include "names.hpp"

int main() {
    return code_length() == 2 && twice(3) == 6 && clamp_low(1, 4) == 4 && clamp_low(7, 4) == 7 ? 0 : 1;
}
