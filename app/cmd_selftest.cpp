// `rigcheck selftest`: proves rigcheck's own detectors on each selected device (--gpu as for the
// other commands) without testing the card itself: the VRAM canary per pattern and the device
// timer in a small region, the GEMM canary of each precision the device runs (an exact integer
// GEMM and a planted corruption), the burn comparison's planted mismatch at the start of a 1 s load,
// and on a card both CUDA and Vulkan reach, the cross-check of the two.
// Prints one line per device and self-check; exit 0 when every self-check passed, 3 when any did
// not (failed, not run, or its step failed), 2 for bad arguments.
#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
#include "app/run_plan.hpp"
#include "reports/render/device_label.hpp"
#include "reports/self_check_summary.hpp"

namespace rigcheck {
namespace {

// The self-check runners: each row turns on the step that proves some detectors; every step runs
// in self-check mode (StepSettings::self_checks_only), so it does little besides. A detector's
// self-check that lives in another step is one more row.
struct SelfTestRunner {
  std::string_view proves;
  void (*enable)(SuitePlan& plan);
};

constexpr double kBurnSeconds = 1;  // the burn canary runs at the start of the load

const std::vector<SelfTestRunner>& self_test_runners() {
  static const std::vector<SelfTestRunner> runners{
      {"VRAM detector (canary per pattern) and device timer", [](SuitePlan& plan) { plan.vram = true; }},
      {"GEMM result check (exact canary per precision)", [](SuitePlan& plan) { plan.compute = true; }},
      {"burn comparison (planted mismatch)", [](SuitePlan& plan) { plan.burn_duration_s = kBurnSeconds; }},
      // Only where a second backend reaches the card (the step is left out elsewhere).
      {"CUDA/Vulkan agreement (canaries, copies, one GEMM per precision)", [](SuitePlan& plan) { plan.cross_check = true; }},
  };
  return runners;
}

SuitePlan selftest_plan() {
  SuitePlan plan;
  plan.profile = "selftest";
  plan.vram = plan.transfers = plan.compute = false;
  plan.burn_duration_s = 0;
  plan.vram_flags.self_checks_only = true;
  for (const auto& runner : self_test_runners()) runner.enable(plan);
  return plan;
}

// True when every self-check of every tested device passed and no step failed.
bool print_self_checks(const Report& report) {
  bool all_passed = true;
  int devices = 0;
  for (const auto& gpu : report.gpus) {
    if (!gpu.self_checks) continue;  // not selected
    ++devices;
    fmt::print("GPU {}  {}  {}\n", gpu.index, gpu.name, device_location(gpu));
    for (const auto& sc : *gpu.self_checks) {
      fmt::print("  {}\n", self_check_text(sc));
      all_passed = all_passed && sc.outcome == SelfCheckOutcome::passed;
    }
    for (const auto& failure : gpu.measurements.step_failures) {
      fmt::print("  [FAIL] step {}: {}\n", failure.step, failure.what);
      all_passed = false;
    }
    if (gpu.self_checks->empty()) all_passed = false;
    if (auto line = self_check_line(gpu)) fmt::print("  {}\n", *line);
  }
  if (devices == 0) {
    fmt::print("no device was self-checked\n");
    return false;
  }
  return all_passed && !report.interrupted;
}

}  // namespace

CommandAction register_selftest_command(CLI::App& cli, GlobalOptions& options) {
  cli.add_subcommand("selftest",
                     "Prove rigcheck's own detectors on each device: VRAM canary, device timer, GEMM canary, burn comparison, CUDA/Vulkan agreement");
  return [&options] {
    int exit_code = 0;
    auto report = probe_and_run(options, selftest_plan(), exit_code);
    if (!report) return exit_code;
    return print_self_checks(*report) ? int(kExitSound) : int(kExitCouldNotTest);
  };
}

}  // namespace rigcheck
