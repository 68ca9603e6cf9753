#pragma once
// What `rigcheck COMMAND --help` shows beyond the command's own options.
#include <CLI/CLI.hpp>

namespace rigcheck {

// Every subcommand's help ends with the global options of `cli` (they are accepted before or
// after the command), rendered by CLI11's own formatter from the same option objects, so the
// list cannot drift from what is parsed. Call after the subcommands and global options exist.
void list_global_options_in_command_help(CLI::App& cli);

}  // namespace rigcheck
