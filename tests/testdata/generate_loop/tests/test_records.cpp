#include <gtest/gtest.h>

#include "records.hpp"

using records::Record;

TEST(Records, ParsesIdAndLevel) {
    const Record record = records::parse_record("7:3");
    EXPECT_EQ(record.id, 7);
    EXPECT_EQ(record.level, 3);
}

TEST(Records, KeepsLowLevels) {
    const std::vector<Record> kept = records::at_most({{1, 1}, {2, 5}}, 3);
    ASSERT_EQ(kept.size(), 1U);
    EXPECT_EQ(kept[0].id, 1);
}
