#pragma once
// mutator run, phases 2 and 3: instrument (every selected site a run-time switch, schemata) and build,
// demoting and bisecting the sites a failed build blames until it succeeds.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "mutator/mutant_build.hpp"
#include "mutator/run.hpp"
#include "select.hpp"

namespace mutator {

/// Keeps each site's form (switched, probe, dropped) and renders the instrumented files for those forms.
class Instrumenter {
  public:
    Instrumenter(std::vector<SiteState>& states, const std::filesystem::path& runtime_header);

    /// The original text of every instrumented file.
    const std::map<std::filesystem::path, std::string>& originals() const { return texts_; }

    /// Every instrumented file, rewritten for the sites' current forms.
    std::map<std::filesystem::path, std::string> render();
    /// Beside each instrumented file, the plain copy its wrapper reads for the equivalence check
    /// (mutator/schemata.hpp).
    std::map<std::filesystem::path, std::string> plain_copies() const;

    /// Moves the sites a failed build's errors point at one form down: a function body held twice is held
    /// once (its sites switched in the one copy), then switched → probe → dropped. False when the errors
    /// point at none of them.
    bool demote(const std::vector<DiagnosticLocation>& locations);

    bool any_instrumented() const;

    /// Holds every function body of these original files once. False when none was held twice.
    bool copy_once_in(const std::set<std::filesystem::path>& files);

    void drop_all();

    /// The sites still compiled in (switched or probed) of these original files.
    std::vector<SiteState*> active_in(const std::set<std::filesystem::path>& files);

  private:
    using Body = std::pair<std::filesystem::path, std::uint32_t>;  // a file and a body's offset in it

    bool demote_at(const std::filesystem::path& file, std::vector<SiteState*>& states, unsigned line);

    std::vector<SiteState>& states_;
    std::filesystem::path runtime_header_;
    std::map<std::filesystem::path, std::string> texts_;
    /// The sites of these files (compared canonically).
    std::vector<SiteState*> states_in(const std::set<std::filesystem::path>& files) const;

    std::map<std::filesystem::path, std::vector<SiteState*>> by_file_;
    std::map<Body, std::size_t> functions_;  // body → its number
    std::set<Body> single_copy_;             // bodies held once
};

/// Builds the mutant build with every site the instrumenter holds, dropping the sites that break it (see
/// docs/mutator-run.md). Throws mlab::InputError when the project does not build without any site, when
/// the build was interrupted, or when the machine (not the code) failed; the build log is
/// OUT/logs/build.log.
void build_with_schemata(MutantBuild& build, Instrumenter& instrumenter, const std::filesystem::path& out_dir,
                         RunObserver& observer);

}  // namespace mutator
