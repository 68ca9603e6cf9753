#pragma once
// The steps `rigcheck run` (and `burn`) perform after the probes; each adds measurements or notes.
#include <chrono>
#include <string>
#include <vector>

#include "app/options.hpp"
#include "kernels/backend.hpp"
#include "kernels/transfer_options.hpp"
#include "reports/model.hpp"

namespace rigcheck {

struct SuiteContext {
  const GlobalOptions& options;
  std::string profile;                                   // quick | standard | burn-in | burn
  std::chrono::steady_clock::time_point telemetry_origin;  // t = 0 of the NVML series
  double burn_duration_s = 0;                            // 0: no sustained load
  std::vector<std::string> precisions;                   // compute: empty = every precision
  std::string shapes = "gpt2";
};

// Transfer sizes and repeats for a device and profile, with the sysfs link sampler attached.
TransferOptions transfer_options_for(const BackendDeviceInfo& device, const std::string& profile);

void run_vram_step(Report& report, const SuiteContext& context);
void run_transfer_step(Report& report, const SuiteContext& context);
void run_compute_step(Report& report, const SuiteContext& context);
void run_burn_step(Report& report, const SuiteContext& context);

}  // namespace rigcheck
