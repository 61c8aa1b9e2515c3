// REVIEW: pending
TEST(A, B) {
    const char* s = R"x(})x";
}
