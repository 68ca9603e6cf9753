// The VRAM step of `rigcheck run`: the integrity test (with copy bandwidth) on every selected
// device, on its own backend (app/step_devices.hpp). quick: one pass of every pattern; standard:
// two; burn-in: five. A CPU Vulkan device tests a small slice of host memory: it proves the
// pipeline, not a card.
#include <fmt/format.h>

#include "app/backend_devices.hpp"
#include "app/backend_dispatch.hpp"
#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/suite_steps.hpp"
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
  std::vector<std::string> notes;
  const auto devices = step_devices(options, notes);
  add_notes_once(report, notes);
  if (devices.empty()) {
    report.notes.push_back("VRAM test not run: no usable device (install the GPU's driver, or mesa-vulkan-drivers for "
                           "the CPU Vulkan device)");
    return;
  }
  for (const auto& device : devices) {
    if (interrupt_requested()) return;
    GpuEntry& gpu = gpu_entry_for(report, device.primary);
    if (!gpu_selected(options.gpu_selection, gpu)) continue;
    if (!gpu.memory_bytes) gpu.memory_bytes = device.primary.device_local_bytes;
    VramTestOptions test;
    test.passes = passes_for(context.profile);
    if (device.primary.type == DeviceType::cpu) test.size_bytes = kCpuDeviceTestBytes;
    const auto start_s = seconds_since(context.telemetry_origin);
    const BackendDeviceInfo* used = nullptr;
    std::function<Result<VramRun>(const BackendDeviceInfo&)> work = [&](const BackendDeviceInfo& info) -> Result<VramRun> {
      print_note(options, fmt::format("VRAM test on {} ({} device {}, {})", info.name, info.backend, info.index,
                                      to_string(info.type)));
      auto opened = open_vram_on(info);
      if (!opened) return Error{opened.error()};
      ProgressPrinter printer(options.quiet);
      auto progress = [&](const VramProgress& p) {
        printer.print(fmt::format("  vram {:.2f}/{:.2f} GiB, {:.2f} GiB/s, {} errors, {:.0f} s left ({}, pass {})",
                                  p.gib_done, p.gib_total, p.rate_gib_per_s, p.errors, p.seconds_left, p.pattern, p.pass),
                      p.gib_done >= p.gib_total);
      };
      return run_vram_test(**opened, test, progress, [] { return interrupt_requested(); });
    };
    auto run = with_fallback(device, work, report.notes, used);
    if (!run) {
      report.notes.push_back(fmt::format("VRAM test on {} failed to run: {}", device.primary.name, run.error()));
      continue;
    }
    gpu.backend = used->backend;
    if (run->vram.interrupted) report.interrupted = true;
    run->vram.telemetry_start_s = start_s;
    gpu.measurements.vram = std::move(run->vram);
    gpu.measurements.bandwidth = std::move(run->bandwidth);
  }
}

}  // namespace rigcheck
