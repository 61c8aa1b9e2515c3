// Extraction of tests from model replies, and the composed test file, on replies in strings.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "curator/extract.hpp"
#include "curator/prompt.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace curator {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> names(const Extraction& extraction) {
    std::vector<std::string> out;
    for (const ExtractedTest& test : extraction.tests) {
        out.push_back(test.suite + "." + test.name);
    }
    return out;
}

const char* const kFencedReply = R"(Here are the tests you asked for.

```cpp
#include <gtest/gtest.h>
#include "lib.hpp"

namespace lib {
namespace {

int twice(int x) { return 2 * x; }

// Zero is its own double.
TEST(Twice, OfZero) {
    EXPECT_EQ(twice(0), 0);
}

TEST(Twice, OfBraces) {
    const char* text = "}";  // a brace in a string does not end the test
    EXPECT_STREQ(text, "}");
}

}  // namespace
}  // namespace lib

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
```

```bash
ctest
```
They cover zero and strings.)";

TEST(Extract, SplitsFencedCodeIntoTestsSupportAndIncludes) {
    const Extraction extraction = extract_tests(kFencedReply, {});
    EXPECT_THAT(names(extraction), ElementsAre("Twice.OfZero", "Twice.OfBraces"));
    EXPECT_THAT(extraction.includes, ElementsAre("#include <gtest/gtest.h>", "#include \"lib.hpp\""));
    EXPECT_THAT(extraction.tests[0].text, HasSubstr("// Zero is its own double."));
    EXPECT_THAT(extraction.tests[1].text, HasSubstr("EXPECT_STREQ(text, \"}\");\n}"));
    ASSERT_FALSE(extraction.chunks.empty());
    EXPECT_EQ(extraction.chunks[0].text, "int twice(int x) { return 2 * x; }");
    EXPECT_THAT(extraction.chunks[0].namespaces, ElementsAre("lib", ""));
    EXPECT_THAT(extraction.notes, Contains(HasSubstr("main()")));
    EXPECT_THAT(extraction.notes, Contains(HasSubstr("```bash")));
    EXPECT_THAT(extraction.notes, Contains(HasSubstr("2 lines of prose")));
}

TEST(Extract, ReadsBareCodeWithoutFences) {
    const Extraction extraction = extract_tests("TEST(A, B) { EXPECT_TRUE(true); }\nTEST_F(Fix, C) {}\n", {});
    EXPECT_THAT(names(extraction), ElementsAre("A.B", "Fix.C"));
    EXPECT_EQ(extraction.tests[1].macro, "TEST_F");
}

TEST(Extract, RenamesTestsThatClashWithExistingOnes) {
    const Extraction extraction =
        extract_tests("```cpp\nTEST(A, B) {}\nTEST(A, B) {}\nTEST(A, C) {}\n```\n", {"A.B", "A.BGenerated"});
    EXPECT_THAT(names(extraction), ElementsAre("A.BGenerated2", "A.BGenerated3", "A.C"));
    EXPECT_EQ(extraction.tests[0].original_name, "B");
    EXPECT_THAT(extraction.tests[0].text, HasSubstr("TEST(A, BGenerated2)"));
    EXPECT_THAT(extraction.notes, Contains(HasSubstr("renamed A.B to A.BGenerated2")));
}

TEST(Extract, KeepsFixturesAndDropsACutTest) {
    const Extraction extraction = extract_tests(
        "```cpp\nclass Fix : public ::testing::Test {\n protected:\n  int x = 1;\n};\nTEST_F(Fix, One) { "
        "EXPECT_EQ(x, 1); }\nTEST(Cut, Off) {\n  EXPECT_EQ(1,\n```\n",
        {});
    EXPECT_THAT(names(extraction), ElementsAre("Fix.One"));
    ASSERT_FALSE(extraction.chunks.empty());
    EXPECT_THAT(extraction.chunks[0].text, HasSubstr("class Fix"));
    EXPECT_THAT(extraction.chunks[0].text, HasSubstr("};"));
    EXPECT_THAT(extraction.notes, Contains(HasSubstr("Cut, Off")));
}

TEST(Extract, AReplyWithoutCodeHasNoTests) {
    const Extraction extraction = extract_tests("I am sorry, I cannot write tests for this code.", {});
    EXPECT_TRUE(extraction.tests.empty());
    EXPECT_FALSE(extraction.notes.empty());
}

