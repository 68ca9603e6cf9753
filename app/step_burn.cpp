// The sustained-load step on one device: the GEMM load (CUDA: tensor-core GEMM where the card has
// it; Vulkan: fp32) for the profile's duration, while the parent's NVML sampler records power,
// temperature, clocks and clock-event reasons. The step runner starts it on every selected
// device at once: that is what stresses the power supply.
#include <fmt/format.h>

#include "app/progress_throttle.hpp"
#include "app/step.hpp"

namespace rigcheck {

Result<StepOutcome> run_burn_workload(const StepSettings& settings, BackendDevice& device, const StepHooks& hooks) {
  const auto& info = device.info();
  BurnOptions burn;
  burn.duration_s = settings.burn_duration_s;
  burn.clock_origin = settings.telemetry_origin;
  burn.cancelled = hooks.cancelled;
  ProgressThrottle throttle;
  if (hooks.progress)
    burn.progress = [&](const BurnProgress& p) {
      if (throttle.due(false))
        hooks.progress(fmt::format("  burn {}: {:.0f}/{:.0f} s, {:.3f} TFLOPS, {} mismatching results", info.name,
                                   p.elapsed_s, p.duration_s, p.tflops, p.mismatches));
    };
  auto result = device.run_burn(burn);
  if (!result) return Error{result.error()};
  StepOutcome outcome;
  outcome.measurements.burn = std::move(*result);
  return outcome;
}

}  // namespace rigcheck
