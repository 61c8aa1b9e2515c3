#include "mutator/site_json.hpp"

namespace mutator {

nlohmann::ordered_json site_to_json(const MutationSite& site) {
    return nlohmann::ordered_json{{"id", site.id},
                                  {"file", site.file},
                                  {"line", site.line},
                                  {"column", site.column},
                                  {"end_line", site.end_line},
                                  {"end_column", site.end_column},
                                  {"operator", site.family},
                                  {"mutator", site.rule},
                                  {"original", site.original},
                                  {"replacement", site.replacement},
                                  {"function", site.function}};
}

nlohmann::ordered_json site_list_to_json(const SiteList& list) {
    nlohmann::ordered_json sites = nlohmann::ordered_json::array();
    std::size_t suppressed = 0;
    for (const MutationSite& site : list.sites) {
        if (site.suppressed) {
            ++suppressed;
        } else {
            sites.push_back(site_to_json(site));
        }
    }
    nlohmann::ordered_json skipped = nlohmann::ordered_json::object();
    for (const auto& [reason, count] : list.skipped) {
        skipped[reason] = count;
    }
    if (suppressed > 0) {
        skipped["suppressed"] = suppressed;
    }
    return nlohmann::ordered_json{{"sites", sites}, {"skipped", skipped}};
}

}  // namespace mutator