TEST(Extract, HelpersRepeatedInTwoBlocksAreKeptOnce) {
    const Extraction extraction = extract_tests(
        "```cpp\nint one() { return 1; }\nTEST(A, B) {}\n```\nand\n```cpp\nint one() { return 1; }\n"
        "TEST(A, C) {}\n```\n",
        {});
    EXPECT_EQ(std::count_if(extraction.chunks.begin(), extraction.chunks.end(),
                            [](const Chunk& chunk) { return chunk.test < 0; }),
              1);
}

TEST(ListTests, FindsEveryTestOfAFile) {
    const std::vector<ExtractedTest> tests =
        list_tests("namespace n {\nTEST(S, One) { int a = 1; }\nTEST_P(P, Two) {}\n}\n");
    ASSERT_EQ(tests.size(), 2U);
    EXPECT_EQ(tests[0].suite + "." + tests[0].name, "S.One");
    EXPECT_EQ(tests[0].body, " int a = 1; ");
}

TEST(Compose, ReopensNamespacesAndMarksTests) {
    const Extraction extraction = extract_tests(kFencedReply, {});
    ComposeOptions options;
    options.preamble = "// top\n";
    options.lines_above = {"// REVIEW: pending\n", "// REVIEW: pending\n"};
    options.commented_out = {false, true};
    const ComposedFile file = compose(extraction, options);
    EXPECT_EQ(file.text.rfind("// top\n\n#include <gtest/gtest.h>\n", 0), 0U) << file.text;
    EXPECT_THAT(file.text, HasSubstr("namespace lib {\n\nnamespace {\n"));
    EXPECT_THAT(file.text,
                HasSubstr("// REVIEW: pending\n// Zero is its own double.\nTEST(Twice, OfZero) {"));
    EXPECT_THAT(file.text, HasSubstr("// REVIEW: pending\n// TEST(Twice, OfBraces) {\n"));
    EXPECT_THAT(file.text, HasSubstr("}  // namespace\n}  // namespace lib\n"));
    const std::vector<std::string_view> lines = [&] {
        std::vector<std::string_view> all;
        std::string_view text = file.text;
        for (std::size_t at = 0; at < text.size();) {
            const std::size_t end = text.find('\n', at);
            all.push_back(text.substr(at, end - at));
            at = end + 1;
        }
        return all;
    }();
    EXPECT_EQ(lines[file.test_lines[0].first - 1], "// Zero is its own double.");
    EXPECT_EQ(lines[file.test_lines[0].second - 1], "}");
    EXPECT_EQ(lines[file.test_lines[1].first - 1], "// TEST(Twice, OfBraces) {");
}

TEST(Compose, LeavesOutExcludedTests) {
    const Extraction extraction = extract_tests(kFencedReply, {});
    ComposeOptions options;
    options.included = {false, true};
    const std::string text = compose(extraction, options).text;
    EXPECT_THAT(text, Not(HasSubstr("OfZero")));
    EXPECT_THAT(text, HasSubstr("OfBraces"));
}

TEST(CompleteReply, ABareReplyGetsGtestTheExistingIncludesAndUsingDeclarations) {
    const std::string existing =
        "#include <gtest/gtest.h>\n#include <vector>\n#include \"lib.hpp\"\n\nusing lib::twice;\n"
        "namespace lib { using Twice = int; }\n\nTEST(Twice, OfOne) { EXPECT_EQ(twice(1), 2); }\n";
    Extraction bare = extract_tests("TEST(Twice, OfTwo) { EXPECT_EQ(twice(2), 4); }\n", {});
    const std::vector<std::string> added = complete_reply(bare, existing, {"#include \"lib/lib.hpp\""});
    EXPECT_THAT(bare.includes, ElementsAre("#include <gtest/gtest.h>", "#include <vector>",
                                           "#include \"lib.hpp\"", "#include \"lib/lib.hpp\""));
    EXPECT_THAT(added, Contains("using lib::twice;"));
    const std::string text = compose(bare, {}).text;
    EXPECT_LT(text.find("using lib::twice;"), text.find("TEST(Twice, OfTwo)"));
    EXPECT_THAT(text, Not(HasSubstr("using Twice")));  // only namespace-scope declarations at file scope

    // What the reply has already is not added twice, however it spells the quotes.
    Extraction full = extract_tests(
        "#include \"gtest/gtest.h\"\n#include <lib.hpp>\nusing lib::twice;\nTEST(Twice, OfThree) { "
        "EXPECT_EQ(twice(3), 6); }\n",
        {});
    EXPECT_THAT(complete_reply(full, existing, {}), ElementsAre("#include <vector>"));
}

