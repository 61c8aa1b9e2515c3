// Reading the sidecar defensively: every field is optional.

#include "curator/sidecar.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/files.hpp"

namespace curator {
namespace {

using json = nlohmann::json;

/// `object[key]`, or null when `object` is not an object or has no `key` (a const operator[] on a missing
/// key would be undefined behaviour).
const json& member(const json& object, const char* key) {
    static const json null;
    if (!object.is_object()) {
        return null;
    }
    const auto found = object.find(key);
    return found == object.end() ? null : *found;
}

std::string text(const json& object, const char* key) {
    const json& value = member(object, key);
    return value.is_string() ? value.get<std::string>() : "";
}

std::set<std::string> strings(const json& value) {
    std::set<std::string> out;
    if (value.is_array()) {
        for (const json& item : value) {
            if (item.is_string()) {
                out.insert(item.get<std::string>());
            }
        }
    }
    return out;
}

}  // namespace

Sidecar read_sidecar(const std::filesystem::path& test_file) {
    Sidecar sidecar;
    sidecar.path = test_file.string() + ".curator.json";
    std::error_code error;
    if (!std::filesystem::is_regular_file(sidecar.path, error)) {
        return sidecar;
    }
    json document;
    try {
        document = json::parse(mlab::read_file(sidecar.path));
    } catch (const std::exception& bad) {
        sidecar.problem = bad.what();
        return sidecar;
    }
    sidecar.present = document.is_object();
    sidecar.date = text(document, "date");
    const json& provider = member(document, "provider");
    sidecar.provider = text(provider, "name");
    sidecar.model = text(provider, "model");
    sidecar.hand_written_sample = member(provider, "hand_written_sample") == true;
    const json& prompt = member(document, "prompt");
    if (prompt.is_object()) {
        sidecar.prompt =
            fmt::format("{} v{} ({})", text(prompt, "name"), text(prompt, "version"), text(prompt, "hash"));
    }
    sidecar.existing_tests = text(member(document, "inputs"), "tests");
    const json& existing = member(member(document, "funnel"), "existing_kills");
    if (existing.is_object()) {
        for (const auto& [test, kills] : existing.items()) {
            sidecar.existing_kills[test] = strings(kills);
        }
    }
    const json& tests = member(document, "tests");
    if (tests.is_array()) {
        for (const json& entry : tests) {
            SidecarTest test;
            test.evidence = text(entry, "evidence");
            test.renamed_from = text(entry, "renamed_from");
            const json& funnel = member(entry, "funnel");
            test.verdict = text(funnel, "verdict");
            test.duplicate_of = text(funnel, "duplicate_of");
            const json& mutation = member(funnel, "mutation");
            test.mutation_measured = mutation.is_object();
            test.kills = strings(member(mutation, "kills"));
            test.unique_kills = strings(member(mutation, "unique_kills"));
            for (const std::string& label : strings(member(mutation, "unique_kill_labels"))) {
                test.unique_kill_labels.push_back(label);
            }
            sidecar.tests[text(entry, "name")] = std::move(test);
        }
    }
    return sidecar;
}

}  // namespace curator
