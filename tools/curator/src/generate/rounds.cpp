// `curator generate`'s rounds: the first asks for tests (aimed at the mutants no existing test detects when
// there is a mutation run to aim with); each later one sends back the tests that do not build (or fail, with
// --repair failing) with their error, and with --until-score asks for more tests against the mutants still
// undetected. The funnel judges each round's tests; the score of the sources is printed after each round.

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "generate/phases.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/process.hpp"

namespace curator::generate_phases {
namespace fs = std::filesystem;

namespace {

std::string name_of(const ExtractedTest& test) {
    return test.suite + "." + test.name;
}

class Rounds {
  public:
    Rounds(const GenerateOptions& options, const Inputs& inputs, Groundwork& ground,
           const ModelSettings& model, const Progress& progress)
        : options_(options),
          inputs_(inputs),
          ground_(ground),
          model_(model),
          progress_(progress),
          values_(prompt_values(options, inputs, ground)) {}

    Loop run() {
        loop_.score_before = score();
        first_round();
        for (int number = 2; number <= options_.rounds; ++number) {
            mlab::stop_if_interrupted();
            if (!later_round(number)) {
                break;
            }
        }
        return std::move(loop_);
    }

  private:
    const MutantRun* mutant_run() const { return ground_.mutants ? ground_.mutants->current() : nullptr; }

    /// The undetected mutants the passing new tests kill.
    std::vector<std::string> new_kills() const {
        std::set<std::string> kills;
        for (const TestEvidence& evidence : loop_.result.tests) {
            if (evidence.verdict == Verdict::passed) {
                kills.insert(evidence.unique_kills.begin(), evidence.unique_kills.end());
            }
        }
        return {kills.begin(), kills.end()};
    }

    std::optional<mlab::ScoreCounts> score() const {
        const MutantRun* run = mutant_run();
        return run ? std::optional(score_of(*run, options_.sources, new_kills())) : std::nullopt;
    }

    std::vector<const mlab::MutantView*> still_undetected() const {
        const MutantRun* run = mutant_run();
        return run ? undetected_mutants(*run, options_.sources, new_kills())
                   : std::vector<const mlab::MutantView*>{};
    }

    std::string survivors() const {
        return mutant_run() ? survivors_text(still_undetected())
                            : std::string("(not known: no mutation run of the sources)");
    }

    /// The existing tests and, below them, the tests earlier rounds wrote that pass: what a request for
    /// more tests must not repeat.
    std::string existing_and_written() const {
        std::string text = inputs_.existing_text;
        text += "\n// Tests written in earlier rounds (they pass; do not repeat them):\n";
        for (std::size_t t = 0; t < loop_.tests.tests.size(); ++t) {
            if (loop_.result.tests[t].verdict == Verdict::passed) {
                text += "\n" + loop_.tests.tests[t].text + "\n";
            }
        }
        return text;
    }

    PromptTemplate template_named(const std::string& name) const {
        return load_template(options_.prompts_dir / (name + ".txt"));
    }

    /// The template that asks for new tests: --prompt, else the aimed one when there is a run to aim with.
    PromptTemplate new_tests_template() const {
        if (!options_.prompt.empty()) {
            return load_template(options_.prompt);
        }
        const bool aim = mutant_run() != nullptr && (!options_.mutants.empty() || options_.until_score);
        return template_named(aim ? "aim-survivors" : kDefaultTemplate);
    }

    Asked ask(const PromptTemplate& prompt_template, std::map<std::string, std::string> extra,
              const std::string& what) {
        std::map<std::string, std::string> values = values_;
        for (auto& [name, value] : extra) {
            values[name] = std::move(value);
        }
        return ask_model(options_, model_, prompt_template, render(prompt_template, values), what, progress_);
    }

    std::set<std::string> taken(const std::set<std::size_t>& except = {}) const {
        std::set<std::string> names = ground_.program_tests;
        for (const ExtractedTest& test : ground_.existing) {
            names.insert(name_of(test));
        }
        for (std::size_t t = 0; t < loop_.tests.tests.size(); ++t) {
            if (except.count(t) == 0) {
                names.insert(name_of(loop_.tests.tests[t]));
            }
        }
        return names;
    }

    void judge(const std::vector<bool>& included) {
        const std::size_t notes_before = loop_.result.notes.size();
        run_funnel({ground_.project, ground_.target, ground_.existing, loop_.tests, included, ground_.funnel,
                    ground_.coverage, ground_.mutants.get()},
                   loop_.result);
        for (std::size_t n = notes_before; n < loop_.result.notes.size(); ++n) {
            progress_("funnel: " + loop_.result.notes[n]);
        }
    }