TEST(MergeExtractions, AppendsNewTestsAndPutsARepairInPlaceWithItsHelpers) {
    Extraction first = extract_tests(
        "```cpp\nint helper() { return 1; }\nTEST(A, One) { EXPECT_EQ(helper(), 1); }\nTEST(A, Two) { broken "
        "}\n```\n",
        {});
    const Extraction more = extract_tests(
        "```cpp\n#include <string>\nint helper() { return 1; }\nTEST(A, Three) { EXPECT_EQ(helper(), 1); "
        "}\n```\n",
        {});
    EXPECT_THAT(append_extraction(first, more), ElementsAre(2U));
    ASSERT_EQ(first.tests.size(), 3U);
    EXPECT_EQ(first.tests[2].name, "Three");
    EXPECT_THAT(first.includes, Contains("#include <string>"));

    const Extraction repair = extract_tests(
        "```cpp\nint other() { return 2; }\nTEST(A, Two) { EXPECT_EQ(other(), 2); }\n```\n", {});
    replace_test(first, 1, repair, 0);
    const std::string text = compose(first, {}).text;
    EXPECT_EQ(text.find("int helper()"), text.rfind("int helper()"));  // the shared helper stays once
    EXPECT_LT(text.find("int other()"), text.find("TEST(A, Two)"));    // the repair's helper comes first
    EXPECT_LT(text.find("TEST(A, One)"), text.find("TEST(A, Two)"));   // in its old place
    EXPECT_LT(text.find("TEST(A, Two)"), text.find("TEST(A, Three)"));
    EXPECT_THAT(text, Not(HasSubstr("broken")));
}

TEST(DeclaredName, NamesWhatAPieceOfSupportCodeDeclares) {
    EXPECT_EQ(declared_name("class AccountTest : public ::testing::Test {\n int x;\n};"), "AccountTest");
    EXPECT_EQ(declared_name("template <typename T>\nstruct Typed : ::testing::Test {};"), "Typed");
    EXPECT_EQ(declared_name("enum class Color { red };"), "Color");
    EXPECT_EQ(declared_name("Account make_account(int cents) { return Account(cents); }"), "make_account");
    EXPECT_EQ(declared_name("const std::vector<int> kValues{1, 2};"), "kValues");
    EXPECT_EQ(declared_name("constexpr int kLimit = 10;"), "kLimit");
    EXPECT_EQ(declared_name("using Clock = std::chrono::steady_clock;"), "Clock");
    EXPECT_EQ(declared_name("typedef std::map<int, int> Table;"), "Table");
    EXPECT_EQ(declared_name("INSTANTIATE_TEST_SUITE_P(Small, Sizes, ::testing::Values(1, 2));"),
              "INSTANTIATE_TEST_SUITE_P(Small,Sizes");
    EXPECT_EQ(declared_name("using namespace std::chrono_literals;"), "");
    EXPECT_EQ(declared_name("using app::Account;"), "");
    EXPECT_EQ(declared_name("#define TWICE(x) (2 * (x))"), "");
}

TEST(ClashKey, NamesWhatWouldBeDefinedTwice) {
    EXPECT_EQ(clash_key("class AccountTest : public ::testing::Test {};"), "class AccountTest");
    EXPECT_EQ(clash_key("class AccountTest;"), "");
    EXPECT_EQ(clash_key("Account make(const std::string& name, int cents) { return {}; }"),
              clash_key("Account make(const std::string &who, int c) {\n return Account(c);\n}"));
    EXPECT_NE(clash_key("Account make(int cents) { return {}; }"),
              clash_key("Account make(long cents) { return {}; }"));
    EXPECT_NE(clash_key("bool operator==(const A& a, const A& b) { return true; }"),
              clash_key("std::ostream& operator<<(std::ostream& out, const A& a) { return out; }"));
    EXPECT_EQ(clash_key("constexpr int kLimit = 10;"), "kLimit");
    EXPECT_EQ(clash_key("using Clock = std::chrono::steady_clock;"), "");
    EXPECT_EQ(clash_key("INSTANTIATE_TEST_SUITE_P(Small, Sizes, ::testing::Values(1));"),
              "INSTANTIATE_TEST_SUITE_P(Small,Sizes");
}

