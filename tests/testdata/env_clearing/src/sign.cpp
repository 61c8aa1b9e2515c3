int sign(int value) {
    if (value < 0) {
        return -1;
    }
    return value > 0 ? 1 : 0;
}
