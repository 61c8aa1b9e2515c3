#pragma once
// CI workflows and the repository's GitHub Action (action.yml), run locally as a runner would: a job's
// variables and its steps' scripts from the YAML, `${{ ... }}` expressions replaced by the values a test
// gives, bash -e -o pipefail, the tools of this build on PATH, and the job summary and step outputs in files.

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "cli_fixture.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"

namespace mlab::cli_testing {

/// The environment of the person (or runner) the commands run for: no LLM settings, a fixed git identity,
/// no git configuration of the machine's user.
inline std::map<std::string, std::string> clean_environment() {
    std::map<std::string, std::string> environment;
    for (const char* name :
         {"CURATOR_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CURATOR_PROVIDER", "CURATOR_MODEL",
          "CURATOR_BASE_URL", "CURATOR_KEY_FILE", "CURATOR_PROMPTS_DIR", "MLAB_UPDATE_GOLDEN"}) {
        environment[name] = "";
    }
    environment["GIT_AUTHOR_NAME"] = environment["GIT_COMMITTER_NAME"] = "Student";
    environment["GIT_AUTHOR_EMAIL"] = environment["GIT_COMMITTER_EMAIL"] = "student@localhost";
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
    return environment;
}

/// The "mutation score: ..." line of a run's output, or "".
inline std::string score_line(const std::string& output) {
    std::smatch match;
    return std::regex_search(output, match, std::regex(R"(mutation score: [^\n]*)")) ? match.str() : "";
}

/// A step of a job: a script (`run`) or an action (`uses`, with its `with` inputs).
struct WorkflowStep {
    std::string name, run, uses;
    std::map<std::string, std::string> with;
};

inline void add_variables(const YAML::Node& node, std::map<std::string, std::string>& environment) {
    for (const auto& variable : node) {
        environment[variable.first.as<std::string>()] = variable.second.as<std::string>();
    }
}

/// A CI job: its variables (the workflow's, then the job's) and its steps, by name.
struct WorkflowJob {
    std::map<std::string, std::string> environment;
    std::vector<WorkflowStep> steps;

    const WorkflowStep& step(const std::string& name) const {
        for (const WorkflowStep& each : steps) {
            if (each.name == name) {
                return each;
            }
        }
        ADD_FAILURE() << "no step named '" << name << "'";
        static const WorkflowStep kNone;
        return kNone;
    }
    const std::string& script(const std::string& name) const { return step(name).run; }
};

/// The steps of `steps` (a job's, or a composite action's).
inline std::vector<WorkflowStep> workflow_steps(const YAML::Node& steps) {
    std::vector<WorkflowStep> result;
    for (const auto& node : steps) {
        WorkflowStep step;
        step.name = node["name"] ? node["name"].as<std::string>() : "";
        step.run = node["run"] ? node["run"].as<std::string>() : "";
        step.uses = node["uses"] ? node["uses"].as<std::string>() : "";
        add_variables(node["with"], step.with);
        result.push_back(std::move(step));
    }
    return result;
}

inline WorkflowJob github_job(const YAML::Node& workflow, const std::string& name) {
    WorkflowJob job;
    add_variables(workflow["env"], job.environment);
    add_variables(workflow["jobs"][name]["env"], job.environment);
    job.steps = workflow_steps(workflow["jobs"][name]["steps"]);
    return job;
}

/// `script` with GitHub's `${{ ... }}` expressions replaced by `values`; each one left is a test failure.
inline std::string expand(std::string script, const std::map<std::string, std::string>& values) {
    for (const auto& [expression, value] : values) {
        script = replace_all(script, "${{ " + expression + " }}", value);
    }
    EXPECT_EQ(script.find("${{"), std::string::npos) << "an expression the test does not know in:\n"
                                                     << script;
    return script;
}

/// A script to run and the variables it runs with.
struct Script {
    std::string text;
    std::map<std::string, std::string> environment;
};

/// The step `name` of the repository's composite action (action.yml) as a workflow step that uses the action
/// with `with` runs it: `${{ inputs.X }}` is the step's `with` value, else the input's default, and
/// $GITHUB_ACTION_PATH the repository (the expression github.action_path is refused: in a container job it
/// names the path outside the container).
inline Script action_step(const std::map<std::string, std::string>& with, const std::string& name) {
    const YAML::Node action = YAML::LoadFile(fs::path(MLAB_SOURCE_DIR) / "action.yml");
    std::map<std::string, std::string> values;
    for (const auto& input : action["inputs"]) {
        const std::string input_name = input.first.as<std::string>();
        values["inputs." + input_name] =
            input.second["default"] ? input.second["default"].as<std::string>() : "";
    }
    for (const auto& [input, value] : with) {
        EXPECT_TRUE(values.count("inputs." + input) > 0) << "action.yml has no input " << input;
        values["inputs." + input] = value;
    }
    for (const auto& node : action["runs"]["steps"]) {
        if (node["name"] && node["name"].as<std::string>() == name) {
            Script script{expand(node["run"].as<std::string>(), values),
                          {{"GITHUB_ACTION_PATH", MLAB_SOURCE_DIR}}};
            for (const auto& variable : node["env"]) {
                script.environment[variable.first.as<std::string>()] =
                    expand(variable.second.as<std::string>(), values);
            }
            return script;
        }
    }
    ADD_FAILURE() << "action.yml has no step named '" << name << "'";
    return {};
}

/// Runs CI scripts in a repository as a runner does: bash -e -o pipefail, the job's variables, the tools of
/// this build on PATH (a workflow installs them), the job summary in a file, and the step's outputs
/// ($GITHUB_OUTPUT) read back after each run.
class Runner {
  public:
    Runner(fs::path repository, fs::path summary)
        : repository_(std::move(repository)),
          summary_(std::move(summary)),
          outputs_(summary_.string() + ".outputs") {}

