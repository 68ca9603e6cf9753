# Warnings for our own targets (not for dependencies).
add_library(rigcheck_warnings INTERFACE)
target_compile_options(rigcheck_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>)
