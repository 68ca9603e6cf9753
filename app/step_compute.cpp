// The compute step: GEMM and attention at each precision on one device, on its own backend (CUDA:
// cuBLAS/cuBLASLt + our attention; Vulkan: our shaders), quick profile with smaller shapes and
// fewer samples, every result checked against a CPU reference.
#include <fmt/format.h>

#include "app/step.hpp"

namespace rigcheck {

Result<StepOutcome> run_compute_workload(const StepSettings& settings, BackendDevice& device, const StepHooks& hooks) {
  const auto& info = device.info();
  ComputeOptions compute;
  compute.quick = settings.profile == "quick" || info.type == DeviceType::cpu;
  if (!settings.precisions.empty()) compute.precisions = settings.precisions;
  compute.shapes = settings.shapes;
  compute.clock_origin = settings.telemetry_origin;
  compute.canaries_only = settings.self_checks_only;
  if (hooks.progress)
    hooks.progress(fmt::format("GEMM and attention on {} ({}, {})", info.name, info.backend,
                               compute.quick ? "quick shapes" : "GPT-2 shapes"));
  if (hooks.status)
    compute.progress = [&hooks](const ComputeProgress& p) {
      StepProgress status;
      status.fraction_done = p.fraction_done();  // by FLOPs: the LM head weighs what it takes
      if (p.total == 0) status.subtest = "the GEMM canary of each precision";  // `rigcheck selftest`: no shapes
      else if (p.current.empty()) status.subtest = fmt::format("{}/{} sub-tests", p.done, p.total);
      else status.subtest = fmt::format("{} ({}/{})", p.current, p.done + 1, p.total);
      status.rate = p.last_tflops * 1e12;
      status.rate_unit = RateUnit::flops_per_s;
      status.errors = p.failed_checks;
      hooks.status(status);
    };
  auto result = device.run_compute(compute, hooks.cancelled);
  if (!result) return Error{result.error()};
  StepOutcome outcome;
  outcome.self_checks = std::move(result->self_checks);  // the compute canary of each precision
  outcome.measurements.compute = std::move(*result);
  return outcome;
}

}  // namespace rigcheck
