// The instructor's end-to-end tests: every endpoint and error status of the real server over HTTP.

#include <csignal>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "server_process.hpp"

namespace target_app {
namespace {

using testing::HttpClient;
using testing::ServerProcess;

class InteractionsApi : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = new ServerProcess(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    HttpClient client() const { return HttpClient(server_->base_url()); }
    static ServerProcess* server_;
};

ServerProcess* InteractionsApi::server_ = nullptr;

TEST_F(InteractionsApi, ListReturns200WithTheSeededInteractions) {
    const auto response = client().get("/interactions/");
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "application/json");
    EXPECT_GE(response.json().size(), 12U);
}

TEST_F(InteractionsApi, ListItemsHaveTheExpectedFields) {
    const auto data = client().get("/interactions/").json();
    ASSERT_FALSE(data.empty());
    for (const char* field : {"id", "learner_id", "item_id", "kind", "created_at"}) {
        EXPECT_TRUE(data[0].contains(field)) << field;
    }
    EXPECT_EQ(data[0]["created_at"], "2025-09-02T10:00:00");
}

TEST_F(InteractionsApi, FilterKeepsItemsUpToAndIncludingMax) {
    const auto response = client().get("/interactions/?max_item_id=1");
    ASSERT_EQ(response.status, 200);
    const auto data = response.json();
    ASSERT_FALSE(data.empty());
    for (const auto& item : data) {
        EXPECT_LE(item["item_id"].get<int>(), 1);
    }
}

TEST_F(InteractionsApi, FilterIncludesTheBoundaryItem) {
    const auto data = client().get("/interactions/?max_item_id=2").json();
    int at_boundary = 0;
    for (const auto& item : data) {
        at_boundary += item["item_id"] == 2 ? 1 : 0;
    }
    EXPECT_EQ(at_boundary, 2);  // seeded interactions 2 and 5
    EXPECT_EQ(data.size(), 5U);
}

TEST_F(InteractionsApi, NonIntegerMaxIs422NamingTheParameter) {
    const auto response = client().get("/interactions/?max_item_id=two");
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(response.json()["field"], "max_item_id");
}

TEST_F(InteractionsApi, WrongApiKeyIs401WithAJsonBody) {
    const HttpClient intruder(server_->base_url(), "not-the-key");
    const auto response = intruder.get("/interactions/1");
    ASSERT_EQ(response.status, 401);
    EXPECT_EQ(response.json()["error"], "unauthorized");
}

TEST_F(InteractionsApi, GetByIdReturnsThatInteraction) {
    const auto response = client().get("/interactions/12");
    ASSERT_EQ(response.status, 200);
    const nlohmann::json expected = {{"id", 12},
                                     {"learner_id", 5},
                                     {"item_id", 6},
                                     {"kind", "view"},
                                     {"created_at", "2025-10-16T09:30:00"}};
    EXPECT_EQ(response.json(), expected);
}

TEST_F(InteractionsApi, UnknownIdIs404WithAJsonBody) {
    const auto response = client().get("/interactions/4040");
    ASSERT_EQ(response.status, 404);
    EXPECT_EQ(response.json()["error"], "not_found");
}

TEST_F(InteractionsApi, NonIntegerIdIs422) {
    const auto response = client().get("/interactions/abc");
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(response.json()["field"], "id");
}

TEST_F(InteractionsApi, PostCreatesAnInteractionThatCanBeRead) {
    const auto created =
        client().post("/interactions/", R"({"id": 100, "learner_id": 9, "item_id": 3, "kind": "complete",
                                            "created_at": "2025-11-20T12:00:00"})");
    ASSERT_EQ(created.status, 201);
    EXPECT_EQ(created.json()["id"], 100);
    const auto read = client().get("/interactions/100");
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(read.json(), created.json());
}

TEST_F(InteractionsApi, PostWithoutIdGetsTheNextOne) {
    const auto created =
        client().post("/interactions/", R"({"learner_id": 1, "item_id": 9, "kind": "view"})");
    ASSERT_EQ(created.status, 201);
    EXPECT_GT(created.json()["id"].get<int>(), 12);
    EXPECT_FALSE(created.json()["created_at"].get<std::string>().empty());
}

TEST_F(InteractionsApi, PostWithATakenIdIs409) {
    const auto response =
        client().post("/interactions/", R"({"id": 1, "learner_id": 1, "item_id": 1, "kind": "view"})");
    ASSERT_EQ(response.status, 409);
    EXPECT_EQ(response.json()["field"], "id");
}

TEST_F(InteractionsApi, PostWithAnInvalidFieldIs422NamingIt) {
    const auto response =
        client().post("/interactions/", R"({"learner_id": 1, "item_id": -2, "kind": "view"})");
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(response.json()["field"], "item_id");
    EXPECT_EQ(response.json()["message"], "item_id must be a positive integer");
}

TEST_F(InteractionsApi, PostWithMalformedJsonIs422NotA500) {
    const auto response = client().post("/interactions/", "{not json");
    ASSERT_EQ(response.status, 422);
    EXPECT_EQ(response.json()["field"], "body");
}

TEST_F(InteractionsApi, UnknownRouteIs404WithAJsonBody) {
    const auto response = client().get("/learners/");
    ASSERT_EQ(response.status, 404);
    EXPECT_EQ(response.json()["error"], "not_found");
}

TEST_F(InteractionsApi, LogsOneLinePerRequest) {
    client().get("/interactions/7");
    EXPECT_TRUE(server_->wait_for_log("GET /interactions/7 200")) << server_->log();
}

TEST(InteractionsServer, AStoredRowMissingAFieldIs500AndTheLogNamesIt) {
    // The lab's part B symptom, produced by a database whose column has another name.
    ServerProcess scratch;
    const std::string db = scratch.directory() + "/legacy.db";
    {
        SQLite::Database legacy(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        legacy.exec(
            "CREATE TABLE interactions (id INTEGER PRIMARY KEY, learner_id INTEGER NOT NULL,"
            " item_id INTEGER NOT NULL, kind TEXT NOT NULL, timestamp TEXT NOT NULL);"
            "INSERT INTO interactions VALUES (1, 1, 1, 'view', '2025-09-02T10:00:00')");
    }
    ServerProcess server(ServerProcess::Options{"test-key", db});
    const auto response = HttpClient(server.base_url()).get("/interactions/");
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(response.json()["error"], "internal_error");
    EXPECT_TRUE(server.wait_for_log("ERROR GET /interactions/: stored row has no field 'created_at'"))
        << server.log();
}

TEST(InteractionsServer, StopsCleanlyOnSigterm) {
    ServerProcess server;
    ASSERT_EQ(HttpClient(server.base_url()).get("/interactions/1").status, 200);
    const int status = server.stop();
    ASSERT_TRUE(WIFEXITED(status)) << "status " << status;
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_NE(server.log().find("received SIGTERM, shutting down"), std::string::npos) << server.log();
}

}  // namespace
}  // namespace target_app
