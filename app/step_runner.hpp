#pragma once
// The step runner: the test steps of a plan, in the step table's order, over the devices chosen
// once for the run. Each step on each device goes through a StepExecutor — in a worker process by
// default (step_worker.hpp), in this process with --in-process — and its outcome lands in the
// report: measurements, the backend used, notes, or a step failure (judged run.<step>: error).
// The runner never stops for a failed step; it stops between steps when `cancelled` says so.
#include <functional>
#include <string>
#include <vector>

#include "app/device_inventory.hpp"
#include "app/step.hpp"
#include "reports/model.hpp"

namespace rigcheck {

class StepExecutor {
 public:
  virtual ~StepExecutor() = default;
  // Runs one step on one device; never throws; an outcome without a result carries `error`.
  // Called from several threads at once for a step that loads every device together.
  virtual StepOutcome run(const StepSettings& settings, const StepDevice& device, const StepHooks& hooks) = 0;
};

class InProcessExecutor final : public StepExecutor {
 public:
  StepOutcome run(const StepSettings& settings, const StepDevice& device, const StepHooks& hooks) override {
    return run_step_in_process(settings, device, hooks);
  }
};

// What the runner tells its caller as it goes (the command prints it; a live view may draw it).
struct StepEvent {
  enum class Kind { step_started, device_started, progress, status, device_finished, note };
  Kind kind = Kind::progress;
  StepKind step = StepKind::vram;
  std::string device;  // name of the device, empty for step-wide events
  std::string text;    // progress line, note, or the failure of a device's step
  StepProgress status; // Kind::status: where the device's step is
};

struct StepRunnerHooks {
  std::function<bool()> cancelled;                      // e.g. interrupt_requested
  std::function<void(const StepEvent&)> on_event;       // called under a lock: one at a time
};

// Whether the runner loads the device: not a GPU that drives a screen, unless --gpu named it.
bool loads_device(const StepDevice& device);

// Whether `step` runs on the device: one the runner loads, and for a step that needs two backends
// (the cross-check) one a second backend reaches too.
bool step_runs_on(const StepInfo& step, const StepDevice& device);

// The devices of `loaded` that `step` runs on.
std::vector<const StepDevice*> step_devices(const StepInfo& step, const std::vector<const StepDevice*>& loaded);

// `steps`: which kinds to run (the table gives the order); `base`: settings shared by every step.
void run_steps(Report& report, const std::vector<StepDevice>& devices, const std::vector<StepKind>& steps,
               const StepSettings& base, StepExecutor& executor, const StepRunnerHooks& hooks);

}  // namespace rigcheck
