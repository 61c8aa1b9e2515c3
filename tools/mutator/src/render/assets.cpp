// The build passes the two files' absolute paths; the assembler's .incbin copies their bytes in, and the
// object file is rebuilt when either changes (OBJECT_DEPENDS in tools/mutator/CMakeLists.txt).

#include "mutator/assets.hpp"

#include <cstddef>

#ifndef MLAB_ELEMENTS_BUNDLE
#error "MLAB_ELEMENTS_BUNDLE must name mutation-test-elements.js"
#endif
#ifndef MLAB_KILL_MATRIX_TEMPLATE
#error "MLAB_KILL_MATRIX_TEMPLATE must name kill-matrix.html"
#endif

#define MLAB_ASSET(name, path) \
    ".global " #name           \
    "_begin\n"                 \
    ".hidden " #name           \
    "_begin\n"                 \
    ".global " #name           \
    "_end\n"                   \
    ".hidden " #name           \
    "_end\n"                   \
    ".balign 16\n" #name       \
    "_begin:\n"                \
    ".incbin \"" path "\"\n" #name "_end:\n"

__asm__(".section .rodata\n" MLAB_ASSET(mlab_asset_elements, MLAB_ELEMENTS_BUNDLE)
            MLAB_ASSET(mlab_asset_matrix, MLAB_KILL_MATRIX_TEMPLATE) ".previous\n");

extern "C" {
extern const char mlab_asset_elements_begin[];
extern const char mlab_asset_elements_end[];
extern const char mlab_asset_matrix_begin[];
extern const char mlab_asset_matrix_end[];
}

namespace mutator {

std::string_view elements_bundle() {
    return {mlab_asset_elements_begin,
            static_cast<std::size_t>(mlab_asset_elements_end - mlab_asset_elements_begin)};
}

std::string_view kill_matrix_template() {
    return {mlab_asset_matrix_begin,
            static_cast<std::size_t>(mlab_asset_matrix_end - mlab_asset_matrix_begin)};
}

}  // namespace mutator
