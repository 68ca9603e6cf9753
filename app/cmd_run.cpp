#include "app/command.hpp"
#include "app/exit_codes.hpp"
namespace rigcheck {
CommandAction register_run_command(CLI::App& cli, GlobalOptions&) {
  cli.add_subcommand("run", "run");
  return [] { return int(kExitBadInput); };
}
}  // namespace rigcheck
