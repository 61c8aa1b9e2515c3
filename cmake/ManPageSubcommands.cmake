# Writes help2man's --include file for a tool with subcommands: one section holding each subcommand's own
# --help, so `man mutator` shows every option of `mutator run`, not only the subcommands' names.
#   cmake -DTOOL=path/to/mutator -DOUTPUT=... -P ManPageSubcommands.cmake
execute_process(COMMAND "${TOOL}" --help OUTPUT_VARIABLE help RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "${TOOL} --help failed")
endif()
get_filename_component(name "${TOOL}" NAME)
string(REGEX REPLACE ".*\nSubcommands:\n" "" listed "${help}")
string(REPLACE "\n" ";" lines "${listed}")
set(text "[SUBCOMMANDS]\n")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^  ([a-z][a-z-]*) ")
    continue()
  endif()
  set(subcommand "${CMAKE_MATCH_1}")
  execute_process(COMMAND "${TOOL}" ${subcommand} --help OUTPUT_VARIABLE sub_help RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "${TOOL} ${subcommand} --help failed")
  endif()
  string(REPLACE "${TOOL}" "${name}" sub_help "${sub_help}")  # `Usage: mutator run`, not the build's path
  # roff: a backslash is \e, and a line starting with . or ' would be a request.
  string(REPLACE "\\" "\\e" sub_help "${sub_help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" sub_help "${sub_help}")
  string(APPEND text ".SS \"${name} ${subcommand}\"\n.nf\n${sub_help}.fi\n")
endforeach()
file(WRITE "${OUTPUT}" "${text}")
