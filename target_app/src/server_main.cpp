// target_app_server: serves the interactions API on loopback until SIGTERM or SIGINT.

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include <httplib.h>

#include "target_app/api.hpp"
#include "target_app/storage.hpp"

namespace {

struct Options {
    int port = 8000;
    std::string db = "interactions.db";
    std::string host = "127.0.0.1";
};

constexpr const char* kUsage =
    "usage: target_app_server [--port P] [--db PATH] [--host ADDRESS]\n"
    "  --port P      TCP port; 0 picks a free one (default 8000)\n"
    "  --db PATH     SQLite database file, created and seeded if new (default interactions.db)\n"
    "  --host ADDR   address to listen on (default 127.0.0.1)\n"
    "The API key comes from the environment variable API_KEY.\n";

[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "target_app_server: " << message << "\n";
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            std::exit(0);
        }
        if (i + 1 >= argc) {
            usage_error("unknown or incomplete option '" + arg + "' (see --help)");
        }
        const std::string value = argv[++i];
        if (arg == "--port") {
            char* end = nullptr;
            const long port = std::strtol(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || port < 0 || port > 65535) {
                usage_error("--port '" + value + "' is not a port number (0-65535)");
            }
            options.port = static_cast<int>(port);
        } else if (arg == "--db") {
            options.db = value;
        } else if (arg == "--host") {
            options.host = value;
        } else {
            usage_error("unknown option '" + arg + "' (see --help)");
        }
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    const char* api_key = std::getenv("API_KEY");
    if (api_key == nullptr || *api_key == '\0') {
        usage_error("the environment variable API_KEY is not set; requests are authorised against it");
    }

    // SIGTERM and SIGINT are taken by a thread of their own that stops the server cleanly.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    std::mutex log_mutex;
    auto log = [&log_mutex](std::string_view line) {
        std::lock_guard lock(log_mutex);
        std::cerr << target_app::utc_now() << " " << line << std::endl;
    };

    std::unique_ptr<target_app::InteractionStore> store;
    try {
        store = std::make_unique<target_app::InteractionStore>(options.db);
        if (const std::size_t seeded = store->seed_if_empty(); seeded > 0) {
            log("seeded " + std::to_string(seeded) + " interactions into " + options.db);
        }
    } catch (const std::exception& error) {
        std::cerr << "target_app_server: cannot open database '" << options.db << "': " << error.what()
                  << "\n";
        return 2;
    }

    httplib::Server server;
    target_app::register_api(server, *store, target_app::ApiOptions{api_key, {}}, log);

    int port = options.port;
    if (port == 0) {
        port = server.bind_to_any_port(options.host);
    } else if (!server.bind_to_port(options.host, port)) {
        port = -1;
    }
    if (port < 0) {
        std::cerr << "target_app_server: cannot listen on " << options.host << ":" << options.port << "\n";
        return 2;
    }
    std::cout << "listening on http://" << options.host << ":" << port << std::endl;

    std::thread signal_waiter([&server, &stop_signals, &log] {
        int received = 0;
        sigwait(&stop_signals, &received);
        log(std::string("received ") + (received == SIGTERM ? "SIGTERM" : "SIGINT") + ", shutting down");
        server.stop();
    });

    const bool served = server.listen_after_bind();
    // listen_after_bind returns once stop() ran; a failure before any signal also ends here.
    if (!served && signal_waiter.joinable()) {
        pthread_kill(signal_waiter.native_handle(), SIGTERM);
    }
    signal_waiter.join();
    log("stopped");
    return 0;
}
