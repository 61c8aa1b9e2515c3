// mutator run, phase 1: select.

#include "select.hpp"

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace mutator {
namespace fs = std::filesystem;

Selected select_sites(const SiteList& list, const ChangedLines& changed, const SelectOptions& options) {
    Selected selected;
    std::size_t index = 0;
    for (const MutationSite& site : list.sites) {
        if (!options.since.empty() && !site_changed(site, changed)) {
            continue;
        }
        // Sharding counts the sites that pass the other filters, so the shards split them evenly.
        if (index++ % options.shard_count == options.shard_index - 1) {
            selected.sites.push_back(&site);
        }
    }
    return selected;
}

std::vector<SiteState> number_sites(const Selected& selected, ResultsStore& store, const fs::path& root,
                                    const fs::path& mirror_root) {
    std::vector<std::string> ids;
    for (const MutationSite* site : selected.sites) {
        ids.push_back(site->id);
    }
    const std::map<std::string, std::uint32_t> numbers = store.assign_numbers(ids);
    std::vector<SiteState> states;
    for (const MutationSite* site : selected.sites) {
        SiteState state;
        state.site = site;
        state.number = numbers.at(site->id);
        state.original = fs::weakly_canonical(root / site->file);
        if (!mlab::is_inside(state.original, mirror_root)) {
            throw mlab::InputError(
                fmt::format("{}: outside {}, the folder the mutant build copies; mutator run mutates only "
                            "files inside it",
                            state.original.string(), mirror_root.string()));
        }
        states.push_back(state);
    }
    return states;
}

}  // namespace mutator
