// The sustained-load step on one device: the GEMM load (CUDA: tensor-core GEMM where the card has
// it; Vulkan: fp32) for the profile's duration, while the parent's NVML sampler records power,
// temperature, clocks and clock-event reasons. The step runner starts it on every selected
// device at once: that is what stresses the power supply.
#include <algorithm>

#include <fmt/format.h>

#include "app/progress_throttle.hpp"
#include "app/step.hpp"

namespace rigcheck {

Result<StepOutcome> run_burn_workload(const StepSettings& settings, BackendDevice& device, const StepHooks& hooks) {
  BurnOptions burn;
  burn.duration_s = settings.burn_duration_s;
  burn.clock_origin = settings.telemetry_origin;
  burn.cancelled = hooks.cancelled;
  ProgressThrottle throttle;
  if (hooks.status)
    burn.progress = [&](const BurnProgress& p) {
      if (!throttle.due(false)) return;
      StepProgress status;
      status.fraction_done = p.duration_s > 0 ? std::min(1.0, p.elapsed_s / p.duration_s) : 0;
      status.subtest = fmt::format("{} GEMM load, {:.0f}/{:.0f} s", burn.precision, p.elapsed_s, p.duration_s);
      status.rate = p.tflops * 1e12;
      status.rate_unit = RateUnit::flops_per_s;
      status.errors = p.mismatches;
      status.seconds_left = std::max(0.0, p.duration_s - p.elapsed_s);
      hooks.status(status);
    };
  auto result = device.run_burn(burn);
  if (!result) return Error{result.error()};
  StepOutcome outcome;
  outcome.self_checks = std::move(result->self_checks);
  outcome.measurements.burn = std::move(*result);
  return outcome;
}

}  // namespace rigcheck
