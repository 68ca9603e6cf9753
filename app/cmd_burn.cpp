// rigcheck burn [--duration 10m]: the sustained GEMM load on every selected device at once, with
// the NVML sampler running; judges power, heat, clocks and compute stability.
#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
#include "app/run_plan.hpp"
#include "reports/units.hpp"

namespace rigcheck {

CommandAction register_burn_command(CLI::App& cli, GlobalOptions& options) {
  auto duration = std::make_shared<std::string>("10m");
  auto* sub = cli.add_subcommand("burn", "Sustained load: power, thermals, clocks and compute stability over minutes");
  sub->add_option("--duration", *duration, "How long to load the GPUs (e.g. 90s, 10m, 2h)")->capture_default_str();
  return [&options, duration] {
    auto seconds = parse_duration_seconds(*duration);
    if (!seconds) {
      print_error("--duration: " + seconds.error());
      return int(kExitBadInput);
    }
    SuitePlan plan;
    plan.profile = "burn";
    plan.vram = false;
    plan.transfers = false;
    plan.compute = false;
    plan.burn_duration_s = *seconds;
    int exit_code = 0;
    auto report = probe_and_run(options, plan, exit_code);
    if (!report) return exit_code;
    return emit_report(*report, options);
  };
}

}  // namespace rigcheck
