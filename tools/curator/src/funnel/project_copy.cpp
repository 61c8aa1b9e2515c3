// The funnel's dealings with the user's project: its target built in its build folder, and a copy of its
// sources configured like it (for the mutation stage).

#include "funnel/phases.hpp"

#include <fmt/format.h>

#include "mlab/common/cmake_build.hpp"
#include "mlab/common/errors.hpp"

namespace curator::funnel_phases {
namespace fs = std::filesystem;

void build_target(const CMakeProject& project, const std::string& target, unsigned jobs) {
    const mlab::ProcessResult built =
        mlab::build_targets({project.build_dir(), {target}, jobs, false, std::chrono::hours(1), nullptr});
    if (!built.succeeded()) {
        throw mlab::InputError(fmt::format("{}: the target {} does not build: {}",
                                           project.build_dir().string(), target,
                                           error_summary(built.standard_output + built.standard_error)));
    }
}

mlab::ProcessResult configure_copy(const CMakeProject& project, const fs::path& copy, const fs::path& build) {
    mlab::ProcessOptions options;
    options.timeout = std::chrono::hours(1);
    return mlab::run_process(
        mlab::configure_copy_command({project.build_dir(), project.source_dir(), copy, build, {}, {}}),
        options);
}

}  // namespace curator::funnel_phases
