#pragma once
// Bug variants for instructors: a spread-out, seeded choice of mutants, each written as a patch, the
// mutated file and a manifest.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mutator/site.hpp"

namespace mutator {

/// Picks `count` sites spread over files and operator families, the same ones for the same seed and sites.
std::vector<MutationSite> choose_variants(const std::vector<MutationSite>& sites, std::size_t count,
                                          std::uint64_t seed);

/// The manifest of one variant: id, operator, mutator, file, line, original, replacement, a description
/// in plain words, and a hint that names the function but not the answer.
nlohmann::json variant_manifest(const MutationSite& site);

/// Writes DIR/<variant>/{mutant.patch, manifest.json, FILE} for each site and DIR/index.json, all into a
/// temporary folder first that is renamed to `out` at the end. `out` must not exist or be empty.
/// Throws mlab::InputError for an unusable `out`.
void write_variants(const std::filesystem::path& root, const std::vector<MutationSite>& chosen,
                    const std::filesystem::path& out, std::uint64_t seed);

/// Throws mlab::InputError when `out` exists and is not an empty folder.
void require_new_folder(const std::filesystem::path& out);

/// Makes `out` hold exactly what `fill` writes into a fresh temporary sibling folder, or nothing at all.
void write_directory_atomically(const std::filesystem::path& out,
                                const std::function<void(const std::filesystem::path&)>& fill);

}  // namespace mutator