    void first_round() {
        RoundRecord record;
        record.kind = "first";
        const PromptTemplate prompt_template = new_tests_template();
        record.asked.push_back(
            ask(prompt_template, {{"survivors", survivors()}}, fmt::format("for {} tests", options_.count)));
        loop_.tests = extract_reply(record.asked.back(), taken(), inputs_, options_, ground_, progress_);
        record.notes = loop_.tests.notes;
        for (const ExtractedTest& test : loop_.tests.tests) {
            record.tests.push_back(name_of(test));
        }
        loop_.result.tests.assign(loop_.tests.tests.size(), {});
        progress_(fmt::format("validating {} tests: compile, {} runs each{}{}", loop_.tests.tests.size(),
                              options_.runs, ground_.coverage.measured ? ", line coverage" : "",
                              ground_.mutants ? ", mutants killed" : ""));
        judge({});
        std::vector<bool> all(loop_.tests.tests.size(), true);
        finish(record, all);
    }

    std::vector<std::size_t> to_repair() const {
        std::vector<std::size_t> broken;
        for (std::size_t t = 0; t < loop_.result.tests.size(); ++t) {
            const Verdict verdict = loop_.result.tests[t].verdict;
            const bool build = verdict == Verdict::compile_error || verdict == Verdict::link_error;
            const bool failing =
                verdict == Verdict::failed || verdict == Verdict::crashed || verdict == Verdict::timed_out;
            if (build || (options_.repair == RepairScope::failing && failing)) {
                broken.push_back(t);
            }
        }
        return broken;
    }

    std::string broken_text(const std::vector<std::size_t>& broken) const {
        std::string text;
        for (const std::size_t t : broken) {
            const TestEvidence& evidence = loop_.result.tests[t];
            const bool build =
                evidence.verdict == Verdict::compile_error || evidence.verdict == Verdict::link_error;
            text += fmt::format("### {}\n{}: {}\n```cpp\n{}\n```\n\n", name_of(loop_.tests.tests[t]),
                                build ? "It does not compile" : "It fails on the current code",
                                evidence.diagnostic.empty() ? evidence.problem : evidence.diagnostic,
                                loop_.tests.tests[t].text);
        }
        return text;
    }

    /// The reply's repaired tests put in place of the broken ones they are named after; a test of the reply
    /// that repairs none of them is dropped with a note (a repair round asks for repairs only).
    void take_repairs(const Extraction& reply, const std::vector<std::size_t>& broken, int number,
                      RoundRecord& record, std::vector<bool>& included) {
        std::vector<std::size_t> open = broken;
        for (std::size_t r = 0; r < reply.tests.size(); ++r) {
            const auto same = std::find_if(open.begin(), open.end(), [&](std::size_t t) {
                const ExtractedTest& test = loop_.tests.tests[t];
                return reply.tests[r].suite == test.suite &&
                       (reply.tests[r].name == test.name || reply.tests[r].original_name == test.name);
            });
            if (same == open.end()) {
                record.notes.push_back(fmt::format("dropped {}: it is not one of the tests sent for repair",
                                                   name_of(reply.tests[r])));
                progress_("extraction: " + record.notes.back());
                continue;
            }
            replace(reply, r, *same, number, record, included);
            open.erase(same);
        }
    }

    void replace(const Extraction& reply, std::size_t r, std::size_t at, int number, RoundRecord& record,
                 std::vector<bool>& included) {
        replace_test(loop_.tests, at, reply, r);
        loop_.result.tests[at].repaired_in = number;
        included[at] = true;
        record.tests.push_back(name_of(loop_.tests.tests[at]));
    }

    void add_tests(const Extraction& more, int number, RoundRecord& record, std::vector<bool>& included) {
        const std::vector<std::size_t> added = append_extraction(loop_.tests, more);
        loop_.result.tests.resize(loop_.tests.tests.size());
        included.resize(loop_.tests.tests.size(), false);
        for (const std::size_t t : added) {
            loop_.result.tests[t].round = number;
            included[t] = true;
            record.tests.push_back(name_of(loop_.tests.tests[t]));
        }
    }

    bool repeats_an_earlier_reply(const Asked& asked, RoundRecord& record) {
        for (const RoundRecord& earlier : loop_.rounds) {
            for (const Asked& call : earlier.asked) {
                if (call.reply.text == asked.reply.text) {
                    record.outcome =
                        fmt::format("the reply repeats one of round {}: the rounds end here", earlier.number);
                    return true;
                }
            }
        }
        return false;
    }

