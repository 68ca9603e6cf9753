// Every subcommand, in the order `rigcheck --help` lists them. A new command is a new
// app/cmd_*.cpp file plus one row here.
#include "app/command.hpp"

namespace rigcheck {

CommandAction register_run_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_probe_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_gather_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_report_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_compare_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_list_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_gpt2_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_vram_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_compute_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_burn_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_completion_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_list_checks_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_gate_command(CLI::App& cli, GlobalOptions& options);
CommandAction register_selftest_command(CLI::App& cli, GlobalOptions& options);

const std::vector<CommandEntry>& command_table() {
  static const std::vector<CommandEntry> table{
      {"run", register_run_command},
      {"probe", register_probe_command},
      {"vram", register_vram_command},
      {"compute", register_compute_command},
      {"burn", register_burn_command},
      {"selftest", register_selftest_command},
      {"gpt2", register_gpt2_command},
      {"report", register_report_command},
      {"compare", register_compare_command},
      {"gather", register_gather_command},
      {"list", register_list_command},
      {"list-checks", register_list_checks_command},
      {"completion", register_completion_command},
      {"gate", register_gate_command},
  };
  return table;
}

}  // namespace rigcheck
