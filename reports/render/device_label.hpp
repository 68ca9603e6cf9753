#pragma once
// How a report names where a device sits: "[10de:1b38]  0000:13:00.0" for a PCI device; for one
// without a PCI address what it is instead of made-up zeros — Mesa's CPU Vulkan device
// (lavapipe, whose devices are named "llvmpipe (...)") or "no PCI address".
#include <string>

#include "reports/model.hpp"

namespace rigcheck {

std::string device_location(const GpuEntry& gpu);

}  // namespace rigcheck