    /// One request of a later round; false (with the round's outcome saying why) when it ended the rounds.
    bool ask_later(RoundRecord& record, const PromptTemplate& prompt_template,
                   std::map<std::string, std::string> extra, const std::string& what,
                   const std::set<std::size_t>& replaced, Extraction& reply) {
        try {
            Asked asked = ask(prompt_template, std::move(extra), what);
            if (repeats_an_earlier_reply(asked, record)) {
                return false;
            }
            record.asked.push_back(std::move(asked));
            reply =
                extract_reply(record.asked.back(), taken(replaced), inputs_, options_, ground_, progress_);
            record.notes.insert(record.notes.end(), reply.notes.begin(), reply.notes.end());
            return true;
        } catch (const LlmError& error) {
            record.outcome = std::string("the model call failed: ") + error.what() + "; the rounds end here";
        } catch (const mlab::InputError& error) {
            record.outcome = std::string(error.what()) + "; the rounds end here";
        }
        return false;
    }

    bool later_round(int number) {
        const std::vector<std::size_t> broken = to_repair();
        const std::optional<mlab::ScoreCounts> now = score();
        const bool more = options_.until_score && now && now->has_score() &&
                          now->score() < *options_.until_score && !still_undetected().empty();
        if (broken.empty() && !more) {
            return false;
        }
        RoundRecord record;
        record.number = number;
        record.kind = broken.empty() ? "more" : "repair";
        std::vector<bool> included(loop_.tests.tests.size(), false);
        bool going = true;
        if (!broken.empty()) {
            Extraction reply;
            going =
                ask_later(record, template_named("repair-gtest"),
                          {{"broken_tests", broken_text(broken)}, {"count", std::to_string(broken.size())}},
                          fmt::format("to repair {} test{}", broken.size(), broken.size() == 1 ? "" : "s"),
                          {broken.begin(), broken.end()}, reply);
            if (going) {
                take_repairs(reply, broken, number, record, included);
                if (record.tests.empty()) {
                    record.outcome = "the reply repairs none of the tests sent";
                }
            }
        }
        if (going && more) {
            Extraction reply;
            going = ask_later(record, new_tests_template(),
                              {{"survivors", survivors()}, {"existing_tests", existing_and_written()}},
                              fmt::format("for {} more tests against {} undetected mutants", options_.count,
                                          still_undetected().size()),
                              {}, reply);
            if (going) {
                add_tests(reply, number, record, included);
                record.kind = broken.empty() ? "more" : "repair and more";
            }
        }
        if (std::count(included.begin(), included.end(), true) > 0) {
            judge(included);
        }
        finish(record, included);
        return going;
    }

    void finish(RoundRecord& record, const std::vector<bool>& included) {
        std::size_t passed = 0, failing = 0, broken = 0;
        std::set<std::string> kills;
        bool measured = false;
        for (std::size_t t = 0; t < included.size(); ++t) {
            if (!included[t]) {
                continue;
            }
            const TestEvidence& evidence = loop_.result.tests[t];
            passed += evidence.verdict == Verdict::passed ? 1 : 0;
            failing += evidence.verdict == Verdict::failed || evidence.verdict == Verdict::flaky ? 1 : 0;
            broken += evidence.verdict < Verdict::failed ? 1 : 0;
            if (evidence.verdict == Verdict::passed) {
                kills.insert(evidence.unique_kills.begin(), evidence.unique_kills.end());
            }
            measured = measured || evidence.mutation_measured;
        }
        record.score = score();
        if (record.outcome.empty() || !record.tests.empty()) {
            std::string outcome = fmt::format("{} test{}: {} pass, {} fail or flaky, {} do not build or run",
                                              record.tests.size(), record.tests.size() == 1 ? "" : "s",
                                              passed, failing, broken);
            if (measured) {
                outcome += fmt::format("; {} undetected mutant{} killed", kills.size(),
                                       kills.size() == 1 ? "" : "s");
            }
            if (record.score && loop_.score_before) {
                outcome += fmt::format("; mutation score {} -> {}", mlab::score_text(*loop_.score_before),
                                       mlab::score_text(*record.score));
            }
            record.outcome = record.outcome.empty() ? outcome : outcome + "; " + record.outcome;
        }
        progress_(fmt::format("round {} ({}): {}", record.number, record.kind, record.outcome));
        loop_.rounds.push_back(std::move(record));
    }

    const GenerateOptions& options_;
    const Inputs& inputs_;
    Groundwork& ground_;
    const ModelSettings& model_;
    const Progress& progress_;
    std::map<std::string, std::string> values_;
    Loop loop_;
};

}  // namespace

Loop run_rounds(const GenerateOptions& options, const Inputs& inputs, Groundwork& ground,
                const ModelSettings& model, const Progress& progress) {
    return Rounds(options, inputs, ground, model, progress).run();
}

}  // namespace curator::generate_phases
