// OUT/schemata/switches.json and the schemata runtime's environment (mutant_switch.hpp).

#include "mlab/common/mutant_switch.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

namespace mlab {
namespace fs = std::filesystem;

namespace {
constexpr int kSwitchesVersion = 1;
}

fs::path switches_file(const fs::path& out_dir) {
    return out_dir / "schemata" / "switches.json";
}

void write_switches(const fs::path& file, const SwitchTable& table) {
    nlohmann::ordered_json mutants = nlohmann::ordered_json::object();
    for (const auto& [id, mutant] : table.by_id) {
        mutants[id] = {{"number", mutant.number}, {"function", mutant.function}};
    }
    const nlohmann::ordered_json document{{"version", kSwitchesVersion}, {"mutants", mutants}};
    write_file_atomic(file, document.dump(1) + "\n");
}

std::optional<SwitchTable> read_switches(const fs::path& file) {
    if (!fs::exists(file)) {
        return std::nullopt;
    }
    SwitchTable table;
    try {
        const nlohmann::json document = nlohmann::json::parse(read_file(file));
        if (document.at("version").get<int>() != kSwitchesVersion) {
            throw InputError(fmt::format("{}: switch table version {} is not {}", file.string(),
                                         document.at("version").dump(), kSwitchesVersion));
        }
        for (const auto& [id, mutant] : document.at("mutants").items()) {
            table.by_id[id] = {mutant.at("number").get<std::uint32_t>(),
                               mutant.at("function").get<std::uint32_t>()};
        }
    } catch (const nlohmann::json::exception& error) {
        throw InputError(fmt::format("{}: not a switch table: {}", file.string(), error.what()));
    }
    return table;
}

std::map<std::string, std::string> switch_environment(const MutantSwitch& mutant) {
    return {{kActiveMutantVariable, std::to_string(mutant.number)},
            {kActiveFunctionVariable, std::to_string(mutant.function)}};
}

std::set<std::uint32_t> read_coverage_file(const fs::path& file) {
    std::set<std::uint32_t> numbers;
    if (!fs::exists(file)) {
        return numbers;
    }
    // A line cut by a process killed mid-write is not a number: only whole lines of digits count.
    constexpr std::size_t kLongestNumber = 9;
    const std::string text = read_file(file);  // split_lines views into it
    for (const std::string_view line : split_lines(text)) {
        if (!line.empty() && line.size() <= kLongestNumber &&
            line.find_first_not_of("0123456789") == std::string_view::npos) {
            numbers.insert(static_cast<std::uint32_t>(std::stoul(std::string(line))));
        }
    }
    return numbers;
}

}  // namespace mlab
