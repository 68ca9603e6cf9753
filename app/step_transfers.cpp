// The transfer step: host<->device copies (pinned and pageable, 4 KiB to 256 MiB, each direction
// and both at once), small-copy latency, peer copies between CUDA GPUs, with the PCIe link read
// from sysfs while the large copies run (pcie.bandwidth, pcie.link).
#include <fmt/format.h>

#include "app/link_sampler.hpp"
#include "app/step.hpp"

namespace rigcheck {
namespace {

TransferOptions transfer_options_for(const BackendDeviceInfo& device, const StepSettings& settings) {
  TransferOptions transfer;
  // The CPU device copies host memory to host memory: small sizes prove the path in seconds.
  if (device.type == DeviceType::cpu) {
    transfer.sizes_bytes = {4ull << 10, 256ull << 10, 16ull << 20};
    transfer.repeats = 3;
    transfer.latency_repeats = 10;
  } else if (settings.profile == "quick" && !settings.transfer_standard_sizes) {
    transfer.repeats = 5;
  }
  transfer.sample_link = sysfs_link_sampler(device.pci_bdf, std::chrono::steady_clock::now());
  return transfer;
}

}  // namespace

Result<StepOutcome> run_transfer_workload(const StepSettings& settings, BackendDevice& device, const StepHooks& hooks) {
  const auto& info = device.info();
  if (hooks.progress) hooks.progress(fmt::format("host-device transfers on {} ({})", info.name, info.backend));
  auto transfer = transfer_options_for(info, settings);
  transfer.cancelled = hooks.cancelled;
  // One call per finished size: the sizes, then the small-copy latency.
  const std::size_t parts = transfer.sizes_bytes.size() + 1;
  std::size_t done = 0;
  transfer.progress = [&](const std::string& line) {
    ++done;
    if (hooks.progress) hooks.progress("  " + line);
    if (!hooks.status) return;
    StepProgress status;
    status.fraction_done = static_cast<double>(done) / static_cast<double>(parts);
    status.subtest = fmt::format("{}/{} copy sizes", done, parts - 1);
    hooks.status(status);
  };
  auto result = device.run_transfers(transfer);
  if (!result) return Error{result.error()};
  StepOutcome outcome;
  outcome.measurements.transfers = std::move(*result);
  return outcome;
}

}  // namespace rigcheck
