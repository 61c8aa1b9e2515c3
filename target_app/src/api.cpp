#include "target_app/api.hpp"

#include <ctime>
#include <memory>

#include "target_app/interaction.hpp"
#include "target_app/mapping.hpp"
#include "target_app/serialization.hpp"
#include "target_app/validation.hpp"

namespace target_app {
namespace {

constexpr const char* kJson = "application/json";

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump(), kJson);
}

void send_field_error(httplib::Response& res, const FieldError& error) {
    send_json(res, 422, error_body("validation_error", error.field + " " + error.message, error.field));
}

// Compares without stopping at the first difference, so the time taken does not tell where it is.
bool same_secret(std::string_view given, std::string_view expected) {
    if (expected.empty() || given.size() != expected.size()) {
        return false;
    }
    unsigned char difference = 0;
    for (std::size_t i = 0; i < given.size(); ++i) {
        difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
    }
    return difference == 0;
}

std::string request_target(const httplib::Request& req) {
    std::string target = req.path;
    char separator = '?';
    for (const auto& [name, value] : req.params) {
        target += separator + name + "=" + value;
        separator = '&';
    }
    return target;
}

}  // namespace

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
    return text;
}

void register_api(httplib::Server& server, InteractionStore& store, ApiOptions options, LogSink log) {
    auto shared = std::make_shared<ApiOptions>(std::move(options));
    if (!shared->clock) {
        shared->clock = utc_now;
    }

    server.set_pre_routing_handler([shared](const httplib::Request& req, httplib::Response& res) {
        const std::string header = req.get_header_value("Authorization");
        constexpr std::string_view kScheme = "Bearer ";
        const bool has_bearer = header.compare(0, kScheme.size(), kScheme) == 0;
        if (!has_bearer || !same_secret(std::string_view(header).substr(kScheme.size()), shared->api_key)) {
            res.set_header("WWW-Authenticate", "Bearer");
            send_json(res, 401, error_body("unauthorized", "missing or invalid API key"));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    auto list = [&store](const httplib::Request& req, httplib::Response& res) {
        std::optional<std::int64_t> max_item_id;
        if (req.has_param("max_item_id")) {
            max_item_id = parse_integer(req.get_param_value("max_item_id"));
            if (!max_item_id) {
                send_field_error(res, FieldError{"max_item_id", "must be an integer"});
                return;
            }
        }
        std::vector<InteractionLog> interactions = interactions_from_records(store.all());
        if (max_item_id) {
            interactions = filter_by_max_item_id(interactions, *max_item_id);
        }
        nlohmann::json body = nlohmann::json::array();
        for (const InteractionLog& interaction : interactions) {
            body.push_back(to_json(interaction));
        }
        send_json(res, 200, body);
    };
    server.Get("/interactions/", list);
    server.Get("/interactions", list);

    server.Get(R"(/interactions/([^/]+))", [&store](const httplib::Request& req, httplib::Response& res) {
        const auto id = parse_integer(req.matches[1].str());
        if (!id) {
            send_field_error(res, FieldError{"id", "must be an integer"});
            return;
        }
        const std::optional<Record> record = store.find(*id);
        if (!record) {
            send_json(res, 404, error_body("not_found", "no interaction with id " + std::to_string(*id)));
            return;
        }
        send_json(res, 200, to_json(interaction_from_record(*record)));
    });

    auto create = [&store, shared](const httplib::Request& req, httplib::Response& res) {
        const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
        if (body.is_discarded()) {
            send_field_error(res, FieldError{"body", "is not valid JSON"});
            return;
        }
        auto parsed = parse_new_interaction(body, shared->clock());
        if (const auto* error = std::get_if<FieldError>(&parsed)) {
            send_field_error(res, *error);
            return;
        }
        const auto& interaction = std::get<NewInteraction>(parsed);
        const InsertResult result = store.insert(interaction);
        if (!result.inserted) {
            send_json(res, 409,
                      error_body("conflict",
                                 "an interaction with id " + std::to_string(result.id) + " exists", "id"));
            return;
        }
        send_json(res, 201, to_json(interaction_from_record(*store.find(result.id))));
    };
    server.Post("/interactions/", create);
    server.Post("/interactions", create);

    server.set_exception_handler(
        [log](const httplib::Request& req, httplib::Response& res, std::exception_ptr thrown) {
            std::string what = "unknown exception";
            try {
                std::rethrow_exception(thrown);
            } catch (const std::exception& error) {
                what = error.what();
            } catch (...) {
            }
            log("ERROR " + req.method + " " + request_target(req) + ": " + what);
            send_json(res, 500, error_body("internal_error", "the server could not build the response"));
        });

    // Routing misses and wrong methods get a JSON body like every other error.
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            const bool not_found = res.status == 404;
            send_json(res, res.status,
                      error_body(not_found ? "not_found" : "error",
                                 not_found ? "no such route" : "request failed"));
            return httplib::Server::HandlerResponse::Handled;
        }));

    server.set_logger([log](const httplib::Request& req, const httplib::Response& res) {
        log(req.method + " " + request_target(req) + " " + std::to_string(res.status));
    });
}

}  // namespace target_app
