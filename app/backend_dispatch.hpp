#pragma once
// One call per workload that runs it on the device's own backend (CUDA or Vulkan), and the
// fallback rule of step_devices.hpp: a CUDA run that fails is retried on the card's Vulkan device.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/step_devices.hpp"
#include "kernels/compute/run_vulkan_compute.hpp"
#include "kernels/compute/vk_burn.hpp"
#include "kernels/transfer_options.hpp"
#include "kernels/vram_device.hpp"
#include "reports/result.hpp"

namespace rigcheck {

Result<TransferResult> run_transfers_on(const BackendDeviceInfo& device, const TransferOptions& options);
Result<ComputeResult> run_compute_on(const BackendDeviceInfo& device, const ComputeOptions& options,
                                     const std::function<bool()>& cancelled);
Result<BurnResult> run_burn_on(const BackendDeviceInfo& device, const BurnOptions& options);
Result<std::unique_ptr<VramDevice>> open_vram_on(const BackendDeviceInfo& device);

// Runs `work` on the primary device; on an error, and when there is a fallback, notes the error
// and runs it there. `used` tells which device gave the result.
template <class T>
Result<T> with_fallback(const StepDevice& device, const std::function<Result<T>(const BackendDeviceInfo&)>& work,
                        std::vector<std::string>& notes, const BackendDeviceInfo*& used) {
  used = &device.primary;
  auto result = work(device.primary);
  if (result || !device.fallback) return result;
  notes.push_back(device.primary.backend + " run on " + device.primary.name + " failed (" + result.error() +
                  "); ran it on Vulkan instead");
  used = &*device.fallback;
  return work(*device.fallback);
}

}  // namespace rigcheck
