#pragma once
// Shell completion scripts generated from a CLI11 command line: its subcommands, their options
// and positional values where a fixed set is known, and the options of the top level.
#include <string>

#include <CLI/CLI.hpp>

namespace rigcheck {

enum class Shell { bash, zsh };

std::string completion_script(const CLI::App& cli, Shell shell);

}  // namespace rigcheck
