int answer() {
    return 42;
}

int broken() { return undefined_name + 1; }
