// Not listed in CMakeLists.txt: naming it to `mutator list` is an input error.
int experimental(int a) { return a + 1; }
