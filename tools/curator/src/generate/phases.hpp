#pragma once
// The phases of `curator generate` (internal to curator_lib): inputs → groundwork (the existing tests'
// target built, their line coverage, the mutation run) → rounds (each: prompt → model → extraction →
// funnel) → output file and sidecar. generate() (generate.cpp) calls them in order.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "curator/cmake_project.hpp"
#include "curator/extract.hpp"
#include "curator/funnel.hpp"
#include "curator/generate.hpp"
#include "curator/llm.hpp"
#include "curator/mutant_run.hpp"
#include "curator/prompt.hpp"
#include "curator/settings.hpp"

namespace curator::generate_phases {

/// The input files read and the output checked, before anything is built or asked.
struct Inputs {
    std::vector<std::string> source_texts;  // per --source
    std::vector<std::string> header_texts;  // per --header
    std::string existing_text;
    std::filesystem::path out;     // canonical
    std::filesystem::path backup;  // where --force keeps the reviewed file it replaces; empty: none
};

/// Throws mlab::InputError for a bad count, runs, rounds or score, a missing input, or an output that is
/// an input, a folder, in no folder, or (without --force) a reviewed file.
Inputs read_inputs(const GenerateOptions& options);

/// `path` relative to the project's source folder when it is inside it, else as given.
std::string shown_path(const std::filesystem::path& path, const std::filesystem::path& source_dir);

/// The mutator the funnel runs, found before the model is asked (and paid): --mutator, or beside the
/// curator binary; empty when there is none or the mutation stage is off. Throws mlab::InputError for a
/// --mutator that does not exist.
std::filesystem::path find_mutator(const GenerateOptions& options);

/// The mutation run the funnel checks new tests against: the one --mutants names (opened at once, so a
/// bad one fails before the model is asked), or `mutator run` over the sources into
/// BUILD/.curator/mutants, made when first needed (incremental: a later generate reuses its results).
class MutantRuns : public MutantRunSource {
  public:
    MutantRuns(const GenerateOptions& options, const CMakeProject& project, std::filesystem::path mutator,
               Progress progress);
    const MutantRun* get(std::vector<std::string>& notes) override;
    /// The run when it is open already (given, or made by an earlier get()).
    const MutantRun* current() const { return run_ ? &*run_ : nullptr; }

  private:
    const GenerateOptions& options_;
    std::filesystem::path build_dir_;
    std::filesystem::path mutator_;
    Progress progress_;
    std::optional<MutantRun> run_;
    bool tried_ = false;
};

/// What is known before the model is asked.
struct Groundwork {
    CMakeProject project;
    TargetOfFile target;                  // compiles --tests
    std::vector<ExtractedTest> existing;  // the tests of --tests
    std::set<std::string> program_tests;  // "Suite.Name" of the tests in the test program's other files
    FunnelSettings funnel;
    ExistingCoverage coverage;
    std::unique_ptr<MutantRuns> mutants;  // null: no mutation stage
    std::string gtest_version;
};

/// The existing tests' target built, their line coverage measured, and the mutation run opened (or made,
/// when the first prompt aims at survivors).
Groundwork lay_groundwork(const GenerateOptions& options, const Inputs& inputs, CMakeProject project,
                          const Progress& progress);

/// The placeholders every template may use, filled from the inputs and the groundwork.
std::map<std::string, std::string> prompt_values(const GenerateOptions& options, const Inputs& inputs,
                                                 const Groundwork& ground);

/// `{{survivors}}`: one line per mutant ("src/a.cpp:9 ROR (survived: ...): `before` -> `after`").
std::string survivors_text(const std::vector<const mlab::MutantView*>& mutants);

/// `{{uncovered_lines}}`: the sources' lines the existing tests do not run, numbered.
std::string uncovered_text(const GenerateOptions& options, const Inputs& inputs, const Groundwork& ground);

/// The model's settings resolved (flags, environment, curator.yml) and the cache folder checked.
ModelSettings resolve_model(const GenerateOptions& options, const CMakeProject& project,
                            const Progress& progress);

/// One model call: the prompt sent (or its stored reply replayed) and what came back.
struct Asked {
    PromptTemplate prompt_template;
    ChatReply reply;
    CallRecord call;
};

/// Asks the model one prompt. Throws LlmError when the call fails, mlab::InputError when the replay
/// provider has no sample for the template.
Asked ask_model(const GenerateOptions& options, const ModelSettings& model,
                const PromptTemplate& prompt_template, const Prompt& prompt, const std::string& what,
                const Progress& progress);

/// The reply's TEST blocks, renamed where they clash with `taken`, with the includes and using-declarations
/// a bare reply leaves out added (complete_reply). Throws LlmError when there is none.
Extraction extract_reply(const Asked& asked, const std::set<std::string>& taken, const Inputs& inputs,
                         const GenerateOptions& options, const Groundwork& ground, const Progress& progress);

/// One round of the loop, as the sidecar records it.
struct RoundRecord {
    int number = 1;
    std::string kind;                // "first", "repair", "more" or "repair and more"
    std::vector<Asked> asked;        // its model calls: one, or the repair's and then the one for more tests
    std::vector<std::string> tests;  // the tests it wrote or repaired ("Suite.Name")
    std::vector<std::string> notes;  // extraction notes
    std::string outcome;             // one line
    std::optional<mlab::ScoreCounts> score;  // of the sources, once the round's passing tests count
};

/// Everything the rounds produced: the tests of every round (repairs in place), their evidence, the rounds.
struct Loop {
    Extraction tests;
    FunnelResult result;
    std::vector<RoundRecord> rounds;
    std::optional<mlab::ScoreCounts> score_before;  // of the sources, by the existing tests alone
};

/// Round 1 asks for --count tests (aimed at the survivors when there is a mutation run to aim with); each
/// later round repairs the tests that do not build (--repair failing: also those that fail) and, with
/// --until-score, asks for more tests against the mutants still undetected; the funnel judges each round's
/// tests. A failed call after round 1 ends the rounds with a note and keeps what earlier rounds found.
Loop run_rounds(const GenerateOptions& options, const Inputs& inputs, Groundwork& ground,
                const ModelSettings& model, const Progress& progress);

}  // namespace curator::generate_phases
