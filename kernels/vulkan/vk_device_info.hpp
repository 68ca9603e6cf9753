#pragma once
// The facts of one Vulkan physical device: type, driver, API version, ids, PCI address, heaps
// with budget, and whether a large BAR is mapped.
#include <cstdint>

#include <vulkan/vulkan.h>

#include "kernels/backend.hpp"

namespace rigcheck {

BackendDeviceInfo describe_vulkan_device(VkPhysicalDevice device, std::uint32_t index, std::uint32_t instance_api);

// Driver versions are vendor-encoded: NVIDIA uses 10.8.8.6 bits, most others VK_MAKE_VERSION.
std::string decode_driver_version(std::uint32_t vendor_id, std::uint32_t version);

}  // namespace rigcheck
