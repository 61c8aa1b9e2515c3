# Configures SOURCE on its own into BINARY and builds its smallest test target.
file(REMOVE_RECURSE "${BINARY}")
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${BINARY}" -G "${GENERATOR}"
                RESULT_VARIABLE configured)
if(NOT configured EQUAL 0)
  message(FATAL_ERROR "configuring ${SOURCE} on its own failed")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BINARY}" --target unit_interactions_tests
                RESULT_VARIABLE built)
if(NOT built EQUAL 0)
  message(FATAL_ERROR "building ${SOURCE} on its own failed")
endif()
