#include "app/command.hpp"
#include "app/exit_codes.hpp"
namespace rigcheck {
CommandAction register_probe_command(CLI::App& cli, GlobalOptions&) {
  cli.add_subcommand("probe", "probe");
  return [] { return int(kExitBadInput); };
}
}  // namespace rigcheck
