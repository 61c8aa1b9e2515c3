#include "mutator/variants.hpp"

#include <algorithm>
#include <map>
#include <random>

#include <fmt/format.h>

#include <unistd.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"
#include "mutator/mutation_text.hpp"
#include "mutator/rules.hpp"

namespace mutator {
namespace fs = std::filesystem;
namespace {

// Fisher-Yates with std::mt19937_64, whose output the standard fixes: the same on every platform.
template <typename T>
void seeded_shuffle(std::vector<T>& items, std::mt19937_64& random) {
    for (std::size_t i = items.size(); i > 1; --i) {
        std::swap(items[i - 1], items[random() % i]);
    }
}

std::string function_label(const MutationSite& site) {
    return site.function.empty() ? "the code at namespace scope of " + site.file : site.function;
}

}  // namespace

std::vector<MutationSite> choose_variants(const std::vector<MutationSite>& sites, std::size_t count,
                                          std::uint64_t seed) {
    // Groups by (file, family); each round takes one site from each group, in a seeded order.
    std::map<std::pair<std::string, std::string>, std::vector<const MutationSite*>> groups;
    for (const MutationSite& site : sites) {
        if (!site.suppressed) {
            groups[{site.file, site.family}].push_back(&site);
        }
    }
    std::mt19937_64 random(seed);
    std::vector<std::vector<const MutationSite*>> queues;
    for (auto& [key, members] : groups) {
        seeded_shuffle(members, random);
        queues.push_back(members);
    }
    seeded_shuffle(queues, random);
    std::vector<MutationSite> chosen;
    for (std::size_t round = 0; chosen.size() < count; ++round) {
        bool any = false;
        for (const auto& queue : queues) {
            if (round < queue.size() && chosen.size() < count) {
                chosen.push_back(*queue[round]);
                any = true;
            }
        }
        if (!any) {
            break;
        }
    }
    return chosen;
}

nlohmann::json variant_manifest(const MutationSite& site) {
    const FamilyInfo* family = find_family(site.family);
    const RuleInfo* rule = find_rule(site.rule);
    const std::string where = site.file + ":" + std::to_string(site.line);
    std::string description = "In " + function_label(site) + " (" + where + "), ";
    if (site.replacement.empty()) {
        description +=
            "'" + one_line_change(site).substr(0, one_line_change(site).find(" -> ")) + "' was removed";
    } else {
        description += "'" + site.original + "' was changed to '" + site.replacement + "'";
    }
    description += rule != nullptr ? " (" + std::string(rule->description) + ")." : ".";
    const std::string hint =
        family != nullptr ? mlab::replace_all(std::string(family->hint), "{function}", function_label(site))
                          : "";
    return nlohmann::json{{"id", site.id},
                          {"operator", site.family},
                          {"mutator", site.rule},
                          {"file", site.file},
                          {"line", site.line},
                          {"column", site.column},
                          {"original", site.original},
                          {"replacement", site.replacement},
                          {"function", site.function},
                          {"description", description},
                          {"hint", hint}};
}

void require_new_folder(const fs::path& out) {
    std::error_code error;
    if (fs::exists(out) && !(fs::is_directory(out) && fs::is_empty(out, error))) {
        throw mlab::InputError(out.string() + ": already exists and is not empty; choose a new folder");
    }
}

void write_directory_atomically(const fs::path& out, const std::function<void(const fs::path&)>& fill) {
    std::error_code error;
    require_new_folder(out);
    const fs::path parent = fs::absolute(out).parent_path();
    if (!fs::is_directory(parent)) {
        throw mlab::InputError(out.string() + ": its parent folder " + parent.string() + " does not exist");
    }
    const fs::path temp = parent / (out.filename().string() + ".tmp-" + std::to_string(::getpid()));
    fs::remove_all(temp, error);
    if (!fs::create_directory(temp, error)) {
        throw mlab::InputError(out.string() + ": cannot write there: " + error.message());
    }
    try {
        fill(temp);
        if (fs::exists(out)) {
            fs::remove(out);  // the empty folder the user made
        }
        fs::rename(temp, out);
    } catch (const fs::filesystem_error& failure) {
        fs::remove_all(temp, error);
        throw mlab::InputError(out.string() + ": cannot write there: " + failure.code().message());
    } catch (...) {
        fs::remove_all(temp, error);
        throw;
    }
}

void write_variants(const fs::path& root, const std::vector<MutationSite>& chosen, const fs::path& out,
                    std::uint64_t seed) {
    write_directory_atomically(out, [&](const fs::path& temp) {
        nlohmann::json index{{"seed", seed}, {"variants", nlohmann::json::array()}};
        std::size_t number = 0;
        const int width = chosen.size() >= 100 ? 3 : 2;
        for (const MutationSite& site : chosen) {
            const std::string name = fmt::format("variant-{:0{}}", ++number, width);
            const fs::path dir = temp / name;
            const std::string original = mlab::read_file(root / site.file);
            const std::string mutated = apply_site(original, site);
            fs::create_directories((dir / site.file).parent_path());
            mlab::write_file_atomic(dir / site.file, mutated);
            mlab::write_file_atomic(dir / "mutant.patch", unified_diff(site.file, original, mutated));
            nlohmann::json manifest = variant_manifest(site);
            mlab::write_file_atomic(dir / "manifest.json", manifest.dump(2) + "\n");
            manifest["variant"] = name;
            index["variants"].push_back(manifest);
        }
        mlab::write_file_atomic(temp / "index.json", index.dump(2) + "\n");
    });
}

}  // namespace mutator
