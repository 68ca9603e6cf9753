#pragma once
// VkResult as text, and the one-line Error every failed Vulkan call becomes.
#include <string>
#include <string_view>

#include <vulkan/vulkan.h>

#include "reports/result.hpp"

namespace rigcheck {

std::string_view vk_result_name(VkResult result);
Error vk_error(std::string_view call, VkResult result);  // "vkAllocateMemory: VK_ERROR_OUT_OF_DEVICE_MEMORY"

}  // namespace rigcheck
