// libFuzzer target for the reviewed-test-file parser and the edits made on it. For any input:
// parsing never fails and its line numbers hold together; commenting a line out and back gives it back
// byte for byte; and discarding a live test, then keeping it, gives back the file the first keep wrote.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "curator/reviewed_file.hpp"
#include "mlab/common/errors.hpp"

namespace {

void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz_test_file: property broken: %s\n", what);
        std::abort();
    }
}

std::size_t line_count(std::string_view text) {
    std::size_t lines = 0;
    for (std::size_t start = 0; start < text.size(); ++lines) {
        const std::size_t end = text.find('\n', start);
        start = end == std::string_view::npos ? text.size() : end + 1;
    }
    return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const curator::TestFile parsed = curator::parse_test_file(text);
    const std::size_t lines = line_count(text);
    std::size_t previous_last = 0;
    for (const curator::TestBlock& test : parsed.tests) {
        require(test.block_first > previous_last, "test.block_first > previous_last");
        require(test.block_first <= test.first_line && test.first_line <= test.last_line &&
                    test.last_line <= lines,
                "test.block_first <= test.first_line && test.first_line <= test.last_line && test.last_line "
                "<= lines");
        for (const curator::DecisionLine& decision : test.decisions) {
            require(decision.line >= test.block_first && decision.line < test.first_line,
                    "decision.line >= test.block_first && decision.line < test.first_line");
        }
        previous_last = test.last_line;
    }

    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        end = end == std::string::npos ? text.size() : end;
        const std::string_view line(text.data() + start, end - start);
        require(curator::uncomment_line(curator::comment_line(line)) == line,
                "curator::uncomment_line(curator::comment_line(line)) == line");
        start = end + 1;
    }

    for (const curator::TestBlock& test : parsed.tests) {
        if (test.commented_out || !test.complete) {
            continue;
        }
        try {
            const std::string kept = curator::set_decision(text, test.id(), curator::Decision::kept, "kept");
            const std::string discarded =
                curator::set_decision(kept, test.id(), curator::Decision::discarded, "gone");
            const curator::TestFile reparsed = curator::parse_test_file(discarded);
            const curator::TestBlock* again = curator::find_test(reparsed, test.id());
            require(
                again != nullptr && again->commented_out && again->decision() == curator::Decision::discarded,
                "again != nullptr && again->commented_out && again->decision() == "
                "curator::Decision::discarded");
            require(again->body_hash == test.body_hash, "again->body_hash == test.body_hash");
            require(reparsed.tests.size() == curator::parse_test_file(kept).tests.size(),
                    "reparsed.tests.size() == curator::parse_test_file(kept).tests.size()");
            // A fix's evidence line goes in the test's comment block and changes nothing else.
            const std::string with_evidence = curator::set_evidence(kept, test.id(), "after the fix: e");
            const curator::TestFile evidenced = curator::parse_test_file(with_evidence);
            const curator::TestBlock* fixed = curator::find_test(evidenced, test.id());
            require(fixed != nullptr && fixed->evidence == "after the fix: e" &&
                        fixed->body_hash == test.body_hash &&
                        evidenced.tests.size() == curator::parse_test_file(kept).tests.size(),
                    "set_evidence changes only the evidence line");
            require(curator::set_decision(discarded, test.id(), curator::Decision::kept, "kept") == kept,
                    "curator::set_decision(discarded, test.id(), curator::Decision::kept, 'kept') == kept");
        } catch (const mlab::InputError&) {
            // Two tests of one name: the edit is refused, which is the contract.
        }
        break;  // one test per input keeps each run fast
    }
    return 0;
}