    ProcessResult run(const std::string& script,
                      const std::map<std::string, std::string>& environment = {}) const {
        write_file_atomic(outputs_, "");
        ProcessOptions options;
        options.working_directory = repository_;
        options.timeout = std::chrono::minutes(20);
        options.environment = clean_environment();
        for (const auto& [name, value] : environment) {
            options.environment[name] = value;
        }
        options.environment["GITHUB_STEP_SUMMARY"] = summary_.string();
        options.environment["GITHUB_OUTPUT"] = outputs_.string();
        options.environment["PATH"] = fs::path(MLAB_MUTATOR_BIN).parent_path().string() + ":" +
                                      fs::path(MLAB_CURATOR_BIN).parent_path().string() + ":" +
                                      std::getenv("PATH");
        return run_process({"bash", "-e", "-o", "pipefail", "-c", script}, options);
    }
    ProcessResult run(const Script& script, std::map<std::string, std::string> environment = {}) const {
        for (const auto& [name, value] : script.environment) {
            environment[name] = value;
        }
        return run(script.text, environment);
    }

    /// The outputs the last step wrote: `name=value` lines and `name<<DELIMITER` ... `DELIMITER` blocks.
    std::map<std::string, std::string> outputs() const {
        std::map<std::string, std::string> outputs;
        const std::string text = read_file(outputs_);
        std::vector<std::string> lines;
        for (const std::string_view line : split_lines(text)) {
            lines.emplace_back(line);
        }
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const std::size_t heredoc = lines[i].find("<<");
            const std::size_t equals = lines[i].find('=');
            if (heredoc != std::string::npos && (equals == std::string::npos || heredoc < equals)) {
                const std::string name = lines[i].substr(0, heredoc);
                const std::string delimiter = lines[i].substr(heredoc + 2);
                std::string value;
                for (++i; i < lines.size() && lines[i] != delimiter; ++i) {
                    value += (value.empty() ? "" : "\n") + lines[i];
                }
                outputs[name] = value;
            } else if (equals != std::string::npos) {
                outputs[lines[i].substr(0, equals)] = lines[i].substr(equals + 1);
            }
        }
        return outputs;
    }

  private:
    fs::path repository_;
    fs::path summary_;
    fs::path outputs_;
};

}  // namespace mlab::cli_testing