const char* const kExistingFile = R"(#include <gtest/gtest.h>
#include "inventory.hpp"

namespace {

using Item = std::string;

class InventoryTest : public ::testing::Test {
  protected:
    Inventory inventory;
};

Inventory stocked(const std::string& item, int count) {
    Inventory inventory;
    inventory.add(item, count);
    return inventory;
}

std::ostream& operator<<(std::ostream& out, const Inventory& inventory) {
    return out << inventory.count("a");
}

class Sizes : public ::testing::TestWithParam<int> {};

}  // namespace

TEST_F(InventoryTest, StartsEmpty) { EXPECT_EQ(inventory.count("a"), 0); }

INSTANTIATE_TEST_SUITE_P(Small, Sizes, ::testing::Values(1, 2));
)";

TEST(LeaveOutExistingDefinitions, DropsTheReplysCopiesOfWhatTheExistingFileDefines) {
    Extraction reply = extract_tests(R"(```cpp
#include "inventory.hpp"

namespace {

using Item = std::string;

class InventoryTest : public ::testing::Test {
  protected:
    Inventory inventory;
    int extra = 0;
};

int twice(int x) { return 2 * x; }

Inventory stocked(const std::string& name, int how_many) {
    Inventory inventory;
    inventory.add(name, how_many);
    return inventory;
}

Inventory stocked(int apples) { return stocked("apple", apples); }

bool operator==(const Inventory& a, const Inventory& b) { return a.count("a") == b.count("a"); }

class Sizes;

}  // namespace

TEST_F(InventoryTest, CountsTwice) { EXPECT_EQ(twice(inventory.count("a")), 0); }
```
)",
                                     {});
    const std::vector<std::string> notes = leave_out_existing_definitions(reply, kExistingFile);
    ASSERT_EQ(notes.size(), 2U);
    EXPECT_THAT(notes[0], HasSubstr("`InventoryTest`"));
    EXPECT_THAT(notes[1], HasSubstr("`stocked`"));  // the same parameter types, other names
    const std::string text = compose(reply, {}).text;
    EXPECT_THAT(text, Not(HasSubstr("class InventoryTest")));
    EXPECT_THAT(text, Not(HasSubstr("const std::string& name, int how_many")));
    EXPECT_THAT(text, HasSubstr("Inventory stocked(int apples)"));  // an overload
    EXPECT_THAT(text, HasSubstr("bool operator==("));               // another operator than the file's <<
    EXPECT_THAT(text, HasSubstr("class Sizes;"));                   // a declaration does not clash
    EXPECT_THAT(text, HasSubstr("int twice(int x)"));               // the reply's own helper stays
    EXPECT_THAT(text, HasSubstr("using Item = std::string;"));      // an alias may be declared again
    EXPECT_THAT(text, HasSubstr("TEST_F(InventoryTest, CountsTwice)"));
}

TEST(NamesUsedFrom, TheExistingFilesFixtureHelpersAndSuiteRegistrationATestUses) {
    const Extraction reply = extract_tests(R"(```cpp
int twice(int x) { return 2 * x; }
TEST_F(InventoryTest, UsesTheFixture) { EXPECT_EQ(inventory.count("a"), 0); }
TEST(Inventory, UsesTheHelper) { EXPECT_EQ(twice(stocked("a", 1).count("a")), 2); }
TEST_P(Sizes, UsesTheSuite) { EXPECT_GT(GetParam(), 0); }
TEST(Inventory, UsesNothing) { EXPECT_EQ(twice(1), 2); }
```
)",
                                           {});
    ASSERT_EQ(reply.tests.size(), 4U);
    EXPECT_THAT(names_used_from(reply.tests[0], reply, kExistingFile), ElementsAre("InventoryTest"));
    EXPECT_THAT(names_used_from(reply.tests[1], reply, kExistingFile), ElementsAre("stocked"));
    EXPECT_THAT(names_used_from(reply.tests[2], reply, kExistingFile),
                ElementsAre("Sizes", "INSTANTIATE_TEST_SUITE_P(Small, Sizes, ...)"));
    EXPECT_THAT(names_used_from(reply.tests[3], reply, kExistingFile), ElementsAre());
}

TEST(Extract, ACommentEndingTheLineOfAClosingBraceStaysOffTheNextTest) {
    const Extraction reply = extract_tests(
        "```cpp\nnamespace {\nint one() { return 1; }\n}  // namespace\n\n// Checks one.\nTEST(A, One) { "
        "EXPECT_EQ(one(), 1); }\n```\n",
        {});
    ASSERT_EQ(reply.tests.size(), 1U);
    EXPECT_THAT(reply.tests[0].text, Not(HasSubstr("// namespace")));
    EXPECT_THAT(reply.tests[0].text, HasSubstr("// Checks one."));
}

