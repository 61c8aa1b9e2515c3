#pragma once
// The output of `curator generate` (internal to curator_lib): the test file with its header and evidence
// lines, and its JSON sidecar.

#include <string>

#include <nlohmann/json.hpp>

#include "curator/extract.hpp"
#include "curator/funnel.hpp"
#include "curator/llm.hpp"
#include "curator/prompt.hpp"
#include "generate/phases.hpp"

namespace curator::renderers {

/// What the header and the sidecar say about the run that wrote the file.
struct GenerateRecord {
    std::string date;
    std::string provider;
    std::string model;  // as the provider reported it, else as asked for
    const PromptTemplate& prompt;
    const ChatReply& reply;
    const CallRecord& call;
    std::vector<std::string> sources;  // the paths as shown (relative to the project)
    std::vector<std::string> headers;
    std::string tests;
    std::string out_name;  // the output file's name
    int count = 0;
    int runs = 0;
    const generate_phases::Loop& loop;  // the tests, their evidence, the rounds
    const ExistingCoverage* coverage;   // the existing tests' lines; null: not measured
    const std::string& existing_text;   // the existing test file, which the tests were compiled after
};

/// A test that cannot build, crashes or hangs would break the student's suite: it is written commented
/// out. A failing or flaky test stays live: whether the code or the test is wrong is the review's call.
bool commented_in_output(Verdict verdict);

/// The test file: the header, then every test under `// REVIEW: pending` and its evidence line.
std::string render_generated_file(const GenerateRecord& record);

/// `<file>.curator.json`: the provider and its attempts, the prompt, the inputs, the funnel's phases and
/// each test's evidence.
nlohmann::ordered_json render_sidecar(const GenerateRecord& record);

}  // namespace curator::renderers
