// The compute step of `rigcheck run`: GEMM and attention at each precision on every selected
// Vulkan device (quick profile: smaller shapes and fewer samples), checked against CPU references.
#include <fmt/format.h>

#include "app/backend_devices.hpp"
#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/suite_steps.hpp"
#include "kernels/backend.hpp"
#include "kernels/compute/run_vulkan_compute.hpp"

namespace rigcheck {

void run_compute_step(Report& report, const SuiteContext& context) {
  const GlobalOptions& options = context.options;
  if (options.backend == "cuda") {
    report.notes.push_back("compute step on CUDA: run `rigcheck compute --backend cuda` (run uses Vulkan in this version)");
    return;
  }
  auto devices = make_vulkan_backend()->list_devices();
  if (!devices || devices->empty()) {
    report.notes.push_back("compute step not run: no usable Vulkan device");
    return;
  }
  for (const auto& info : *devices) {
    if (interrupt_requested()) return;
    GpuEntry& gpu = gpu_entry_for(report, info);
    if (!gpu_selected(options.gpu_selection, gpu)) continue;
    gpu.backend = "vulkan";
    ComputeOptions compute;
    compute.quick = context.profile == "quick" || info.type == DeviceType::cpu;
    if (!context.precisions.empty()) compute.precisions = context.precisions;
    compute.shapes = context.shapes;
    print_note(options, fmt::format("GEMM and attention on {} ({})", info.name, compute.quick ? "quick shapes" : "GPT-2 shapes"));
    auto result = run_vulkan_compute(info.index, compute, [] { return interrupt_requested(); });
    if (!result) {
      report.notes.push_back(fmt::format("compute step on {} failed to run: {}", info.name, result.error()));
      continue;
    }
    if (result->interrupted) report.interrupted = true;
    gpu.measurements.compute = std::move(*result);
  }
}

}  // namespace rigcheck
