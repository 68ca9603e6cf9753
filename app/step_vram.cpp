// The VRAM step of `rigcheck run`: the integrity test (with copy bandwidth) on every selected
// Vulkan device. quick: one pass of every pattern; standard: two; burn-in: five. A CPU Vulkan
// device tests a small slice of host memory: it proves the pipeline, not a card.
#include <fmt/format.h>

#include "app/backend_devices.hpp"
#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/suite_steps.hpp"
#include "kernels/backend.hpp"
#include "kernels/vram_test.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kCpuDeviceTestBytes = 256ull << 20;

std::uint32_t passes_for(const std::string& profile) {
  if (profile == "burn-in") return 5;
  if (profile == "standard") return 2;
  return 1;
}

}  // namespace

void run_vram_step(Report& report, const SuiteContext& context) {
  const GlobalOptions& options = context.options;
  if (options.backend == "cuda") {
    report.notes.push_back("VRAM test not run: the CUDA backend has no VRAM test in this version (use --backend vulkan or auto)");
    return;
  }
  auto backend = make_vulkan_backend();
  auto devices = backend->list_devices();
  if (!devices) {
    report.notes.push_back("VRAM test not run: Vulkan is unusable here: " + devices.error());
    return;
  }
  if (devices->empty()) {
    report.notes.push_back("VRAM test not run: no Vulkan device (install the GPU's Vulkan driver, or mesa-vulkan-drivers "
                           "for the CPU device)");
    return;
  }
  for (const auto& info : *devices) {
    if (interrupt_requested()) return;
    GpuEntry& gpu = gpu_entry_for(report, info);
    if (!gpu_selected(options.gpu_selection, gpu)) continue;
    gpu.backend = "vulkan";
    if (!gpu.memory_bytes) gpu.memory_bytes = info.device_local_bytes;
    VramTestOptions test;
    test.passes = passes_for(context.profile);
    if (info.type == DeviceType::cpu) test.size_bytes = kCpuDeviceTestBytes;
    print_note(options, fmt::format("VRAM test on {} (Vulkan device {}, {})", info.name, info.index, to_string(info.type)));
    auto device = backend->open_vram_device(info.index);
    if (!device) {
      report.notes.push_back(fmt::format("VRAM test on {} not run: {}", info.name, device.error()));
      continue;
    }
    ProgressPrinter printer(options.quiet);
    auto progress = [&](const VramProgress& p) {
      printer.print(fmt::format("  vram {:.2f}/{:.2f} GiB, {:.2f} GiB/s, {} errors, {:.0f} s left ({}, pass {})", p.gib_done,
                                p.gib_total, p.rate_gib_per_s, p.errors, p.seconds_left, p.pattern, p.pass),
                    p.gib_done >= p.gib_total);
    };
    auto run = run_vram_test(**device, test, progress, [] { return interrupt_requested(); });
    if (!run) {
      report.notes.push_back(fmt::format("VRAM test on {} failed to run: {}", info.name, run.error()));
      continue;
    }
    if (run->vram.interrupted) report.interrupted = true;
    gpu.measurements.vram = std::move(run->vram);
    gpu.measurements.bandwidth = std::move(run->bandwidth);
  }
}

}  // namespace rigcheck
