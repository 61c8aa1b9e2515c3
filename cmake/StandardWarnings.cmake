# Shared compiler settings for every target of the repository: one place for warnings and sanitizers.
include_guard(GLOBAL)

option(MLAB_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
# CI sets CI=true in the environment; warnings become errors there.
if(DEFINED ENV{CI} AND NOT "$ENV{CI}" STREQUAL "" AND NOT "$ENV{CI}" STREQUAL "false")
  set(_mlab_werror_default ON)
else()
  set(_mlab_werror_default OFF)
endif()
option(MLAB_WERROR "Treat warnings as errors" ${_mlab_werror_default})

add_library(mlab_warnings INTERFACE)
target_compile_options(mlab_warnings INTERFACE -Wall -Wextra -Wpedantic $<$<BOOL:${MLAB_WERROR}>:-Werror>)
# GCC 12 at -O3 (a Release build: the package, `./mlab install`) warns -Wrestrict inside libstdc++ for
# `"text" + std::string` (GCC bug 105329, a false positive fixed in GCC 13); under -Werror it would stop the
# build, so that warning is off for GCC 12.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(mlab_warnings INTERFACE -Wno-restrict)
endif()
if(MLAB_SANITIZE)
  target_compile_options(mlab_warnings INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all
                                                 -fno-omit-frame-pointer)
  target_link_options(mlab_warnings INTERFACE -fsanitize=address,undefined)
endif()
