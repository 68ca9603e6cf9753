#pragma once
// The suite: the tests `rigcheck run` (and `vram`, `compute`, `burn`) perform after the probes,
// with the NVML telemetry sampler running around them. Steps run through the step runner
// (step_runner.hpp), each in a worker process unless --in-process.
#include <memory>
#include <string>
#include <vector>

#include "app/device_inventory.hpp"
#include "app/options.hpp"
#include "app/step.hpp"
#include "probes/nvml/nvml_session.hpp"
#include "reports/model.hpp"

namespace rigcheck {

struct SuitePlan {
  std::string profile;           // quick | standard | burn-in | burn | compute | vram
  bool vram = true;
  bool transfers = true;
  bool compute = true;
  bool cross_check = false;      // standard and burn-in: CUDA against Vulkan on a card both reach
  double burn_duration_s = 0;    // 0: no sustained load
  std::vector<std::string> precisions;  // compute: empty = every precision
  std::string shapes = "gpt2";          // compute: gpt2 | square
  StepSettings vram_flags;              // `rigcheck vram`: size, fraction, passes, patterns, faults
  bool one_device = false;              // `rigcheck vram`: the named device, else the first discrete GPU
  std::vector<std::string> only_checks; // `run --only`: the check ids selected (Report::only_checks)
};

// quick: VRAM + compute (quick shapes) + 60 s sustained load; standard: 10 min and the
// CUDA/Vulkan cross-check; burn-in: 1 h and the cross-check.
// `duration_s` > 0 replaces the profile's load time.
SuitePlan plan_for_profile(const std::string& profile, double duration_s);

// The steps the plan runs, in the step table's order.
std::vector<StepKind> steps_of(const SuitePlan& plan);

// Runs the plan on `devices`; stops between steps when Ctrl-C was pressed; stores each GPU's NVML series.
void run_suite(Report& report, const GlobalOptions& options, const SuitePlan& plan,
               const std::vector<StepDevice>& devices, std::shared_ptr<NvmlSession> nvml);

}  // namespace rigcheck
