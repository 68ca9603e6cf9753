# Run as `cmake -P` after rigcheck is built: writes the man page and the shell completions from
# the built binary's own help and command table, so they say what that binary accepts.
#   -DRIGCHECK=<binary> -DOUT=<folder> -DVERSION=<x.y.z> [-DHELP2MAN=<help2man>]
execute_process(COMMAND "${RIGCHECK}" --help OUTPUT_VARIABLE _help RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${RIGCHECK} --help failed (${_rc})")
endif()

foreach(_shell bash zsh)
  execute_process(COMMAND "${RIGCHECK}" completion ${_shell} OUTPUT_FILE "${OUT}/completion.${_shell}"
                  RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${RIGCHECK} completion ${_shell} failed (${_rc})")
  endif()
endforeach()

if(NOT HELP2MAN)
  return()
endif()
# The commands are the lines of the Subcommands section of --help: "  name   description".
string(REGEX REPLACE ".*[Ss][Uu][Bb][Cc][Oo][Mm][Mm][Aa][Nn][Dd][Ss]:\n" "" _section "${_help}")
string(REGEX MATCHALL "\n  [a-z][a-z0-9-]* " _lines "\n${_section}")
set(_include "[COMMANDS]\nEach command's own options, then the global options it accepts too.\n")
foreach(_line IN LISTS _lines)
  string(STRIP "${_line}" _name)
  execute_process(COMMAND "${RIGCHECK}" ${_name} --help OUTPUT_VARIABLE _text RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${RIGCHECK} ${_name} --help failed (${_rc})")
  endif()
  # roff: a backslash is \e; a line starting with . or ' would be a request.
  string(REPLACE "\\" "\\e" _text "${_text}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" _text "\n${_text}")
  string(APPEND _include ".SS rigcheck ${_name}\n.nf${_text}\n.fi\n")
endforeach()
file(WRITE "${OUT}/commands.h2m" "${_include}")
execute_process(COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --version-string=${VERSION}
                        "--name=check a GPU machine for GPT-2 work and explain what is wrong"
                        --include "${OUT}/commands.h2m" --output "${OUT}/rigcheck.1" "${RIGCHECK}"
                RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "help2man failed (${_rc})")
endif()
# Debian policy: manual pages compressed with gzip -9n (no name or time stamp inside).
execute_process(COMMAND gzip -9nf "${OUT}/rigcheck.1" RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "gzip of the man page failed")
endif()
