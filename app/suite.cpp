#include "app/suite.hpp"

#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/run_profiles.hpp"
#include "app/step_runner.hpp"
#include "app/step_worker.hpp"
#include "probes/nvml/telemetry_sampler.hpp"
#include "reports/nvml/telemetry_annotate.hpp"

namespace rigcheck {
namespace {

std::vector<StepKind> steps_of(const SuitePlan& plan) {
  std::vector<StepKind> steps;
  if (plan.vram) steps.push_back(StepKind::vram);
  if (plan.transfers) steps.push_back(StepKind::transfers);
  if (plan.compute) steps.push_back(StepKind::compute);
  if (plan.burn_duration_s > 0) steps.push_back(StepKind::burn);
  return steps;
}

void print_event(const GlobalOptions& options, const StepEvent& event) {
  switch (event.kind) {
    case StepEvent::Kind::step_started: print_note(options, "step: " + event.text); break;
    case StepEvent::Kind::progress: print_note(options, event.text); break;
    case StepEvent::Kind::note: print_note(options, event.text); break;
    case StepEvent::Kind::device_finished:
      if (!event.text.empty()) print_note(options, fmt::format("  {} on {}: {}", step_info(event.step).name, event.device, event.text));
      break;
    case StepEvent::Kind::device_started: break;
  }
}

}  // namespace

SuitePlan plan_for_profile(const std::string& profile, double duration_s) {
  SuitePlan plan;
  plan.profile = profile;
  plan.burn_duration_s = sustained_load_seconds(profile);
  if (duration_s > 0) plan.burn_duration_s = duration_s;
  return plan;
}

void run_suite(Report& report, const GlobalOptions& options, const SuitePlan& plan,
               const std::vector<StepDevice>& devices, std::shared_ptr<NvmlSession> nvml) {
  std::optional<TelemetrySampler> sampler;
  const auto origin = std::chrono::steady_clock::now();
  if (nvml) {
    sampler.emplace(nvml);
    if (!sampler->start()) report.notes.push_back("the NVML telemetry sampler could not start");
  }
  StepSettings base = plan.vram_flags;
  base.profile = plan.profile;
  base.burn_duration_s = plan.burn_duration_s;
  base.precisions = plan.precisions;
  base.shapes = plan.shapes;
  base.telemetry_origin = origin;
  InProcessExecutor in_process;
  WorkerExecutor workers(worker_launch_for(options));
  StepExecutor& executor = options.in_process ? static_cast<StepExecutor&>(in_process) : workers;
  StepRunnerHooks hooks;
  hooks.cancelled = [] { return interrupt_requested(); };
  hooks.on_event = [&options](const StepEvent& event) { print_event(options, event); };
  run_steps(report, devices, steps_of(plan), base, executor, hooks);
  if (!sampler || !sampler->running()) return;
  for (auto& [bdf, series] : sampler->stop())
    for (auto& gpu : report.gpus)
      if (gpu.pci.bdf == bdf) {
        gpu.telemetry = std::move(series);
        annotate_from_telemetry(gpu);
      }
}

}  // namespace rigcheck
