#include "app/suite.hpp"

#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/run_profiles.hpp"
#include "app/suite_steps.hpp"
#include "probes/nvml/telemetry_sampler.hpp"
#include "reports/nvml/telemetry_annotate.hpp"

namespace rigcheck {

SuitePlan plan_for_profile(const std::string& profile, double duration_s) {
  SuitePlan plan;
  plan.profile = profile;
  plan.burn_duration_s = sustained_load_seconds(profile);
  if (duration_s > 0) plan.burn_duration_s = duration_s;
  return plan;
}

void run_suite(Report& report, const GlobalOptions& options, const SuitePlan& plan, std::shared_ptr<NvmlSession> nvml) {
  std::optional<TelemetrySampler> sampler;
  const auto origin = std::chrono::steady_clock::now();
  if (nvml) {
    sampler.emplace(nvml);
    if (!sampler->start()) report.notes.push_back("the NVML telemetry sampler could not start");
  }
  SuiteContext context{options, plan.profile, origin, plan.burn_duration_s, plan.precisions, plan.shapes};
  struct Step {
    bool enabled;
    const char* name;
    void (*run)(Report&, const SuiteContext&);
  };
  // Memory first: with bad VRAM every later number is meaningless.
  const Step steps[] = {
      {plan.vram, "VRAM integrity and copy bandwidth", run_vram_step},
      {plan.transfers, "host-device transfers", run_transfer_step},
      {plan.compute, "GEMM and attention", run_compute_step},
      {plan.burn_duration_s > 0, "sustained load", run_burn_step},
  };
  for (const auto& step : steps) {
    if (!step.enabled) continue;
    if (interrupt_requested()) {
      report.interrupted = true;
      break;
    }
    print_note(options, fmt::format("step: {}", step.name));
    step.run(report, context);
  }
  if (!sampler || !sampler->running()) return;
  for (auto& [bdf, series] : sampler->stop())
    for (auto& gpu : report.gpus)
      if (gpu.pci.bdf == bdf) {
        gpu.telemetry = std::move(series);
        annotate_from_telemetry(gpu);
      }
}

}  // namespace rigcheck
