# mlab_discover_tests(TARGET LABELS "a;b" [ARGS...]): gtest_discover_tests with several labels. A list inside
# gtest_discover_tests' PROPERTIES loses its escapes (only the first label would stay, and the others would
# be read as property names), so the labels are set by a script that CTest reads after the discovered tests
# (it sees their names in ${TARGET}_TESTS), as target_app does for its suites.
function(mlab_discover_tests target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "LABELS" "")
  gtest_discover_tests(${target} ${ARG_UNPARSED_ARGUMENTS})
  set(script "${CMAKE_CURRENT_BINARY_DIR}/${target}_labels.cmake")
  file(WRITE "${script}"
       "if(${target}_TESTS)\n  set_tests_properties(\${${target}_TESTS} PROPERTIES LABELS \"${ARG_LABELS}\")\nendif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${script}")
endfunction()
