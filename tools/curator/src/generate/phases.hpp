#pragma once
// The phases of `curator generate` (internal to curator_lib): inputs → prompt → model → extraction →
// funnel → output file and sidecar. generate() (generate.cpp) calls them in order.

#include <filesystem>
#include <string>
#include <vector>

#include "curator/cmake_project.hpp"
#include "curator/extract.hpp"
#include "curator/funnel.hpp"
#include "curator/generate.hpp"
#include "curator/llm.hpp"
#include "curator/prompt.hpp"
#include "curator/settings.hpp"

namespace curator::generate_phases {

/// The input files read and the output checked, before anything is built or asked.
struct Inputs {
    std::string source_text;
    std::string header_text;  // empty without --header
    std::string existing_text;
    std::filesystem::path out;     // canonical
    std::filesystem::path backup;  // where --force keeps the reviewed file it replaces; empty: none
};

/// Throws mlab::InputError for a bad count or runs, a missing input, or an output that is an input, a
/// folder, in no folder, or (without --force) a reviewed file.
Inputs read_inputs(const GenerateOptions& options);

/// `path` relative to the project's source folder when it is inside it, else as given.
std::string shown_path(const std::filesystem::path& path, const std::filesystem::path& source_dir);

/// The mutator the funnel runs, found before the model is asked (and paid): --mutator, or beside the
/// curator binary; empty when there is none or the mutation stage is off. Throws mlab::InputError for a
/// --mutator that does not exist.
std::filesystem::path find_mutator(const GenerateOptions& options);

struct PromptPhase {
    PromptTemplate prompt_template;
    Prompt prompt;
    std::vector<ExtractedTest> existing;  // the tests of --tests
};

/// Phase 1: the template loaded and filled with the inputs, the existing tests' names and the GoogleTest
/// version the build found.
PromptPhase prompt_phase(const GenerateOptions& options, const Inputs& inputs, const CMakeProject& project);

struct ModelPhase {
    ModelSettings model;
    ChatReply reply;
    CallRecord call;
};

/// Phase 2: the model's settings resolved (flags, environment, curator.yml) and the model asked.
ModelPhase model_phase(const GenerateOptions& options, const CMakeProject& project, const PromptPhase& prompt,
                       const Progress& progress);

/// Phase 3: the reply's TEST blocks, renamed where they clash with existing tests. Throws LlmError when
/// there is none.
Extraction extraction_phase(const ModelPhase& answer, const std::vector<ExtractedTest>& existing,
                            const Progress& progress);

/// Phase 4: the validation funnel over the extracted tests (`mutator` empty: no mutation stage).
FunnelResult funnel_phase(const GenerateOptions& options, const CMakeProject& project,
                          const TargetOfFile& target, const std::vector<ExtractedTest>& existing,
                          const Extraction& extraction, const std::filesystem::path& mutator,
                          const Progress& progress);

}  // namespace curator::generate_phases
