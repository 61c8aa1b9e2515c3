#pragma once
// The JSON form of sites, as `mutator list --format json` prints it.

#include <nlohmann/json.hpp>

#include "mutator/site.hpp"

namespace mutator {

nlohmann::ordered_json site_to_json(const MutationSite& site);
/// {"sites": [...], "skipped": {reason: count}}; suppressed sites are not listed but counted.
nlohmann::ordered_json site_list_to_json(const SiteList& list);

}  // namespace mutator
