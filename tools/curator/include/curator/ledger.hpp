#pragma once
// The review ledger, `.curator/ledger.json` at the project's root: every decision ever made, in order,
// with the hash of the test's code it was made on and the generation provenance from the file's sidecar.
// The latest record of a test is its decision; a test whose code no longer has that hash is stale.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "curator/reviewed_file.hpp"

namespace curator {

struct LedgerRecord {
    std::string file;  // relative to the ledger's root, '/'-separated
    std::string test;  // Suite.Name
    Decision decision = Decision::none;
    std::string reason;
    std::string at;  // ISO 8601, UTC
    std::string body_hash;
    std::string code_hash;          // of the body alone (TestBlock::code_hash); empty in older records
    std::string by;                 // "review", "annotate", "forget"
    std::string renamed_from;       // a fix that renamed the test: its name before (the record of that
                                    // name is this test's)
    nlohmann::ordered_json source;  // provenance from the sidecar; null when there was none
};

class Ledger {
  public:
    /// The ledger for `file`: `override_path` when given; otherwise `.curator/ledger.json` in the nearest
    /// folder above `file` that has a `.curator` folder, else a `.git`, else `file`'s own folder.
    static std::filesystem::path locate(const std::filesystem::path& file,
                                        const std::filesystem::path& override_path);

    /// Reads the ledger at `path` (empty when the file does not exist). Throws mlab::InputError naming the
    /// file when it is not a ledger.
    static Ledger load(const std::filesystem::path& path);

    const std::filesystem::path& path() const { return path_; }
    /// The folder that `file` entries are relative to (the parent of `.curator`).
    std::filesystem::path root() const;
    /// `file` as the ledger names it.
    std::string key_of(const std::filesystem::path& file) const;

    const std::vector<LedgerRecord>& records() const { return records_; }
    /// The latest record of `test` in `file` (a path); nullptr when there is none.
    const LedgerRecord* latest(const std::filesystem::path& file, const std::string& test) const;
    /// True when some record names `file`.
    bool knows(const std::filesystem::path& file) const;
    /// The latest record of each test of `file`, in the order the tests were first recorded.
    std::vector<const LedgerRecord*> latest_of_file(const std::filesystem::path& file) const;

    void add(LedgerRecord record) { records_.push_back(std::move(record)); }
    /// Writes the ledger atomically (temporary file, then rename).
    void save() const;

    /// A decision in two writes (the test file, then the ledger) as one: `begin` records the intent (the
    /// record and the hash of the file's new content) beside the ledger before the file is written;
    /// `commit` adds the record, saves, and drops the intent. A command killed in between leaves the intent,
    /// and the next command that loads the ledger finishes it (finish_interrupted).
    void begin(const LedgerRecord& record, const std::filesystem::path& file,
               const std::string& new_content) const;
    void commit(LedgerRecord record);
    /// Finishes a decision an interrupted command left half-made: when the test file holds the new content,
    /// the ledger gets the record; otherwise the intent is dropped. Also removes the temporary files a
    /// killed write left beside the ledger and the file. True when a record was added.
    bool finish_interrupted();

  private:
    std::filesystem::path intent_path() const;

    std::filesystem::path path_;
    std::vector<LedgerRecord> records_;
};

/// The ledgers of several files (usually one), each loaded once.
class Ledgers {
  public:
    explicit Ledgers(std::filesystem::path override_path) : override_path_(std::move(override_path)) {}
    Ledger& of(const std::filesystem::path& file);

  private:
    std::filesystem::path override_path_;
    std::map<std::filesystem::path, Ledger> loaded_;
};

/// Provenance for the ledger from `<file>.curator.json`: provider, model, prompt, date and this test's
/// funnel verdict. Null when there is no sidecar or it does not parse.
nlohmann::ordered_json provenance_of(const std::filesystem::path& file, const std::string& test);

/// The current time as ISO 8601 in UTC, e.g. 2026-11-21T08:20:18Z.
std::string now_iso8601();

}  // namespace curator
