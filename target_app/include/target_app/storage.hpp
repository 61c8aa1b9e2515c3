#pragma once
// Interactions kept in SQLite: a file for the server, ":memory:" for tests.

#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "target_app/validation.hpp"

namespace target_app {

/// A stored row was asked for a field it does not have.
class MissingFieldError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// One stored row as the database returned it: values addressed by column name.
class Record {
  public:
    using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

    void add(std::string column, Value value);
    /// The integer in `column`; throws MissingFieldError when there is no such column or it holds no integer.
    std::int64_t integer(std::string_view column) const;
    /// The text in `column`; throws MissingFieldError when there is no such column or it holds no text.
    const std::string& text(std::string_view column) const;
    std::vector<std::string> columns() const;

  private:
    const Value& at(std::string_view column) const;

    std::vector<std::pair<std::string, Value>> fields_;
};

/// The outcome of storing a new interaction.
struct InsertResult {
    bool inserted = false;  // false: the id was taken
    std::int64_t id = 0;
};

/// The interactions table. Creates its schema when opened; safe to share between threads.
class InteractionStore {
  public:
    explicit InteractionStore(const std::string& path);

    /// Stores the lab's dozen sample interactions when the table is empty; returns how many were stored.
    std::size_t seed_if_empty();
    InsertResult insert(const NewInteraction& interaction);
    std::vector<Record> all() const;
    std::optional<Record> find(std::int64_t id) const;
    std::size_t count() const;

  private:
    mutable std::mutex mutex_;
    mutable SQLite::Database db_;  // reading runs statements, which SQLiteCpp does not mark const
};

}  // namespace target_app
