#pragma once
// Files compiled into the mutator binary, so its HTML pages need nothing beside it: the
// mutation-testing-elements browser bundle (copied from node_modules by the build) and our kill-matrix
// page template (tools/mutator/assets/kill-matrix.html).

#include <string_view>

namespace mutator {

std::string_view elements_bundle();
std::string_view kill_matrix_template();

}  // namespace mutator
