// Each operator on code in a string: what it mutates, and, next to it, what it must leave alone.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "operator_test_support.hpp"

namespace mutator {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::mutants;

TEST(Ror, IntegersGetTheBoundaryAndTheNegation) {
    EXPECT_THAT(mutants("bool f(int a, int b) { return a < b; }", {"ROR"}),
                ElementsAre("ROR.lt_to_le < -> <=", "ROR.lt_to_ge < -> >="));
    EXPECT_THAT(mutants("bool f(int a, int b) { return a >= b; }", {"ROR"}),
                ElementsAre("ROR.ge_to_gt >= -> >", "ROR.ge_to_lt >= -> <"));
    EXPECT_THAT(mutants("bool f(int a, int b) { return a == b; }", {"ROR"}),
                ElementsAre("ROR.eq_to_ne == -> !="));
}

TEST(Ror, BoolsGetOnlyEqualitySwaps) {
    EXPECT_THAT(mutants("bool f(bool a, bool b) { return a != b; }", {"ROR"}),
                ElementsAre("ROR.ne_to_eq != -> =="));
    EXPECT_THAT(mutants("bool f(bool a, bool b) { return a < b; }", {"ROR"}), IsEmpty());
}

TEST(Ror, FloatsPointersAndEnumsGetNoBoundaryMutant) {
    EXPECT_THAT(mutants("bool f(double a, double b) { return a < b; }", {"ROR"}),
                ElementsAre("ROR.lt_to_ge < -> >="));
    EXPECT_THAT(mutants("bool f(int* a, int* b) { return a == b; }", {"ROR"}),
                ElementsAre("ROR.eq_to_ne == -> !="));
    EXPECT_THAT(mutants("enum E { A, B }; bool f(E a) { return a > B; }", {"ROR"}),
                ElementsAre("ROR.gt_to_le > -> <="));
}

TEST(Ror, ClassTypesGetOnlyTheOverloadedEqualitySwap) {
    EXPECT_THAT(mutants("#include <string>\nbool f(const std::string& s) { return s == \"x\"; }", {"ROR"}),
                ElementsAre("ROR.eq_to_ne == -> !="));
    EXPECT_THAT(mutants("#include <string>\nbool f(const std::string& s) { return s < \"x\"; }", {"ROR"}),
                IsEmpty());
}

TEST(Aor, SwapsArithmeticAndCompoundAssignment) {
    EXPECT_THAT(mutants("int f(int a, int b) { return a * b - a % b; }", {"AOR"}),
                ElementsAre("AOR.mul_to_div * -> /", "AOR.sub_to_add - -> +", "AOR.rem_to_div % -> /"));
    EXPECT_THAT(
        mutants("void f(int& a, int b) { a += b; a /= b; }", {"AOR"}),
        ElementsAre("AOR.add_assign_to_sub_assign += -> -=", "AOR.div_assign_to_mul_assign /= -> *="));
}

TEST(Aor, SkipsEquivalentAndIllFormedMutants) {
    EXPECT_THAT(mutants("int f(int a) { int b = a + 0; b -= 0; return b * 1 / 1; }", {"AOR"}), IsEmpty());
    EXPECT_THAT(mutants("long f(int* a, int* b) { return a - b; }", {"AOR"}), IsEmpty());
    EXPECT_THAT(mutants("int* f(int* a) { return a + 2; }", {"AOR"}), ElementsAre("AOR.add_to_sub + -> -"));
    EXPECT_THAT(mutants("#include <string>\nstd::string f(std::string a) { return a + \"!\"; }", {"AOR"}),
                IsEmpty());
}

// 0 * 4 -> 0 / 4 is 0 again; x * 0 -> x / 0 divides by zero: neither is a bug a test can find.
TEST(Aor, LeavesArithmeticOnALiteralZeroAlone) {
    EXPECT_THAT(
        mutants("int f(int a) { int b = 0 * 4 + a * 0; b += 0 / a + 0 % a; b *= 0; return b; }", {"AOR"}),
        ElementsAre("AOR.add_to_sub + -> -",
                    "AOR.add_assign_to_sub_assign += -> -=", "AOR.add_to_sub + -> -"));
    EXPECT_THAT(mutants("double f(double a) { return 0.0 * a - a / 0.0; }", {"AOR"}),
                ElementsAre("AOR.sub_to_add - -> +"));
    EXPECT_THAT(mutants("int f(int a) { return 0 - a; }", {"AOR"}), ElementsAre("AOR.sub_to_add - -> +"));
}

TEST(Lcr, SwapsLogicalConnectors) {
    EXPECT_THAT(mutants("bool f(bool a, bool b, bool c) { return a && (b || c); }", {"LCR"}),
                ElementsAre("LCR.and_to_or && -> ||", "LCR.or_to_and || -> &&"));
    EXPECT_THAT(mutants("int f(int a, int b) { return a & b; }", {"LCR"}), IsEmpty());
}

TEST(Uoi, SwapsIncrementAndDecrementOnScalars) {
    EXPECT_THAT(mutants("void f(int& i, int* p) { ++i; p--; }", {"UOI"}),
                ElementsAre("UOI.inc_to_dec ++ -> --", "UOI.dec_to_inc -- -> ++"));
    EXPECT_THAT(mutants("#include <vector>\nvoid f(std::vector<int>::iterator& it) { ++it; }", {"UOI"}),
                IsEmpty());
}

TEST(Uod, RemovesNegationAndUnaryMinus) {
    EXPECT_THAT(mutants("int f(bool b, int x) { return !b ? -x : x; }", {"UOD"}),
                ElementsAre("UOD.remove_not ! -> ", "UOD.remove_minus - -> "));
    EXPECT_THAT(mutants("#include <memory>\nbool f(const std::unique_ptr<int>& p) { return !p; }", {"UOD"}),
                IsEmpty());
}

TEST(Sdl, DeletesCallStatementsWhoseResultIsUnused) {
    const char* code = R"(
        void notify(int);
        int compute();
        void f(int x) {
            notify(x);
            compute();
            int kept = compute();
            if (x) notify(kept);
        })";
    EXPECT_THAT(mutants(code, {"SDL"}),
                ElementsAre("SDL.remove_call notify(x); -> ", "SDL.remove_call compute(); -> "));
}

