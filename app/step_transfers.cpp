// The transfer step of `rigcheck run`: host<->device copies (pinned and pageable, 4 KiB to
// 256 MiB, each direction and both at once), small-copy latency, peer copies between CUDA GPUs,
// with the PCIe link read from sysfs while the large copies run (pcie.bandwidth, pcie.link).
#include <fmt/format.h>

#include "app/backend_devices.hpp"
#include "app/backend_dispatch.hpp"
#include "app/interrupt.hpp"
#include "app/link_sampler.hpp"
#include "app/output.hpp"
#include "app/suite_steps.hpp"

namespace rigcheck {

TransferOptions transfer_options_for(const BackendDeviceInfo& device, const std::string& profile) {
  TransferOptions transfer;
  // The CPU device copies host memory to host memory: small sizes prove the path in seconds.
  if (device.type == DeviceType::cpu) {
    transfer.sizes_bytes = {4ull << 10, 256ull << 10, 16ull << 20};
    transfer.repeats = 3;
    transfer.latency_repeats = 10;
  } else if (profile == "quick") {
    transfer.repeats = 5;
  }
  transfer.sample_link = sysfs_link_sampler(device.pci_bdf, std::chrono::steady_clock::now());
  transfer.cancelled = [] { return interrupt_requested(); };
  return transfer;
}

void run_transfer_step(Report& report, const SuiteContext& context) {
  const GlobalOptions& options = context.options;
  std::vector<std::string> notes;
  const auto devices = step_devices(options, notes);
  add_notes_once(report, notes);
  if (devices.empty()) {
    report.notes.push_back("transfer test not run: no usable device");
    return;
  }
  for (const auto& device : devices) {
    if (interrupt_requested()) return;
    GpuEntry& gpu = gpu_entry_for(report, device.primary);
    if (!gpu_selected(options.gpu_selection, gpu)) continue;
    const BackendDeviceInfo* used = nullptr;
    std::function<Result<TransferResult>(const BackendDeviceInfo&)> work = [&](const BackendDeviceInfo& info) {
      print_note(options, fmt::format("host-device transfers on {} ({})", info.name, info.backend));
      auto transfer = transfer_options_for(info, context.profile);
      transfer.progress = [&](const std::string& line) {
        if (!options.quiet) fmt::print(stderr, "  {}\n", line);
      };
      return run_transfers_on(info, transfer);
    };
    auto result = with_fallback(device, work, report.notes, used);
    if (!result) {
      report.notes.push_back(fmt::format("transfer test on {} failed to run: {}", device.primary.name, result.error()));
      continue;
    }
    if (gpu.backend == "none" || gpu.backend.empty()) gpu.backend = used->backend;
    if (result->interrupted) report.interrupted = true;
    gpu.measurements.transfers = std::move(*result);
  }
}

}  // namespace rigcheck
