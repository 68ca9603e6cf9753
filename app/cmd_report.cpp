#include "app/command.hpp"
#include "app/exit_codes.hpp"
namespace rigcheck {
CommandAction register_report_command(CLI::App& cli, GlobalOptions&) {
  cli.add_subcommand("report", "report");
  return [] { return int(kExitBadInput); };
}
}  // namespace rigcheck