TEST(Sdl, LeavesAridCallsAlone) {
    const char* code = R"(
        #include <cstdio>
        void log_event(int);
        void f(int x) { std::printf("%d", x); log_event(x); }
    )";
    EXPECT_THAT(mutants(code, {"SDL"}), IsEmpty());
}

// reserve, shrink_to_fit and rehash only change how much memory a container holds: neither deleted nor
// their arguments mutated, by default.
TEST(Sdl, LeavesCapacityHintsAlone) {
    const char* code = R"(
        #include <string>
        #include <unordered_map>
        #include <vector>
        struct Seats { void reserve(int seat); };
        int f(std::vector<int>& v, std::string& s, std::unordered_map<int, int>& m, Seats& seats, int n) {
            v.reserve(n + 4);
            s.reserve(n * 2);
            m.rehash(n - 1);
            v.shrink_to_fit();
            seats.reserve(n + 1);
            return n;
        })";
    OperatorSettings settings = testing::settings_for({"SDL", "AOR"});
    settings.arid_names = default_arid_names();
    const SiteList list = find_sites_in_code(code, settings);
    EXPECT_THAT(testing::describe(list),
                ElementsAre("SDL.remove_call seats.reserve(n + 1); -> ", "AOR.add_to_sub + -> -"))
        << "a function of the project's own named reserve is still mutated";
    EXPECT_GE(list.skipped.at("arid call"), 3U);
}

TEST(Cr, ReplacesIntegersWithZeroOneAndNeighbours) {
    EXPECT_THAT(mutants("int f() { return 10; }", {"CR"}),
                ElementsAre("CR.int_to_zero 10 -> 0", "CR.int_to_one 10 -> 1", "CR.int_increment 10 -> 11",
                            "CR.int_decrement 10 -> 9"));
    EXPECT_THAT(mutants("int f() { return 0; }", {"CR"}),
                ElementsAre("CR.int_to_one 0 -> 1", "CR.int_decrement 0 -> (-1)"));
    EXPECT_THAT(mutants("unsigned f() { return 0u; }", {"CR"}), ElementsAre("CR.int_to_one 0u -> 1u"));
    EXPECT_THAT(mutants("bool f() { return true; }", {"CR"}), ElementsAre("CR.true_to_false true -> false"));
}

