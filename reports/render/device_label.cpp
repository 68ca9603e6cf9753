#include "reports/render/device_label.hpp"

#include <fmt/format.h>

namespace rigcheck {

std::string device_location(const GpuEntry& gpu) {
  if (!gpu.pci.bdf.empty()) return fmt::format("[{:04x}:{:04x}]  {}", gpu.pci.vendor_id, gpu.pci.device_id, gpu.pci.bdf);
  // Mesa names every lavapipe device "llvmpipe (LLVM <version>, <bits> bits)".
  if (gpu.name.starts_with("llvmpipe")) return "CPU Vulkan device (lavapipe), no PCI address";
  return "no PCI address";
}

}  // namespace rigcheck