TEST(CommentOut, PrefixesEveryLine) {
    EXPECT_EQ(comment_out("a\n\n  b"), "// a\n//\n//   b\n");
}

TEST(PromptTemplate, TheShippedTemplatesLoadAndRenderTheirPlaceholders) {
    for (const char* name : {"aim-survivors", "repair-gtest"}) {
        const PromptTemplate loaded =
            load_template(std::filesystem::path(MLAB_PROMPTS_DIR) / (std::string(name) + ".txt"));
        EXPECT_EQ(loaded.name, name);
        std::map<std::string, std::string> values;
        for (const auto& [placeholder, _] : known_placeholders()) {
            values[placeholder] = "<" + placeholder + ">";
        }
        const std::string user = render(loaded, values).user;
        EXPECT_THAT(user, HasSubstr(std::string(name) == "repair-gtest" ? "<broken_tests>" : "<survivors>"));
        EXPECT_THAT(user, HasSubstr("<source>"));
    }
}

TEST(PromptTemplate, TheDefaultTemplateLoadsAndRendersEveryPlaceholder) {
    const PromptTemplate loaded =
        load_template(std::filesystem::path(MLAB_PROMPTS_DIR) / "generate-gtest.txt");
    EXPECT_EQ(loaded.name, "generate-gtest");
    EXPECT_FALSE(loaded.version.empty());
    EXPECT_EQ(loaded.hash.size(), 16U);
    std::map<std::string, std::string> values;
    for (const auto& [name, _] : known_placeholders()) {
        values[name] = "<" + name + ">";
    }
    const Prompt prompt = render(loaded, values);
    EXPECT_THAT(prompt.system + prompt.user, Not(HasSubstr("{{")));
    EXPECT_THAT(prompt.user, HasSubstr("<source>"));
    EXPECT_THAT(prompt.user, HasSubstr("<existing_tests>"));
    EXPECT_THAT(prompt.user, HasSubstr("<count>"));
    EXPECT_THAT(prompt.user, HasSubstr("<uncovered_lines>"));
}

TEST(PromptTemplate, RejectsUnknownPlaceholdersAndMissingHeaders) {
    const std::filesystem::path dir = mlab::make_temp_directory("curator-prompt");
    mlab::write_file_atomic(dir / "bad.txt", "# name: x\n# version: 1\n[user]\nWrite {{cuont}} tests\n");
    try {
        load_template(dir / "bad.txt");
        FAIL() << "an unknown placeholder was accepted";
    } catch (const mlab::InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("{{cuont}}"));
        EXPECT_THAT(error.what(), HasSubstr("bad.txt"));
    }
    mlab::write_file_atomic(dir / "nameless.txt", "[user]\nhi\n");
    EXPECT_THROW(load_template(dir / "nameless.txt"), mlab::InputError);
    mlab::write_file_atomic(dir / "empty.txt", "# name: x\n# version: 1\n[system]\nhi\n");
    EXPECT_THROW(load_template(dir / "empty.txt"), mlab::InputError);
    std::filesystem::remove_all(dir);
}

TEST(PromptTemplate, ValuesAreNotExpandedAgain) {
    const std::filesystem::path dir = mlab::make_temp_directory("curator-prompt");
    mlab::write_file_atomic(dir / "t.txt",
                            "# name: t\n# version: 2\n[system]\nS\n[user]\n{{source}} and {{count}}\n");
    const PromptTemplate loaded = load_template(dir / "t.txt");
    const Prompt prompt = render(loaded, {{"source", "uses {{count}} literally"}, {"count", "3"}});
    EXPECT_EQ(prompt.system, "S");
    EXPECT_EQ(prompt.user, "uses {{count}} literally and 3");
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace curator
