#pragma once
// A subcommand: registered on the CLI11 app; its action runs after parsing and returns an exit code.
#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/options.hpp"

namespace rigcheck {

using CommandAction = std::function<int()>;

// Each command file defines one of these: it adds its subcommand (and options) to `cli` and
// returns the action to run when that subcommand was chosen.
using CommandRegistrar = CommandAction (*)(CLI::App& cli, GlobalOptions& options);

struct CommandEntry {
  const char* name;
  CommandRegistrar registrar;
};

// The command table (app/command_table.cpp): one row per subcommand.
const std::vector<CommandEntry>& command_table();

}  // namespace rigcheck
