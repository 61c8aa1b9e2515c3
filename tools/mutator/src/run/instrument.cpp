// mutator run, phases 2 and 3: instrument and build.

#include "instrument.hpp"

#include <algorithm>
#include <optional>
#include <regex>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"
#include "mutator/schemata.hpp"

namespace mutator {
namespace fs = std::filesystem;

namespace {

unsigned line_at(const std::string& text, std::uint32_t offset) {
    const auto end = text.begin() + std::min<std::size_t>(offset, text.size());
    return 1 + static_cast<unsigned>(std::count(text.begin(), end, '\n'));
}

bool wraps_line(const SiteState& state, unsigned line) {
    return state.form != SiteState::Form::Dropped && line >= state.first_line && line <= state.last_line;
}

}  // namespace

Instrumenter::Instrumenter(std::vector<SiteState>& states, const fs::path& runtime_header)
    : states_(states), runtime_header_(runtime_header) {
    for (SiteState& state : states_) {
        if (state.site->suppressed) {
            continue;
        }
        auto [it, inserted] = texts_.try_emplace(state.original);
        if (inserted) {
            it->second = mlab::read_file(state.original);
        }
        const std::string& text = it->second;
        state.first_line = line_at(text, state.site->node_offset);
        state.last_line = line_at(text, state.site->node_offset + state.site->node_length);
        state.body_first_line = line_at(text, state.site->body_offset);
        state.body_last_line = line_at(text, state.site->body_offset + state.site->body_length);
        by_file_[state.original].push_back(&state);
    }
}

std::map<fs::path, std::string> Instrumenter::render() {
    std::map<fs::path, std::string> out;
    for (auto& [file, states] : by_file_) {
        std::vector<NumberedSite> numbered;
        std::set<std::uint32_t> probes;
        for (SiteState* state : states) {
            state->function = 0;
            if (state->form == SiteState::Form::Dropped) {
                continue;
            }
            const MutationSite& site = *state->site;
            if (site.body_length > 0 && single_copy_.count({file, site.body_offset}) == 0) {
                const auto [it, inserted] =
                    functions_.try_emplace({file, site.body_offset}, functions_.size() + 1);
                state->function = static_cast<std::uint32_t>(it->second);
            }
            numbered.push_back({state->site, state->number, state->function});
            if (state->form == SiteState::Form::Probe) {
                probes.insert(state->number);
            }
        }
        std::vector<std::uint32_t> out_of_place;
        out[file] =
            equivalence_wrapper(rewrite_with_schemata(texts_.at(file), numbered, probes, file.string(),
                                                      runtime_header_.string(), &out_of_place),
                                file);
        if (!out_of_place.empty()) {
            for (SiteState* state : states) {
                if (std::find(out_of_place.begin(), out_of_place.end(), state->number) !=
                    out_of_place.end()) {
                    state->form = SiteState::Form::Dropped;
                }
            }
            return render();
        }
    }
    return out;
}

std::map<fs::path, std::string> Instrumenter::plain_copies() const {
    std::map<fs::path, std::string> out;
    for (const auto& [file, text] : texts_) {
        out[plain_copy_path(file)] = plain_copy(text, file.string());
    }
    return out;
}

bool Instrumenter::demote(const std::vector<DiagnosticLocation>& locations) {
    bool any = false;
    for (const DiagnosticLocation& location : locations) {
        std::error_code error;
        const fs::path file = fs::weakly_canonical(fs::absolute(location.file), error);
        const auto it = by_file_.find(file);
        if (it != by_file_.end()) {
            any = demote_at(file, it->second, location.line) || any;
        }
    }
    return any;
}

// An error at a site's lines blames the site; one elsewhere in a body held twice, the copy.
bool Instrumenter::demote_at(const fs::path& file, std::vector<SiteState*>& states, unsigned line) {
    const bool at_a_site = std::any_of(states.begin(), states.end(),
                                       [&](const SiteState* state) { return wraps_line(*state, line); });
    bool copied_once = false;
    for (SiteState* state : states) {
        if (!at_a_site && state->function != 0 && line >= state->body_first_line &&
            line <= state->body_last_line) {
            copied_once = single_copy_.insert({file, state->site->body_offset}).second || copied_once;
        }
    }
    if (copied_once) {
        return true;
    }
    bool any = false;
    for (SiteState* state : states) {
        if (wraps_line(*state, line)) {
            state->form =
                state->form == SiteState::Form::Switched ? SiteState::Form::Probe : SiteState::Form::Dropped;
            any = true;
        }
    }
    return any;
}

bool Instrumenter::any_instrumented() const {
    for (const auto& [file, states] : by_file_) {
        for (const SiteState* state : states) {
            if (state->form != SiteState::Form::Dropped) {
                return true;
            }
        }
    }
    return false;
}

bool Instrumenter::copy_once_in(const std::set<fs::path>& files) {
    bool any = false;
    for (SiteState* state : states_in(files)) {
        if (state->function != 0) {
            any = single_copy_.insert({state->original, state->site->body_offset}).second || any;
        }
    }
    return any;
}

void Instrumenter::drop_all() {
    for (auto& [file, states] : by_file_) {
        for (SiteState* state : states) {
            state->form = SiteState::Form::Dropped;
        }
    }
}

std::vector<SiteState*> Instrumenter::states_in(const std::set<fs::path>& files) const {
    std::vector<SiteState*> out;
    for (const fs::path& file : files) {
        std::error_code error;
        if (const auto it = by_file_.find(fs::weakly_canonical(file, error)); it != by_file_.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
        }
    }
    return out;
}

std::vector<SiteState*> Instrumenter::active_in(const std::set<fs::path>& files) {
    std::vector<SiteState*> out = states_in(files);
    std::erase_if(out, [](const SiteState* state) { return state->form == SiteState::Form::Dropped; });
    return out;
}

namespace {

// The line of a build log that shows the machine, not the code, failed: a full disk, a killed compiler or
// linker, memory exhausted.
std::optional<std::string> environment_failure(const std::string& output) {
    static const std::regex kEnvironment(
        R"(No space left on device|Disk quota exceeded|File too large|terminated with signal 9|Killed signal terminated|virtual memory exhausted|Cannot allocate memory|out of memory allocating)");
    for (const std::string_view line : mlab::split_lines(output)) {
        const std::string text(line);
        if (std::regex_search(text, kEnvironment)) {
            return mlab::shorten(text, 240);
        }
    }
    return std::nullopt;
}

// Builds the sites' current forms, and after a failure changes them so the next build gets further.
class SchemataBuilder {
  public:
    static constexpr int kAttempts = 12;  // then every site is dropped: is the project itself broken?

