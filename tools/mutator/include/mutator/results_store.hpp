#pragma once
// The results store: a SQLite database in the output folder that records each mutant's result the moment
// it is known, so a killed run resumes where it stopped and an unchanged mutant is not run again.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mutator/mutant_result.hpp"

namespace SQLite {
class Database;
}

namespace mutator {

class ResultsStore {
  public:
    /// Opens or creates DIR/results.db. Throws mlab::FileError naming the file when it cannot be written.
    explicit ResultsStore(const std::filesystem::path& path);
    ~ResultsStore();
    ResultsStore(const ResultsStore&) = delete;
    ResultsStore& operator=(const ResultsStore&) = delete;

    const std::filesystem::path& path() const { return path_; }

    /// The schemata number of each site id: kept from earlier runs, so unchanged code is rewritten the same
    /// way and the mutant build stays incremental; new ids get new numbers.
    std::map<std::string, std::uint32_t> assign_numbers(const std::vector<std::string>& site_ids);

    /// The stored result of a site when it was computed under the same key (same code, tests, options).
    std::optional<MutantResult> find(const std::string& site_id, const std::string& key) const;
    /// Records a result at once, in its own transaction. Safe to call from several threads.
    void save(const std::string& site_id, const std::string& key, const MutantResult& result);

    /// What compiling something found (the compiler-equivalence check's code hashes), under a key that
    /// names the compiler's input and command in full; nullopt when it was not compiled yet.
    std::optional<std::string> compiled(const std::string& key) const;
    void save_compiled(const std::string& key, const std::string& value);

    std::optional<std::string> meta(const std::string& name) const;
    void set_meta(const std::string& name, const std::string& value);

  private:
    std::filesystem::path path_;
    std::unique_ptr<SQLite::Database> database_;
    mutable std::mutex mutex_;
};

}  // namespace mutator
