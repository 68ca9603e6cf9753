// The compute step of `rigcheck run`: GEMM and attention at each precision on every selected
// device, on its own backend (CUDA: cuBLAS/cuBLASLt + our attention; Vulkan: our shaders), quick
// profile with smaller shapes and fewer samples, every result checked against a CPU reference.
#include <fmt/format.h>

#include "app/backend_devices.hpp"
#include "app/backend_dispatch.hpp"
#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/suite_steps.hpp"

namespace rigcheck {

void run_compute_step(Report& report, const SuiteContext& context) {
  const GlobalOptions& options = context.options;
  std::vector<std::string> notes;
  const auto devices = step_devices(options, notes);
  add_notes_once(report, notes);
  if (devices.empty()) {
    report.notes.push_back("compute step not run: no usable device");
    return;
  }
  for (const auto& device : devices) {
    if (interrupt_requested()) return;
    GpuEntry& gpu = gpu_entry_for(report, device.primary);
    if (!gpu_selected(options.gpu_selection, gpu)) continue;
    ComputeOptions compute;
    compute.quick = context.profile == "quick" || device.primary.type == DeviceType::cpu;
    if (!context.precisions.empty()) compute.precisions = context.precisions;
    compute.shapes = context.shapes;
    compute.clock_origin = context.telemetry_origin;
    const BackendDeviceInfo* used = nullptr;
    std::function<Result<ComputeResult>(const BackendDeviceInfo&)> work = [&](const BackendDeviceInfo& info) {
      print_note(options, fmt::format("GEMM and attention on {} ({}, {})", info.name, info.backend,
                                      compute.quick ? "quick shapes" : "GPT-2 shapes"));
      return run_compute_on(info, compute, [] { return interrupt_requested(); });
    };
    auto result = with_fallback(device, work, report.notes, used);
    if (!result) {
      report.notes.push_back(fmt::format("compute step on {} failed to run: {}", device.primary.name, result.error()));
      continue;
    }
    gpu.backend = used->backend;
    if (result->interrupted) report.interrupted = true;
    gpu.measurements.compute = std::move(*result);
  }
}

}  // namespace rigcheck