    SchemataBuilder(MutantBuild& build, Instrumenter& instrumenter, const fs::path& out_dir,
                    RunObserver& observer)
        : build_(build),
          instrumenter_(instrumenter),
          log_(out_dir / "logs" / "build.log"),
          observer_(observer) {}

    void write_runtime_header() {
        const std::string runtime = schemata_runtime_header();
        const fs::path header = build_.runtime_header();
        fs::create_directories(header.parent_path());
        if (!fs::exists(header) || mlab::read_file(header) != runtime) {
            mlab::write_file_atomic(header, runtime);
        }
    }

    BuildAttempt build_now() {
        build_.sync(instrumenter_.render(), instrumenter_.plain_copies());
        const BuildAttempt result = build_.build();
        if (result.cancelled) {
            throw mlab::InputError("interrupted during the mutant build; nothing was measured");
        }
        // A full disk or a killed compiler is no mutant's fault: say so, and blame no site for it.
        if (const std::optional<std::string> cause = environment_failure(result.output)) {
            throw mlab::InputError(
                fmt::format("the mutant build failed for a reason that is not a mutant's: {} "
                            "(log: {})",
                            *cause, log_.string()));
        }
        return result;
    }

    // The sites the errors point at one form down, else the failing files' bodies held once, else the one
    // site bisection blames; on the last attempt, every site.
    void blame(const std::string& output, int attempt) {
        if (instrumenter_.demote(error_locations(output)) && attempt < kAttempts) {
            return;
        }
        // Errors at no site's lines (a macro, a template far away): bisect the sites of the failing units
        // (and of the files the errors name) for the ones to blame, rather than dropping every site.
        const std::set<fs::path> failed = build_.failed_units(output);
        std::set<fs::path> files = failed;
        for (const DiagnosticLocation& location : error_locations(output)) {
            files.insert(fs::absolute(location.file));
        }
        // A body held twice may break as a whole (a local type an `auto` return deduces twice): hold the
        // failing files' bodies once before blaming any site.
        if (instrumenter_.copy_once_in(files) && attempt < kAttempts) {
            return;
        }
        std::vector<SiteState*> suspects = instrumenter_.active_in(files);
        if (suspects.empty() || attempt >= kAttempts) {
            instrumenter_.drop_all();  // nothing to blame: is the project itself broken?
            return;
        }
        observer_.phase("build",
                        fmt::format("finding the site among {} that breaks the build", suspects.size()));
        bisect(suspects, failed)->form = SiteState::Form::Dropped;
    }

    const fs::path& log() const { return log_; }

  private:
    // The one of `suspects` whose dropping fixes the build (or the units that `failed`), by halves.
    SiteState* bisect(std::vector<SiteState*> suspects, const std::set<fs::path>& failed) {
        while (suspects.size() > 1) {
            const std::size_t half = suspects.size() / 2;
            std::vector<SiteState::Form> saved;
            for (std::size_t i = 0; i < half; ++i) {
                saved.push_back(suspects[i]->form);
                suspects[i]->form = SiteState::Form::Dropped;
            }
            const BuildAttempt trial = build_now();
            std::set<fs::path> still = build_.failed_units(trial.output);
            const bool fixed =
                trial.succeeded ||
                (!failed.empty() && std::none_of(failed.begin(), failed.end(), [&](const fs::path& unit) {
                    return still.count(unit) > 0;
                }));
            for (std::size_t i = 0; i < half; ++i) {
                suspects[i]->form = saved[i];
            }
            if (fixed) {
                suspects.resize(half);  // the culprit is among the first half
            } else {
                suspects.erase(suspects.begin(), suspects.begin() + static_cast<long>(half));
            }
        }
        return suspects.front();
    }

    MutantBuild& build_;
    Instrumenter& instrumenter_;
    fs::path log_;
    RunObserver& observer_;
};

}  // namespace

void build_with_schemata(MutantBuild& build, Instrumenter& instrumenter, const fs::path& out_dir,
                         RunObserver& observer) {
    SchemataBuilder builder(build, instrumenter, out_dir, observer);
    builder.write_runtime_header();
    for (int attempt = 1;; ++attempt) {
        observer.phase("build", attempt == 1 ? "building every mutant into one build"
                                             : "building again without the sites that did not compile");
        const BuildAttempt result = builder.build_now();
        if (result.succeeded) {
            return;
        }
        if (!instrumenter.any_instrumented()) {
            throw mlab::InputError(fmt::format("the project does not build before any mutation: {} (log: {})",
                                               first_error(result.output), builder.log().string()));
        }
        builder.blame(result.output, attempt);
    }
}

}  // namespace mutator
