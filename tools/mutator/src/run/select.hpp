#pragma once
// mutator run, phase 1: select the sites of this run (--since, --shard) and give each its schemata number.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mutator/changed_lines.hpp"
#include "mutator/results_store.hpp"
#include "mutator/site.hpp"

namespace mutator {

/// One site as the run sees it: its schemata number, its file, and how it is compiled in.
struct SiteState {
    const MutationSite* site = nullptr;
    std::uint32_t number = 0;
    std::filesystem::path original;          // absolute
    unsigned first_line = 0, last_line = 0;  // of the code the switch wraps
    enum class Form { Switched, Probe, Dropped } form = Form::Switched;
    std::uint32_t function = 0;  // the number of its function body held twice, 0: none (see schemata.hpp)
    unsigned body_first_line = 0, body_last_line = 0;
};

struct SelectOptions {
    std::string since;  // a git revision: only sites on lines changed since it (`changed`)
    unsigned shard_index = 1, shard_count = 1;
};

struct Selected {
    std::vector<const MutationSite*> sites;  // in the scan's order
};

Selected select_sites(const SiteList& list, const ChangedLines& changed, const SelectOptions& options);

/// The selected sites with the numbers the store keeps for them. Throws mlab::InputError for a site in a
/// file outside `mirror_root`, the folder the mutant build copies.
std::vector<SiteState> number_sites(const Selected& selected, ResultsStore& store,
                                    const std::filesystem::path& root,
                                    const std::filesystem::path& mirror_root);

}  // namespace mutator