TEST(Cr, SkipsPlacesThatNeedAConstant) {
    const char* code = R"(
        #include <array>
        static_assert(2 > 1);
        constexpr int kSize = 4;
        enum Level { Low = 1 };
        int f(int x) {
            int buffer[3] = {};
            std::array<int, 5> values{};
            int* none = 0;
            switch (x) { case 7: return sizeof(int) + buffer[0] + values[0] + (none != nullptr); }
            return x;
        })";
    const SiteList list = find_sites_in_code(code, testing::settings_for({"CR"}));
    EXPECT_THAT(testing::describe(list), ElementsAre("CR.int_to_one 0 -> 1", "CR.int_decrement 0 -> (-1)",
                                                     "CR.int_to_one 0 -> 1", "CR.int_decrement 0 -> (-1)"));
    EXPECT_GE(list.skipped.at("static_assert"), 1U);
    EXPECT_GE(list.skipped.at("constexpr"), 1U);
    EXPECT_GE(list.skipped.at("array bound"), 1U);
    EXPECT_GE(list.skipped.at("template argument"), 1U);
    EXPECT_GE(list.skipped.at("case label"), 1U);
    EXPECT_GE(list.skipped.at("null pointer constant"), 1U);
    EXPECT_GE(list.skipped.at("constant expression"), 1U);  // the enumerator's value
}

TEST(Cr, SkipsInitializersTheCompilerFolds) {
    // Each of these is computed while compiling: a run-time switch there would never be on.
    const char* code = R"(
        #include <cstddef>
        const std::size_t kBase = 20;
        static const unsigned char kTable[] = {1, 2, 3};
        int counter = 4;
        struct Limits { static const int kMax = 9; };
        int f(int x) {
            const int local = 5;
            static const int counted = 6;
            int runtime = 7 + x;
            return x + local + counted + runtime + kBase + kTable[x] + Limits::kMax + counter;
        })";
    const SiteList list = find_sites_in_code(code, testing::settings_for({"CR"}));
    EXPECT_THAT(testing::describe(list), ElementsAre("CR.int_to_zero 7 -> 0", "CR.int_to_one 7 -> 1",
                                                     "CR.int_increment 7 -> 8", "CR.int_decrement 7 -> 6"));
    EXPECT_GE(list.skipped.at("constant initializer"), 6U);
}

TEST(Cr, BracedElementsGetOnlyValuesThatFitAndKeepTheirType) {
    const char* code = R"(
        #include <cstdint>
        #include <vector>
        std::vector<std::uint8_t> f(int x) {
            std::uint8_t bytes[] = {0, 255};
            return {bytes[x], 1};
        })";
    const SiteList list = find_sites_in_code(code, testing::settings_for({"CR"}));
    EXPECT_THAT(testing::describe(list), ElementsAre("CR.int_to_one 0 -> 1", "CR.int_to_zero 255 -> 0",
                                                     "CR.int_to_one 255 -> 1", "CR.int_decrement 255 -> 254",
                                                     "CR.int_to_zero 1 -> 0", "CR.int_increment 1 -> 2"));
    EXPECT_EQ(list.skipped.at("narrowing"), 2U);  // 0 -> -1 and 255 -> 256 do not fit a uint8_t
    for (const MutationSite& site : list.sites) {
        EXPECT_EQ(site.schemata_cast, "unsigned char") << site.original << " -> " << site.replacement;
    }
}

TEST(Finder, SkipsArgumentsABuiltinNeedsAsConstants) {
    const char* code = R"(
        bool f(int x) {
            __builtin_prefetch(&x, 0, 3);
            return __builtin_expect(x > 1, 0);
        })";
    const SiteList list = find_sites_in_code(code, testing::settings_for({"CR", "ROR.gt_to_ge"}));
    EXPECT_THAT(testing::describe(list),
                ElementsAre("ROR.gt_to_ge > -> >=", "CR.int_to_zero 1 -> 0", "CR.int_increment 1 -> 2"));
    EXPECT_GE(list.skipped.at("constant argument of a builtin"), 3U);
}

