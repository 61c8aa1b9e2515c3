// The funnel's dealings with the user's project: its target built in its build folder, and a copy of its
// sources configured like it (for the mutation stage).

#include "funnel/phases.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"

namespace curator::funnel_phases {
namespace fs = std::filesystem;

void build_target(const CMakeProject& project, const std::string& target, unsigned jobs) {
    mlab::ProcessOptions process;
    process.timeout = std::chrono::hours(1);
    const mlab::ProcessResult built =
        mlab::run_process({"cmake", "--build", project.build_dir().string(), "--target", target, "--parallel",
                           std::to_string(std::max(1U, jobs))},
                          process);
    if (!built.succeeded()) {
        throw mlab::InputError(fmt::format("{}: the target {} does not build: {}",
                                           project.build_dir().string(), target,
                                           first_error_line(built.standard_output + built.standard_error)));
    }
}

namespace {

bool is_build_folder(const fs::path& folder) {
    return fs::exists(folder / "CMakeCache.txt");
}

}  // namespace

void copy_sources(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path relative = fs::relative(it->path(), from);
        if (it->is_directory()) {
            if (is_build_folder(it->path()) || it->path().filename() == ".git" ||
                it->path().filename() == "node_modules" || it->path().filename() == ".curator") {
                it.disable_recursion_pending();
                continue;
            }
            fs::create_directories(to / relative);
        } else if (it->is_regular_file()) {
            fs::copy_file(it->path(), to / relative, fs::copy_options::overwrite_existing);
        }
    }
}

mlab::ProcessResult configure_copy(const CMakeProject& project, const fs::path& copy, const fs::path& build) {
    std::vector<std::string> configure{"cmake",        "-S", copy.string(),      "-B",
                                       build.string(), "-G", project.generator()};
    for (std::string& option : mlab::cmake_copy_options(project.build_dir(), project.source_dir(), copy,
                                                        {"CMAKE_EXPORT_COMPILE_COMMANDS"})) {
        configure.push_back(std::move(option));
    }
    configure.push_back("-DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
    mlab::ProcessOptions options;
    options.timeout = std::chrono::hours(1);
    return mlab::run_process(configure, options);
}

}  // namespace curator::funnel_phases
