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
if(MLAB_SANITIZE)
  target_compile_options(mlab_warnings INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all
                                                 -fno-omit-frame-pointer)
  target_link_options(mlab_warnings INTERFACE -fsanitize=address,undefined)
endif()
