#include "target_app/storage.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

namespace target_app {
namespace {

struct SeedRow {
    std::int64_t id, learner_id, item_id;
    const char* kind;
    const char* created_at;
};

// The lab's sample data: twelve interactions of five learners with six items.
constexpr SeedRow kSeed[] = {
    {1, 1, 1, "view", "2025-09-02T10:00:00"},      {2, 1, 2, "attempt", "2025-09-02T10:15:00"},
    {3, 2, 1, "view", "2025-09-05T14:30:00"},      {4, 2, 3, "complete", "2025-09-07T09:00:00"},
    {5, 3, 2, "view", "2025-09-12T16:45:00"},      {6, 3, 4, "attempt", "2025-09-18T11:20:00"},
    {7, 4, 5, "view", "2025-09-25T08:05:00"},      {8, 4, 1, "complete", "2025-10-01T13:40:00"},
    {9, 5, 3, "attempt", "2025-10-04T17:10:00"},   {10, 5, 6, "view", "2025-10-09T10:25:00"},
    {11, 1, 4, "complete", "2025-10-12T15:55:00"}, {12, 5, 6, "view", "2025-10-16T09:30:00"},
};

Record read_record(SQLite::Statement& query) {
    Record record;
    for (int i = 0; i < query.getColumnCount(); ++i) {
        const SQLite::Column column = query.getColumn(i);
        Record::Value value;
        if (column.isInteger()) {
            value = column.getInt64();
        } else if (column.isFloat()) {
            value = column.getDouble();
        } else if (column.isText()) {
            value = column.getString();
        }
        record.add(query.getColumnName(i), std::move(value));
    }
    return record;
}

}  // namespace

void Record::add(std::string column, Value value) {
    fields_.emplace_back(std::move(column), std::move(value));
}

const Record::Value& Record::at(std::string_view column) const {
    for (const auto& [name, value] : fields_) {
        if (name == column) {
            return value;
        }
    }
    std::string known;
    for (const auto& [name, value] : fields_) {
        known += known.empty() ? name : ", " + name;
    }
    throw MissingFieldError("stored row has no field '" + std::string(column) + "' (it has: " + known + ")");
}

std::int64_t Record::integer(std::string_view column) const {
    const Value& value = at(column);
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
        return *number;
    }
    throw MissingFieldError("stored field '" + std::string(column) + "' holds no integer");
}

const std::string& Record::text(std::string_view column) const {
    const Value& value = at(column);
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    throw MissingFieldError("stored field '" + std::string(column) + "' holds no text");
}

std::vector<std::string> Record::columns() const {
    std::vector<std::string> names;
    for (const auto& field : fields_) {
        names.push_back(field.first);
    }
    return names;
}

InteractionStore::InteractionStore(const std::string& path)
    : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX) {
    db_.exec(
        "CREATE TABLE IF NOT EXISTS interactions ("
        " id INTEGER PRIMARY KEY,"
        " learner_id INTEGER NOT NULL,"
        " item_id INTEGER NOT NULL,"
        " kind TEXT NOT NULL,"
        " created_at TEXT NOT NULL)");
}

std::size_t InteractionStore::seed_if_empty() {
    std::lock_guard lock(mutex_);
    if (db_.execAndGet("SELECT COUNT(*) FROM interactions").getInt64() > 0) {
        return 0;
    }
    SQLite::Transaction transaction(db_);
    SQLite::Statement insert(db_,
                             "INSERT INTO interactions (id, learner_id, item_id, kind, created_at)"
                             " VALUES (?, ?, ?, ?, ?)");
    for (const SeedRow& row : kSeed) {
        insert.bind(1, row.id);
        insert.bind(2, row.learner_id);
        insert.bind(3, row.item_id);
        insert.bind(4, row.kind);
        insert.bind(5, row.created_at);
        insert.exec();
        insert.reset();
    }
    transaction.commit();
    return std::size(kSeed);
}

InsertResult InteractionStore::insert(const NewInteraction& interaction) {
    std::lock_guard lock(mutex_);
    SQLite::Statement insert(db_,
                             "INSERT INTO interactions (id, learner_id, item_id, kind, created_at)"
                             " VALUES (?, ?, ?, ?, ?)");
    if (interaction.id) {
        insert.bind(1, *interaction.id);
    } else {
        insert.bind(1);  // NULL: SQLite assigns the next rowid
    }
    insert.bind(2, interaction.learner_id);
    insert.bind(3, interaction.item_id);
    insert.bind(4, interaction.kind);
    insert.bind(5, interaction.created_at);
    try {
        insert.exec();
    } catch (const SQLite::Exception& error) {
        if (error.getExtendedErrorCode() == SQLITE_CONSTRAINT_PRIMARYKEY) {
            return InsertResult{false, interaction.id.value_or(0)};
        }
        throw;
    }
    return InsertResult{true, db_.getLastInsertRowid()};
}

std::vector<Record> InteractionStore::all() const {
    std::lock_guard lock(mutex_);
    SQLite::Statement query(db_, "SELECT * FROM interactions ORDER BY id");
    std::vector<Record> records;
    while (query.executeStep()) {
        records.push_back(read_record(query));
    }
    return records;
}

std::optional<Record> InteractionStore::find(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    SQLite::Statement query(db_, "SELECT * FROM interactions WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) {
        return std::nullopt;
    }
    return read_record(query);
}

std::size_t InteractionStore::count() const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(db_.execAndGet("SELECT COUNT(*) FROM interactions").getInt64());
}

}  // namespace target_app
