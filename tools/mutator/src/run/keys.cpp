// mutator run's results keys and recorded options.

#include "keys.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"

namespace mutator {
namespace fs = std::filesystem;

ResultKeys::ResultKeys(const std::vector<TestCase>& tests, const std::map<fs::path, std::string>& originals,
                       const KeyOptions& options)
    : tests_(tests),
      originals_(originals),
      options_(options),
      given_margin_(options.given_margin ? std::to_string(options.given_margin->count()) : "measured") {}

std::string ResultKeys::key(const SiteState& state, const std::vector<std::size_t>& covering, bool schemata) {
    std::uint64_t hash = mlab::fnv1a64(state.site->id);
    hash = mlab::fnv1a64(originals_.at(state.original), hash);
    // The margin the run measured is not part of the key (it differs run to run); one the user set is.
    hash = mlab::fnv1a64(fmt::format("|{}|{}|{}|{}|{}", options_.fail_fast, options_.timeout_factor,
                                     given_margin_, schemata, options_.batch),
                         hash);
    std::vector<std::string> parts;
    for (const std::size_t index : covering) {
        parts.push_back(tests_[index].name + "=" + program_hash(tests_[index]));
    }
    std::sort(parts.begin(), parts.end());
    for (const std::string& part : parts) {
        hash = mlab::fnv1a64(part + "\n", hash);
    }
    return mlab::to_hex(mlab::mix64(hash));
}

std::string ResultKeys::program_hash(const TestCase& test) {
    fs::path program = test.command.front();
    if (test.command.front() == "sh" && test.command.size() == 3) {
        return mlab::to_hex(mlab::fnv1a64(test.command[2]));  // a --test-cmd: no program to look at
    }
    auto [it, inserted] = programs_.try_emplace(program.string());
    if (inserted) {
        try {
            it->second = mlab::to_hex(mlab::fnv1a64(mlab::read_file(program)));
        } catch (const mlab::FileError&) {
            it->second = "missing";
        }
    }
    return it->second;
}

nlohmann::ordered_json options_json(const RunOptions& options) {
    nlohmann::ordered_json config{{"timeoutFactor", options.timeout_factor}, {"failFast", options.fail_fast}};
    if (!options.batch) {
        config["batch"] = false;
    }
    if (options.harden) {
        config["harden"] = true;
    }
    if (!options.equivalence) {
        config["equivalence"] = false;
    }
    if (!options.test_label.empty()) {
        config["testLabel"] = options.test_label;
    }
    if (!options.since.empty()) {
        config["since"] = options.since;
    }
    if (options.shard_count > 1) {
        config["shard"] = fmt::format("{}/{}", options.shard_index, options.shard_count);
    }
    if (!options.build_command.empty()) {
        config["buildCommand"] = options.build_command;
    }
    if (!options.test_command.empty()) {
        config["testCommand"] = options.test_command;
    }
    return config;
}

}  // namespace mutator
