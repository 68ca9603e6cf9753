#include "app/suite.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/progress_console.hpp"
#include "app/run_profiles.hpp"
#include "app/step_runner.hpp"
#include "app/step_worker.hpp"
#include "probes/nvml/telemetry_sampler.hpp"

namespace rigcheck {

std::vector<StepKind> steps_of(const SuitePlan& plan) {
  std::vector<StepKind> steps;
  if (plan.vram) steps.push_back(StepKind::vram);
  if (plan.transfers) steps.push_back(StepKind::transfers);
  if (plan.compute) steps.push_back(StepKind::compute);
  if (plan.cross_check) steps.push_back(StepKind::cross_check);
  if (plan.burn_duration_s > 0) steps.push_back(StepKind::burn);
  return steps;
}

namespace {

// Runner events to the console: the plan index of each step, log lines above the live line.
class ConsoleEvents {
 public:
  ConsoleEvents(ProgressConsole& console, std::vector<StepKind> steps) : console_(console), steps_(std::move(steps)) {}
  void operator()(const StepEvent& event) {
    switch (event.kind) {
      case StepEvent::Kind::step_started: {
        const auto at = std::find(steps_.begin(), steps_.end(), event.step);
        console_.step_started(static_cast<std::size_t>(at - steps_.begin()));
        break;
      }
      case StepEvent::Kind::status: console_.status(event.device, event.status); break;
      case StepEvent::Kind::progress: console_.log(event.text); break;
      case StepEvent::Kind::note: console_.log(event.text); break;
      case StepEvent::Kind::device_finished:
        console_.device_finished(event.device);
        if (!event.text.empty())
          console_.log(fmt::format("  {} on {}: {}", step_info(event.step).name, event.device, event.text));
        break;
      case StepEvent::Kind::device_started: break;
    }
  }

 private:
  ProgressConsole& console_;
  std::vector<StepKind> steps_;
};

// The plan printed before the first step: each step's expected time over the devices it loads
// (one after another; the sustained load on all at once).
std::vector<PlannedStep> planned_steps(const std::vector<StepKind>& steps, const StepSettings& base,
                                       const std::vector<StepDevice>& devices) {
  std::vector<PlannedStep> plan;
  for (const auto kind : steps) {
    const auto& info = step_info(kind);
    PlannedStep planned{std::string(info.title), 0, ""};
    std::size_t loaded = 0;
    for (const auto& device : devices) {
      if (!step_runs_on(info, device)) continue;
      ++loaded;
      StepSettings settings = base;
      settings.kind = kind;
      const auto estimate = expected_step_seconds(kind, settings, device.primary.info);
      planned.expected_s = info.all_devices_at_once ? std::max(planned.expected_s, estimate.seconds)
                                                    : planned.expected_s + estimate.seconds;
      if (planned.basis.empty()) planned.basis = estimate.basis;
    }
    if (loaded > 1) planned.basis = fmt::format("{} devices; {}", loaded, planned.basis);
    plan.push_back(std::move(planned));
  }
  return plan;
}

// The plan's steps less those with no device to run on: a cross-check needs a card that two
// backends reach.
std::vector<StepKind> steps_with_devices(const std::vector<StepKind>& steps, const std::vector<StepDevice>& devices) {
  std::vector<StepKind> out;
  for (const auto kind : steps) {
    const auto& info = step_info(kind);
    const bool any = std::any_of(devices.begin(), devices.end(),
                                 [&](const StepDevice& device) { return step_runs_on(info, device); });
    if (!info.needs_two_backends || any) out.push_back(kind);
  }
  return out;
}

}  // namespace

SuitePlan plan_for_profile(const std::string& profile, double duration_s) {
  SuitePlan plan;
  plan.profile = profile;
  plan.burn_duration_s = sustained_load_seconds(profile);
  plan.cross_check = profile == "standard" || profile == "burn-in";
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
  const auto steps = steps_with_devices(steps_of(plan), devices);
  std::unique_ptr<ProgressConsole> console;
  if (!options.quiet) {
    console = stderr_progress_console();
    console->set_plan(planned_steps(steps, base, devices));
    hooks.on_event = ConsoleEvents(*console, steps);
  }
  run_steps(report, devices, steps, base, executor, hooks);
  console.reset();  // the live line ends before the report is printed
  if (!sampler || !sampler->running()) return;
  // The series is stored as sampled; the judge reads it at the moments measurements ran.
  for (auto& [bdf, series] : sampler->stop())
    for (auto& gpu : report.gpus)
      if (gpu.pci.bdf == bdf) gpu.telemetry = std::move(series);
}

}  // namespace rigcheck
