// rigcheck probe: host + PCI + kernel log facts, judged; no load; works without a driver.
#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/machine_probe.hpp"
#include "app/output.hpp"
#include "reports/judge/judge.hpp"

namespace rigcheck {

CommandAction register_probe_command(CLI::App& cli, GlobalOptions& options) {
  cli.add_subcommand("probe", "Host, PCI, kernel-log and driver facts; no load; seconds; works without a driver");
  return [&options] {
    auto policy = resolve_policy(options);
    if (!policy) return int(kExitBadInput);
    auto files = machine_files(options);
    if (!files) return int(kExitBadInput);
    auto probe = probe_machine(*files, options, "probe");
    if (probe.input_error) {
      print_error(*probe.input_error);
      return int(kExitBadInput);
    }
    return emit_report(judge(std::move(probe.report), *policy), options);
  };
}

}  // namespace rigcheck
