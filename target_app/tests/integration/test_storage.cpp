// The storage layer and the row mapping against a real SQLite database (in memory, or a file).

#include <filesystem>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "target_app/mapping.hpp"
#include "target_app/storage.hpp"

namespace target_app {
namespace {

NewInteraction new_interaction(std::optional<std::int64_t> id, std::int64_t item_id) {
    return NewInteraction{id, 2, item_id, "view", "2025-11-01T08:00:00"};
}

TEST(InteractionStore, StartsEmptyAndSeedsTheLabsDozenOnce) {
    InteractionStore store(":memory:");
    EXPECT_EQ(store.count(), 0U);
    EXPECT_EQ(store.seed_if_empty(), 12U);
    EXPECT_EQ(store.count(), 12U);
    EXPECT_EQ(store.seed_if_empty(), 0U);
    EXPECT_EQ(store.count(), 12U);
}

TEST(InteractionStore, SeedMatchesTheLabsFirstAndLastRows) {
    InteractionStore store(":memory:");
    store.seed_if_empty();
    const std::vector<InteractionLog> all = interactions_from_records(store.all());
    ASSERT_EQ(all.size(), 12U);
    EXPECT_EQ(all.front(), (InteractionLog{1, 1, 1, "view", "2025-09-02T10:00:00"}));
    EXPECT_EQ(all.back(), (InteractionLog{12, 5, 6, "view", "2025-10-16T09:30:00"}));
}

TEST(InteractionStore, InsertsWithAGivenIdAndFindsIt) {
    InteractionStore store(":memory:");
    const InsertResult result = store.insert(new_interaction(40, 3));
    EXPECT_TRUE(result.inserted);
    EXPECT_EQ(result.id, 40);
    const auto record = store.find(40);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(interaction_from_record(*record), (InteractionLog{40, 2, 3, "view", "2025-11-01T08:00:00"}));
}

TEST(InteractionStore, AssignsTheNextIdWhenNoneIsGiven) {
    InteractionStore store(":memory:");
    store.seed_if_empty();
    const InsertResult result = store.insert(new_interaction(std::nullopt, 3));
    EXPECT_TRUE(result.inserted);
    EXPECT_EQ(result.id, 13);
}

TEST(InteractionStore, RefusesADuplicateIdAndKeepsTheOriginal) {
    InteractionStore store(":memory:");
    store.seed_if_empty();
    const InsertResult result = store.insert(new_interaction(5, 99));
    EXPECT_FALSE(result.inserted);
    EXPECT_EQ(result.id, 5);
    EXPECT_EQ(store.count(), 12U);
    EXPECT_EQ(interaction_from_record(*store.find(5)).item_id, 2);
}

TEST(InteractionStore, FindsNothingForAnUnknownId) {
    InteractionStore store(":memory:");
    store.seed_if_empty();
    EXPECT_FALSE(store.find(999).has_value());
    EXPECT_FALSE(store.find(0).has_value());
}

TEST(InteractionStore, ListsInIdOrder) {
    InteractionStore store(":memory:");
    store.insert(new_interaction(9, 1));
    store.insert(new_interaction(2, 1));
    store.insert(new_interaction(5, 1));
    const std::vector<InteractionLog> all = interactions_from_records(store.all());
    ASSERT_EQ(all.size(), 3U);
    EXPECT_EQ(all[0].id, 2);
    EXPECT_EQ(all[1].id, 5);
    EXPECT_EQ(all[2].id, 9);
}

TEST(InteractionStore, KeepsDataInAFileAcrossReopening) {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("target_app_store_" + std::to_string(getpid()) + ".db");
    std::filesystem::remove(path);
    {
        InteractionStore store(path.string());
        store.insert(new_interaction(1, 7));
    }
    {
        InteractionStore reopened(path.string());
        EXPECT_EQ(reopened.count(), 1U);
        EXPECT_EQ(reopened.seed_if_empty(), 0U);
        EXPECT_EQ(interaction_from_record(*reopened.find(1)).item_id, 7);
    }
    std::filesystem::remove(path);
}

TEST(Mapping, ReadsEveryFieldByColumnName) {
    Record record;
    // Column order differs from the struct's: the mapping must go by name.
    record.add("created_at", std::string("2025-09-02T10:00:00"));
    record.add("kind", std::string("complete"));
    record.add("item_id", std::int64_t{3});
    record.add("learner_id", std::int64_t{2});
    record.add("id", std::int64_t{4});
    EXPECT_EQ(interaction_from_record(record), (InteractionLog{4, 2, 3, "complete", "2025-09-02T10:00:00"}));
}

TEST(Mapping, NamesTheMissingFieldOfALegacyTable) {
    // A legacy database whose timestamp column has another name: the mapping must say which field is missing.
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("target_app_legacy_" + std::to_string(getpid()) + ".db");
    std::filesystem::remove(path);
    {
        SQLite::Database legacy(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        legacy.exec(
            "CREATE TABLE interactions (id INTEGER PRIMARY KEY, learner_id INTEGER NOT NULL,"
            " item_id INTEGER NOT NULL, kind TEXT NOT NULL, timestamp TEXT NOT NULL);"
            "INSERT INTO interactions VALUES (1, 1, 1, 'view', '2025-09-02T10:00:00')");
    }
    InteractionStore store(path.string());
    const std::vector<Record> records = store.all();
    ASSERT_EQ(records.size(), 1U);
    try {
        interaction_from_record(records[0]);
        ADD_FAILURE() << "a row without created_at must not map";
    } catch (const MissingFieldError& error) {
        EXPECT_STREQ(
            error.what(),
            "stored row has no field 'created_at' (it has: id, learner_id, item_id, kind, timestamp)");
    }
    std::filesystem::remove(path);
}

TEST(Mapping, RejectsAFieldOfTheWrongType) {
    Record record;
    record.add("id", std::string("one"));
    record.add("n", std::int64_t{1});
    EXPECT_THROW(record.integer("id"), MissingFieldError);
    EXPECT_THROW(record.text("n"), MissingFieldError);
    EXPECT_EQ(record.text("id"), "one");
    EXPECT_EQ(record.integer("n"), 1);
}

}  // namespace
}  // namespace target_app
