#include "mutator/results_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace mutator {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS numbers (site_id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS results (
    site_id TEXT PRIMARY KEY,
    result_key TEXT NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT NOT NULL,
    killed_by TEXT NOT NULL,
    covered_by TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    tests_completed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS compiled (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// The layout of the tables; a store written with another layout is refused, not misread.
constexpr const char* kStoreVersion = "1";

[[noreturn]] void fail(const std::filesystem::path& path, const std::exception& error) {
    throw mlab::FileError("cannot use the results store " + path.string() + ": " + error.what());
}

}  // namespace

ResultsStore::ResultsStore(const std::filesystem::path& path) : path_(path) {
    try {
        database_ =
            std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        database_->setBusyTimeout(5000);
        // WAL keeps every committed result through a SIGKILL of this process.
        database_->exec("PRAGMA journal_mode=WAL");
        database_->exec("PRAGMA synchronous=NORMAL");
        database_->exec(kSchema);
    } catch (const SQLite::Exception& error) {
        if (error.getErrorCode() == SQLITE_NOTADB || error.getErrorCode() == SQLITE_CORRUPT) {
            throw mlab::InputError(path.string() +
                                   ": not a results store (the file is damaged or is another "
                                   "kind of file); move it away or use a new --out");
        }
        fail(path, error);
    }
    const std::optional<std::string> version = meta("store_version");
    if (!version) {
        set_meta("store_version", kStoreVersion);
    } else if (*version != kStoreVersion) {
        throw mlab::InputError(path.string() + ": a results store of layout version " + *version +
                               ", written by another mutator version (this one reads version " +
                               kStoreVersion + "); use a new --out");
    }
}

ResultsStore::~ResultsStore() = default;

std::map<std::string, std::uint32_t> ResultsStore::assign_numbers(const std::vector<std::string>& site_ids) {
    const std::lock_guard lock(mutex_);
    std::map<std::string, std::uint32_t> numbers;
    try {
        std::uint32_t highest = 0;
        SQLite::Statement all(*database_, "SELECT site_id, number FROM numbers");
        while (all.executeStep()) {
            const auto number = static_cast<std::uint32_t>(all.getColumn(1).getInt64());
            numbers.emplace(all.getColumn(0).getString(), number);
            highest = std::max(highest, number);
        }
        SQLite::Transaction transaction(*database_);
        SQLite::Statement insert(*database_, "INSERT INTO numbers (site_id, number) VALUES (?, ?)");
        std::map<std::string, std::uint32_t> out;
        for (const std::string& id : site_ids) {
            auto it = numbers.find(id);
            if (it == numbers.end()) {
                it = numbers.emplace(id, ++highest).first;
                insert.bind(1, id);
                insert.bind(2, static_cast<std::int64_t>(highest));
                insert.exec();
                insert.reset();
            }
            out.emplace(id, it->second);
        }
        transaction.commit();
        return out;
    } catch (const SQLite::Exception& error) {
        fail(path_, error);
    }
}

std::optional<MutantResult> ResultsStore::find(const std::string& site_id, const std::string& key) const {
    const std::lock_guard lock(mutex_);
    try {
        SQLite::Statement query(
            *database_,
            "SELECT status, status_reason, killed_by, covered_by, duration_ms, tests_completed "
            "FROM results WHERE site_id = ? AND result_key = ?");
        query.bind(1, site_id);
        query.bind(2, key);
        if (!query.executeStep()) {
            return std::nullopt;
        }
        const std::optional<MutantStatus> status = parse_status(query.getColumn(0).getString());
        if (!status) {
            return std::nullopt;
        }
        MutantResult result;
        result.status = *status;
        result.reason = query.getColumn(1).getString();
        result.killed_by =
            nlohmann::json::parse(query.getColumn(2).getString()).get<std::vector<std::string>>();
        result.covered_by =
            nlohmann::json::parse(query.getColumn(3).getString()).get<std::vector<std::string>>();
        result.duration = std::chrono::milliseconds(query.getColumn(4).getInt64());
        result.tests_completed = static_cast<unsigned>(query.getColumn(5).getInt64());
        return result;
    } catch (const SQLite::Exception& error) {
        fail(path_, error);
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // a damaged row is computed again
    }
}

void ResultsStore::save(const std::string& site_id, const std::string& key, const MutantResult& result) {
    const std::lock_guard lock(mutex_);
    try {
        SQLite::Statement insert(
            *database_,
            "INSERT OR REPLACE INTO results (site_id, result_key, status, status_reason, "
            "killed_by, covered_by, duration_ms, tests_completed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind(1, site_id);
        insert.bind(2, key);
        insert.bind(3, std::string(status_name(result.status)));
        insert.bind(4, result.reason);
        insert.bind(5, nlohmann::json(result.killed_by).dump());
        insert.bind(6, nlohmann::json(result.covered_by).dump());
        insert.bind(7, static_cast<std::int64_t>(result.duration.count()));
        insert.bind(8, static_cast<std::int64_t>(result.tests_completed));
        insert.exec();
    } catch (const SQLite::Exception& error) {
        fail(path_, error);
    }
}

std::optional<std::string> ResultsStore::meta(const std::string& name) const {
    const std::lock_guard lock(mutex_);
    try {
        SQLite::Statement query(*database_, "SELECT value FROM meta WHERE name = ?");
        query.bind(1, name);
        if (query.executeStep()) {
            return query.getColumn(0).getString();
        }
        return std::nullopt;
    } catch (const SQLite::Exception& error) {
        fail(path_, error);
    }
}

void ResultsStore::set_meta(const std::string& name, const std::string& value) {
    const std::lock_guard lock(mutex_);
    try {
        SQLite::Statement insert(*database_, "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)");
        insert.bind(1, name);
        insert.bind(2, value);
        insert.exec();
    } catch (const SQLite::Exception& error) {
        fail(path_, error);
    }
}

std::optional<std::string> ResultsStore::compiled(const std::string& key) const {
    const std::lock_guard lock(mutex_);
    try {
        SQLite::Statement query(*database_, "SELECT value FROM compiled WHERE key = ?");
        query.bind(1, key);
        if (query.executeStep()) {
            return query.getColumn(0).getString();
        }
        return std::nullopt;
    } catch (const SQLite::Exception& error) {
        fail(path_, error);
    }
}

void ResultsStore::save_compiled(const std::string& key, const std::string& value) {
    const std::lock_guard lock(mutex_);
    try {
        SQLite::Statement insert(*database_, "INSERT OR REPLACE INTO compiled (key, value) VALUES (?, ?)");
        insert.bind(1, key);
        insert.bind(2, value);
        insert.exec();
    } catch (const SQLite::Exception& error) {
        fail(path_, error);
    }
}

}  // namespace mutator
