// The lab's starting end-to-end tests. Like the lab's, they never read an interaction's fields, so they
// still pass when the response mapping is broken: finding that bug takes new tests.

#include <gtest/gtest.h>

#include "server_process.hpp"

namespace target_app {
namespace {

using testing::HttpClient;
using testing::ServerProcess;

class InteractionsApiBasics : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = new ServerProcess(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static ServerProcess* server_;
};

ServerProcess* InteractionsApiBasics::server_ = nullptr;

TEST_F(InteractionsApiBasics, MissingApiKeyIs401) {
    const HttpClient anonymous(server_->base_url(), std::nullopt);
    EXPECT_EQ(anonymous.get("/interactions/").status, 401);
}

TEST_F(InteractionsApiBasics, UnknownInteractionIs404) {
    const HttpClient client(server_->base_url());
    EXPECT_EQ(client.get("/interactions/999").status, 404);
}

}  // namespace
}  // namespace target_app