TEST(Finder, LeavesTemplateCodeThatMayMeetAPointerAlone) {
    const char* code = R"(
        template <typename It> long distance(It first, It last) { return last - first; }
        template <typename T> T make() { return 0; }
        int* forward(int* p, int n) { return n + p; }
        template <typename T> int count(T) { return 2 + 1; }
        long g(int* p) {
            long d = distance(p, p);
            int* z = make<int*>();
            int* q = forward(p, 0);
            return d * count(1) * (z == q);
        }
    )";
    // Only 2 + 1 in count: last - first may be pointer - pointer, n + p has no n - p twin.
    EXPECT_THAT(mutants(code, {"AOR.sub_to_add", "AOR.add_to_sub"}), ElementsAre("AOR.add_to_sub + -> -"));
    const SiteList list = find_sites_in_code(code, testing::settings_for({"CR.int_to_one"}));
    EXPECT_EQ(list.skipped.at("0 in a template (may be a null pointer)"), 1U);
}

TEST(Rvr, ReturnsTheTypesDefault) {
    const char* code = R"(
        #include <string>
        #include <vector>
        int count(int x) { return x + 1; }
        bool ready(int x) { return x > 2; }
        const char* name(const char* p) { return p; }
        std::string label(std::string s) { return s; }
        std::vector<int> items(std::vector<int> v) { return v; }
    )";
    EXPECT_THAT(
        mutants(code, {"RVR"}),
        ElementsAre("RVR.to_zero x + 1 -> 0", "RVR.to_false x > 2 -> false", "RVR.to_nullptr p -> nullptr",
                    "RVR.to_empty_string s -> \"\"", "RVR.to_default v -> {}"));
}

TEST(Rvr, SkipsDefaultsAlreadyReturnedReferencesAndDeducedTypes) {
    const char* code = R"(
        #include <string>
        int zero() { return 0; }
        bool no() { return false; }
        std::string empty() { return ""; }
        int& ref(int& x) { return x; }
        auto deduced(int x) { return x; }
        void nothing() { return; }
    )";
    EXPECT_THAT(mutants(code, {"RVR"}), IsEmpty());
}

// A mutant equal to the original: std::nullopt is {}, "" is an empty string, 0.0 and '\0' are 0.
TEST(Rvr, SkipsValuesEqualToTheDefault) {
    const char* code = R"(
        #include <optional>
        #include <string>
        std::optional<int> none() { return std::nullopt; }
        std::optional<int> some(int x) { return x; }
        std::string empty() { return {}; }
        std::string blank() { return std::string(""); }
        double nothing() { return 0.0; }
        char terminator() { return '\0'; }
        struct Status { int code; const char* message; };
        Status ok() { return Status{0, nullptr}; }
        Status failed() { return Status{1}; }
        struct Counted { int count = 5; };
        Counted uncounted() { return Counted{0}; }
    )";
    EXPECT_THAT(mutants(code, {"RVR"}),
                ElementsAre("RVR.to_default x -> {}", "RVR.to_default Status{1} -> {}",
                            "RVR.to_default Counted{0} -> {}"))
        << "{} is Counted{5}, not Counted{0}";
}

// A mutant inside an assertion only changes whether, or what, a failing check reports.
TEST(Finder, LeavesAssertionsAlone) {
    const char* code = R"(
        #include <cassert>
        #define DCHECK_LT(a, b) assert((a) < (b))
        #define MY_LIB_ASSERT(condition) do { if (!(condition)) __builtin_trap(); } while (0)
        int f(int i, int n) {
            assert(i >= 0 && i < n);
            DCHECK_LT(i + 1, n);
            MY_LIB_ASSERT(n > 2);
            return i < n;
        })";
    const SiteList list = find_sites_in_code(code, testing::settings_for({"ROR.lt_to_le", "AOR", "LCR"}));
    EXPECT_THAT(testing::describe(list), ElementsAre("ROR.lt_to_le < -> <="));
    EXPECT_GE(list.skipped.at("assertion"), 3U);
}

