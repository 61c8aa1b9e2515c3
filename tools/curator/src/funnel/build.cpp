// The funnel's dealing with the user's build folder: the existing tests' target brought up to date.

#include <fmt/format.h>

#include "funnel/phases.hpp"
#include "mlab/common/cmake_build.hpp"
#include "mlab/common/errors.hpp"

namespace curator {

void build_target(const CMakeProject& project, const std::string& target, unsigned jobs) {
    const mlab::ProcessResult built =
        mlab::build_targets({project.build_dir(), {target}, jobs, false, std::chrono::hours(1), nullptr});
    if (!built.succeeded()) {
        throw mlab::InputError(
            fmt::format("{}: the target {} does not build: {}", project.build_dir().string(), target,
                        funnel_phases::error_summary(built.standard_output + built.standard_error)));
    }
}

}  // namespace curator
