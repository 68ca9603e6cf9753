#pragma once
// The Vulkan implementation of VramDevice: chunks of device-local memory, one descriptor set per
// chunk, the VRAM pipelines from the embedded SPIR-V.
#include <memory>

#include <vulkan/vulkan.h>

#include "kernels/backend.hpp"
#include "kernels/vulkan/vk_instance.hpp"

namespace rigcheck {

Result<std::unique_ptr<VramDevice>> open_vulkan_vram_device(std::shared_ptr<VulkanInstance> instance,
                                                            VkPhysicalDevice physical, BackendDeviceInfo info);

}  // namespace rigcheck
