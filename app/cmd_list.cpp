#include "app/command.hpp"
#include "app/exit_codes.hpp"
namespace rigcheck {
CommandAction register_list_command(CLI::App& cli, GlobalOptions&) {
  cli.add_subcommand("list", "list");
  return [] { return int(kExitBadInput); };
}
}  // namespace rigcheck
