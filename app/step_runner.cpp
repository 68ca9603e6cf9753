#include "app/step_runner.hpp"

#include <algorithm>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "app/backend_devices.hpp"

namespace rigcheck {
namespace {

class EventSink {
 public:
  explicit EventSink(const StepRunnerHooks& hooks) : hooks_(hooks) {}
  void emit(StepEvent event) {
    if (!hooks_.on_event) return;
    std::lock_guard lock(mutex_);
    hooks_.on_event(event);
  }

 private:
  const StepRunnerHooks& hooks_;
  std::mutex mutex_;
};

void merge_outcome(Report& report, const StepInfo& step, const StepDevice& device, StepOutcome outcome) {
  GpuEntry& gpu = gpu_entry_for(report, device.primary.info);
  add_notes_once(report, outcome.notes);
  // A device this run tested has its self-checks recorded, none proven being an empty list.
  if (!gpu.self_checks) gpu.self_checks.emplace();
  for (auto& self_check : outcome.self_checks) gpu.self_checks->push_back(std::move(self_check));
  if (!gpu.memory_bytes) gpu.memory_bytes = device.primary.info.device_local_bytes;
  if (outcome.error) {
    gpu.measurements.step_failures.push_back({std::string(step.name), *outcome.error});
    return;
  }
  // The transfers follow the backend the memory test chose; they do not relabel the card.
  const bool sets_backend = step.kind != StepKind::transfers || gpu.backend.empty() || gpu.backend == "none";
  if (!outcome.backend.empty() && sets_backend) gpu.backend = outcome.backend;
  auto& m = outcome.measurements;
  if (m.vram) gpu.measurements.vram = std::move(m.vram);
  if (m.bandwidth) gpu.measurements.bandwidth = std::move(m.bandwidth);
  if (m.transfers) gpu.measurements.transfers = std::move(m.transfers);
  if (m.compute) gpu.measurements.compute = std::move(m.compute);
  if (m.burn) gpu.measurements.burn = std::move(m.burn);
}

StepHooks device_hooks(const StepRunnerHooks& hooks, EventSink& sink, StepKind kind, const std::string& name) {
  StepHooks out;
  out.cancelled = hooks.cancelled;
  out.progress = [&sink, kind, name](const std::string& line) {
    sink.emit({StepEvent::Kind::progress, kind, name, line, {}});
  };
  out.status = [&sink, kind, name](const StepProgress& status) {
    sink.emit({StepEvent::Kind::status, kind, name, "", status});
  };
  return out;
}

StepOutcome run_one(const StepSettings& settings, const StepDevice& device, StepExecutor& executor,
                    const StepRunnerHooks& hooks, EventSink& sink) {
  const auto& name = device.primary.info.name;
  sink.emit({StepEvent::Kind::device_started, settings.kind, name, "", {}});
  StepSettings own = settings;
  own.memory_cap_bytes = device.memory_cap_bytes;
  auto outcome = executor.run(own, device, device_hooks(hooks, sink, settings.kind, name));
  sink.emit({StepEvent::Kind::device_finished, settings.kind, name, outcome.error.value_or(""), {}});
  return outcome;
}

void run_step(Report& report, const StepInfo& step, const std::vector<const StepDevice*>& devices,
              const StepSettings& settings, StepExecutor& executor, const StepRunnerHooks& hooks, EventSink& sink) {
  std::vector<StepOutcome> outcomes(devices.size());
  if (step.all_devices_at_once) {
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < devices.size(); ++i)
      threads.emplace_back([&, i] { outcomes[i] = run_one(settings, *devices[i], executor, hooks, sink); });
    for (auto& t : threads) t.join();
  } else {
    for (std::size_t i = 0; i < devices.size(); ++i) {
      if (hooks.cancelled && hooks.cancelled()) {
        outcomes.resize(i);
        break;
      }
      outcomes[i] = run_one(settings, *devices[i], executor, hooks, sink);
    }
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) merge_outcome(report, step, *devices[i], std::move(outcomes[i]));
}

}  // namespace

bool loads_device(const StepDevice& device) { return !device.drives_display || device.named; }

bool step_runs_on(const StepInfo& step, const StepDevice& device) {
  return loads_device(device) && (!step.needs_two_backends || device.fallback.has_value());
}

std::vector<const StepDevice*> step_devices(const StepInfo& step, const std::vector<const StepDevice*>& loaded) {
  std::vector<const StepDevice*> out;
  for (const auto* device : loaded)
    if (step_runs_on(step, *device)) out.push_back(device);
  return out;
}

void run_steps(Report& report, const std::vector<StepDevice>& devices, const std::vector<StepKind>& steps,
               const StepSettings& base, StepExecutor& executor, const StepRunnerHooks& hooks) {
  EventSink sink(hooks);
  std::vector<const StepDevice*> loaded;
  for (const auto& device : devices) {
    gpu_entry_for(report, device.primary.info);  // every device is listed, also one left unloaded
    if (loads_device(device)) {
      loaded.push_back(&device);
      continue;
    }
    const auto note = fmt::format("{} drives a screen: probed but not loaded (name it with --gpu to test it within "
                                  "its free memory)",
                                  device.primary.info.name);
    add_notes_once(report, {note});
    sink.emit({StepEvent::Kind::note, StepKind::vram, device.primary.info.name, note, {}});
  }
  for (const auto& step : step_table()) {
    if (std::find(steps.begin(), steps.end(), step.kind) == steps.end()) continue;
    const auto on = step_devices(step, loaded);
    // A cross-check with no card that two backends reach is not a step of this run at all.
    if (step.needs_two_backends && on.empty()) continue;
    if (hooks.cancelled && hooks.cancelled()) {
      report.interrupted = true;
      break;
    }
    sink.emit({StepEvent::Kind::step_started, step.kind, "", std::string(step.title), {}});
    if (loaded.empty()) {
      add_notes_once(report, {fmt::format("{} not run: no usable device (install the GPU's driver, or "
                                          "mesa-vulkan-drivers for the CPU Vulkan device)",
                                          step.title)});
      continue;
    }
    StepSettings settings = base;
    settings.kind = step.kind;
    run_step(report, step, on, settings, executor, hooks, sink);
  }
  if (hooks.cancelled && hooks.cancelled()) report.interrupted = true;
}

}  // namespace rigcheck
