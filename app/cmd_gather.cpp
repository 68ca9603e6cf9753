#include "app/command.hpp"
#include "app/exit_codes.hpp"
namespace rigcheck {
CommandAction register_gather_command(CLI::App& cli, GlobalOptions&) {
  cli.add_subcommand("gather", "gather");
  return [] { return int(kExitBadInput); };
}
}  // namespace rigcheck