// `int id = 0;` in a class is left alone by default (most are overwritten by every use), counted as skipped;
// mutator.yml's default_member_initializers: true mutates them.
TEST(Cr, LeavesDefaultMemberInitializersAloneUnlessAskedTo) {
    const char* code = R"(
        struct Interaction { long id = 0; bool seen = false; int score{7}; };
        int f(Interaction i) { return i.score + 2; }
    )";
    const SiteList plain = find_sites_in_code(code, testing::settings_for({"CR"}));
    EXPECT_THAT(testing::describe(plain),
                ElementsAre("CR.int_to_zero 2 -> 0", "CR.int_to_one 2 -> 1", "CR.int_increment 2 -> 3"));
    EXPECT_EQ(plain.skipped.at("default member initializer"), 2U + 1U + 4U);  // the mutants they would be
    OperatorSettings settings = testing::settings_for({"CR"});
    settings.mutate_member_defaults = true;
    EXPECT_EQ(find_sites_in_code(code, settings).sites.size(), 3U + 2U + 1U + 4U);
}

TEST(Slr, ReplacesConfiguredStringsOnly) {
    const char* code = R"(
        #include <string>
        std::string field() { return "created_at"; }
        std::string other() { return "kind"; }
    )";
    EXPECT_THAT(mutants(code, {"SLR"}, {{"created_at", "timestamp"}}),
                ElementsAre("SLR.configured_pair \"created_at\" -> \"timestamp\""));
    EXPECT_THAT(mutants(code, {"SLR"}), IsEmpty());
}

TEST(Finder, MutatesMacroArgumentsButNotMacroBodies) {
    const char* code = R"(
        #define LESS(a, b) ((a) < (b))
        #define SAME(x) x
        bool f(int a, int b) { return LESS(a, b) || SAME(a > b); }
    )";
    const SiteList list = find_sites_in_code(code, testing::settings_for({"ROR.gt_to_ge", "ROR.lt_to_le"}));
    EXPECT_THAT(testing::describe(list), ElementsAre("ROR.gt_to_ge > -> >="));
    EXPECT_EQ(list.skipped.at("macro"), 1U);
}

TEST(Finder, LeavesPastedAndStringizedMacroArgumentsAlone) {
    const char* code = R"(
        int fail(const char*);
        #define CHECK(cond) ((cond) ? 0 : fail(#cond))
        #define KEEP(x) (x)
        #define GET(n) (n + table_##n)
        int table_2 = 4;
        int f(int a) { return CHECK(a < 3) + KEEP(a < 4) + GET(2); }
    )";
    const SiteList list =
        find_sites_in_code(code, testing::settings_for({"ROR.lt_to_le", "CR.int_increment"}));
    EXPECT_THAT(testing::describe(list), ElementsAre("ROR.lt_to_le < -> <=", "CR.int_increment 4 -> 5"));
    EXPECT_EQ(list.sites.at(0).line, 7U);
    EXPECT_EQ(list.skipped.at("pasted or stringized macro argument"), 3U);  // CHECK's < and 3, GET's 2
}

TEST(Finder, ScansTemplatesOnceAndSkipsImplicitCode) {
    const char* code = R"(
        template <typename T> bool less(T a, T b) { return a < b; }
        struct Point { int x = 0; bool operator==(const Point&) const = default; };
        bool g() { return less(1, 2) && less(1.0, 2.0); }
    )";
    EXPECT_THAT(mutants(code, {"ROR"}), ElementsAre("ROR.lt_to_le < -> <=", "ROR.lt_to_ge < -> >="));
}

TEST(Finder, SkipsAridCallArguments) {
    const char* code = R"(
        #include <cstdio>
        #include <iostream>
        void f(int a) { std::printf("%d", a + 1); std::cout << a - 1; }
    )";
    const SiteList list = find_sites_in_code(code, testing::settings_for({"AOR"}));
    EXPECT_THAT(testing::describe(list), IsEmpty());
    EXPECT_EQ(list.skipped.at("arid call"), 2U);
}

TEST(Finder, NamesTheEnclosingFunction) {
    const SiteList list =
        find_sites_in_code("namespace lab { struct Box { int size(int a) const { return a + 1; } }; }",
                           testing::settings_for({"AOR"}));
    ASSERT_EQ(list.sites.size(), 1U);
    EXPECT_EQ(list.sites[0].function, "lab::Box::size");
    EXPECT_EQ(list.sites[0].line, 1U);
    EXPECT_EQ(list.sites[0].column, 63U);
    EXPECT_EQ(list.sites[0].end_column, 64U);
}

