// The GPU entry a backend's device lands in carries the architecture facts the backend reports
// (the CUDA device properties), without overwriting what NVML already said.
#include <gtest/gtest.h>

#include "app/backend_devices.hpp"

namespace rigcheck {
namespace {

BackendDeviceInfo cuda_device() {
  BackendDeviceInfo info;
  info.backend = "cuda";
  info.name = "NVIDIA RTX A6000";
  info.pci_bdf = "0000:13:00.0";
  info.vendor_id = 0x10de;
  info.device_id = 0x2230;
  info.compute_capability = "8.6";
  info.sm_count = 84;
  return info;
}

TEST(BackendDeviceFacts, ANewEntryTakesTheBackendsComputeCapabilityAndSmCount) {
  Report report;
  const GpuEntry& gpu = gpu_entry_for(report, cuda_device());
  EXPECT_EQ(gpu.compute_capability, "8.6");
  EXPECT_EQ(gpu.sm_count, 84);
}

TEST(BackendDeviceFacts, AProbedEntryKeepsNvmlsComputeCapabilityAndGainsTheSmCount) {
  Report report;
  GpuEntry probed;
  probed.pci.bdf = "0000:13:00.0";
  probed.compute_capability = "8.6";  // from NVML
  report.gpus.push_back(probed);
  BackendDeviceInfo device = cuda_device();
  device.compute_capability = "9.9";  // a disagreeing backend does not overwrite the probe
  const GpuEntry& gpu = gpu_entry_for(report, device);
  ASSERT_EQ(report.gpus.size(), 1u);
  EXPECT_EQ(gpu.compute_capability, "8.6");
  EXPECT_EQ(gpu.sm_count, 84);
}

TEST(BackendDeviceFacts, AVulkanDeviceLeavesThemUnknown) {
  Report report;
  BackendDeviceInfo device = cuda_device();
  device.backend = "vulkan";
  device.compute_capability.reset();
  device.sm_count.reset();
  const GpuEntry& gpu = gpu_entry_for(report, device);
  EXPECT_FALSE(gpu.compute_capability);
  EXPECT_FALSE(gpu.sm_count);
}

}  // namespace
}  // namespace rigcheck
