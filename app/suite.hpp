#pragma once
// The suite runner: the tests `rigcheck run` (and `burn`) perform after the probes, in order,
// with the NVML telemetry sampler running around them. Each step adds measurements to the
// report; a step that cannot run adds a note saying why.
#include <memory>
#include <string>
#include <vector>

#include "app/options.hpp"
#include "probes/nvml/nvml_session.hpp"
#include "reports/model.hpp"

namespace rigcheck {

struct SuitePlan {
  std::string profile;           // quick | standard | burn-in | burn
  bool vram = true;
  bool transfers = true;
  bool compute = true;
  double burn_duration_s = 0;    // 0: no sustained load
  std::vector<std::string> precisions;  // compute: empty = every precision
  std::string shapes = "gpt2";          // compute: gpt2 | square
};

// quick: VRAM + compute (quick shapes) + 60 s sustained load; standard: 10 min; burn-in: 1 h.
// `duration_s` > 0 replaces the profile's load time.
SuitePlan plan_for_profile(const std::string& profile, double duration_s);

// Runs the plan; stops between steps when Ctrl-C was pressed; stores each GPU's NVML series.
void run_suite(Report& report, const GlobalOptions& options, const SuitePlan& plan, std::shared_ptr<NvmlSession> nvml);

}  // namespace rigcheck