TEST(Finder, ReportsClangsFirstError) {
    try {
        find_sites_in_code("int f() { return undeclared; }", testing::settings_for({}));
        FAIL() << "expected an error";
    } catch (const std::exception& error) {
        EXPECT_THAT(error.what(),
                    ::testing::HasSubstr("input.cpp:1:18: error: use of undeclared identifier"));
    }
}

TEST(Suppression, CommentsSwitchOffAllOrNamedRules) {
    const char* code = R"(int f(int a, int b) {
    // mutator: ignore-next-line
    int c = a + b;
    // mutator: off ROR
    bool d = a < b && c > 0;
    // mutator: on ROR
    return d ? c - 1 : c;
})";
    EXPECT_THAT(mutants(code, {"ROR.lt_to_le", "AOR", "LCR"}),
                ElementsAre("AOR.add_to_sub + -> - [suppressed]", "ROR.lt_to_le < -> <= [suppressed]",
                            "LCR.and_to_or && -> ||", "AOR.sub_to_add - -> +"));
}

TEST(Suppression, RejectsAnUnknownRuleName) {
    EXPECT_THROW(mutants("// mutator: off NOPE\nint f() { return 1; }", {"CR"}), std::exception);
}

// A project with a "mutator" of its own writes "// mutator: ..." as prose: not a directive, and no error.
// A lone unknown word, or one before operator names, is a mistyped directive.
TEST(Suppression, ProseAfterTheMarkerIsNotADirective) {
    EXPECT_THAT(mutants("// mutator: finds mutation sites in a project.\nint f() { return 1; }", {"CR"}),
                ElementsAre("CR.int_to_zero 1 -> 0", "CR.int_increment 1 -> 2"));
    EXPECT_THROW(mutants("// mutator: of\nint f() { return 1; }", {"CR"}), std::exception);
    EXPECT_THROW(mutants("// mutator: of CR\nint f() { return 1; }", {"CR"}), std::exception);
}

TEST(SiteIds, SurviveEditsOnOtherLines) {
    const std::string before = "int f(int a, int b) {\n  return a < b ? a + b : a + b;\n}\n";
    const std::string after =
        "// a new comment\n#include <cstddef>\n\nint f(int a,\n int b) {\n  int unused = 3;\n  return a < b "
        "? a + b : a + b;\n}\n";
    auto ids = [](const std::string& code) {
        std::vector<std::string> out;
        for (const MutationSite& site :
             find_sites_in_code(code, testing::settings_for({"ROR", "AOR"})).sites) {
            out.push_back(site.id);
        }
        return out;
    };
    const std::vector<std::string> first = ids(before);
    EXPECT_EQ(first.size(), 4U);  // the two identical a + b get different ids (occurrence index)
    EXPECT_EQ(std::set<std::string>(first.begin(), first.end()).size(), 4U);
    EXPECT_EQ(first, ids(after));
}

TEST(RuleSelection, TakesFamiliesAndRulesAndRejectsUnknownNames) {
    const RuleSelection selection({"ROR", "AOR.add_to_sub"}, {"ROR.lt_to_ge"});
    EXPECT_TRUE(selection.enabled("ROR.lt_to_le"));
    EXPECT_FALSE(selection.enabled("ROR.lt_to_ge"));
    EXPECT_TRUE(selection.enabled("AOR.add_to_sub"));
    EXPECT_FALSE(selection.enabled("AOR.sub_to_add"));
    EXPECT_THROW(RuleSelection({"XYZ"}, {}), std::invalid_argument);
}

TEST(RuleTable, EveryRuleBelongsToItsFamilyAndHasAnExample) {
    std::set<std::string_view> names;
    for (const RuleInfo& rule : all_rules()) {
        EXPECT_TRUE(names.insert(rule.name).second) << rule.name;
        EXPECT_EQ(rule.name.substr(0, rule.name.find('.')), rule.family) << rule.name;
        EXPECT_NE(find_family(rule.family), nullptr) << rule.name;
        EXPECT_FALSE(rule.description.empty()) << rule.name;
        EXPECT_FALSE(rule.example_before.empty()) << rule.name;
    }
    EXPECT_EQ(all_families().size(), 9U);
}

}  // namespace
}  // namespace mutator
