#pragma once
// The HTTP API: routes, API-key auth, and status codes, on a cpp-httplib server.

#include <functional>
#include <string>
#include <string_view>

#include <httplib.h>

#include "target_app/storage.hpp"

namespace target_app {

/// Where the API writes its log lines (one per request, plus one per server-side error).
using LogSink = std::function<void(std::string_view line)>;

struct ApiOptions {
    std::string api_key;                 // the Bearer token every request must carry
    std::function<std::string()> clock;  // "now" as "YYYY-MM-DDTHH:MM:SS"; empty: the system clock
};

/// Registers the interactions API on `server`. The store and the sink must outlive the server.
void register_api(httplib::Server& server, InteractionStore& store, ApiOptions options, LogSink log);

/// The current UTC time as "YYYY-MM-DDTHH:MM:SS".
std::string utc_now();

}  // namespace target_app
