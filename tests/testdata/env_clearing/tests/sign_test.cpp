// A plain test program: exit code 0 when every check holds.
int sign(int value);

int main() {
    return sign(-4) == -1 && sign(0) == 0 && sign(9) == 1 ? 0 : 1;
}
