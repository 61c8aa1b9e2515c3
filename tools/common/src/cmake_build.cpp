#include "mlab/common/cmake_build.hpp"

#include <algorithm>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"

namespace mlab {
namespace fs = std::filesystem;

std::string cmake_generator_of(const fs::path& build_dir, std::string_view hint) {
    std::string generator = cmake_cache_value(build_dir, "CMAKE_GENERATOR");
    if (generator.empty()) {
        throw InputError(build_dir.string() +
                         ": not a CMake build folder (no CMakeCache.txt with CMAKE_GENERATOR)" +
                         (hint.empty() ? std::string() : "; " + std::string(hint)));
    }
    return generator;
}

std::vector<std::string> configure_copy_command(const CopyConfiguration& copy) {
    std::vector<std::string> command{"cmake", "-S", copy.copy_source_dir.string(), "-B",
                                     copy.copy_build_dir.string()};
    if (const std::string generator = cmake_cache_value(copy.user_build_dir, "CMAKE_GENERATOR");
        !generator.empty()) {
        command.insert(command.end(), {"-G", generator});
    }
    for (std::string& option :
         cmake_copy_options(copy.user_build_dir, copy.source_dir, copy.copy_source_dir, copy.skipped)) {
        command.push_back(std::move(option));
    }
    command.insert(command.end(), copy.extra.begin(), copy.extra.end());
    command.push_back("-DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
    return command;
}

std::vector<std::string> build_command(const BuildRequest& request) {
    std::vector<std::string> command{"cmake", "--build", request.build_dir.string()};
    if (!request.targets.empty()) {
        command.push_back("--target");
        command.insert(command.end(), request.targets.begin(), request.targets.end());
    }
    command.insert(command.end(), {"--parallel", std::to_string(std::max(1U, request.jobs))});
    if (request.keep_going) {
        const std::string generator = cmake_cache_value(request.build_dir, "CMAKE_GENERATOR");
        if (generator == "Ninja" || generator == "Ninja Multi-Config") {
            command.insert(command.end(), {"--", "-k", "0"});
        } else if (generator == "Unix Makefiles") {
            command.insert(command.end(), {"--", "-k"});
        }
    }
    return command;
}

ProcessResult build_targets(const BuildRequest& request) {
    ProcessOptions options;
    options.timeout = request.timeout;
    options.cancel = request.cancel;
    return run_process(build_command(request), options);
}

}  // namespace mlab
