#include "kernels/vulkan/vk_context.hpp"

#include <vector>

#include <fmt/format.h>

#include "kernels/vulkan/vk_check.hpp"
#include "kernels/vulkan/vk_sync.hpp"

namespace rigcheck {

Result<std::unique_ptr<VulkanContext>> VulkanContext::create(std::shared_ptr<VulkanInstance> instance,
                                                             VkPhysicalDevice physical) {
  std::unique_ptr<VulkanContext> ctx(new VulkanContext());
  ctx->instance_ = std::move(instance);
  ctx->physical_ = physical;
  vkGetPhysicalDeviceProperties(physical, &ctx->properties_);

  VkPhysicalDeviceFeatures features{};
  vkGetPhysicalDeviceFeatures(physical, &features);
  if (features.shaderInt64 != VK_TRUE)
    return Error{"the device lacks shaderInt64: the VRAM test computes 64-bit addresses"};

  VkPhysicalDeviceMaintenance3Properties m3{};
  m3.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES;
  VkPhysicalDeviceProperties2 props2{};
  props2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
  props2.pNext = &m3;
  vkGetPhysicalDeviceProperties2(physical, &props2);
  ctx->max_allocation_bytes_ = m3.maxMemoryAllocationSize;

  // A compute queue, preferring one that can write timestamps.
  std::uint32_t family_count = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &family_count, nullptr);
  std::vector<VkQueueFamilyProperties> families(family_count);
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &family_count, families.data());
  std::uint32_t family = UINT32_MAX;
  for (std::uint32_t i = 0; i < family_count; ++i) {
    if ((families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) == 0) continue;
    if (family == UINT32_MAX || (families[family].timestampValidBits == 0 && families[i].timestampValidBits > 0))
      family = i;
  }
  if (family == UINT32_MAX) return Error{"the device has no compute queue"};
  const std::uint32_t valid_bits = families[family].timestampValidBits;
  ctx->timestamp_mask_ = timestamp_mask(valid_bits);

  const float priority = 1.0f;
  VkDeviceQueueCreateInfo queue_info{};
  queue_info.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
  queue_info.queueFamilyIndex = family;
  queue_info.queueCount = 1;
  queue_info.pQueuePriorities = &priority;
  VkPhysicalDeviceFeatures enabled{};
  enabled.shaderInt64 = VK_TRUE;
  std::vector<const char*> extensions;
  ctx->has_memory_budget_ = has_device_extension(physical, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
  if (ctx->has_memory_budget_) extensions.push_back(VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
  VkDeviceCreateInfo device_info{};
  device_info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
  device_info.queueCreateInfoCount = 1;
  device_info.pQueueCreateInfos = &queue_info;
  device_info.pEnabledFeatures = &enabled;
  device_info.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
  device_info.ppEnabledExtensionNames = extensions.data();
  if (auto rc = vkCreateDevice(physical, &device_info, nullptr, &ctx->device_); rc != VK_SUCCESS)
    return vk_error("vkCreateDevice", rc);
  vkGetDeviceQueue(ctx->device_, family, 0, &ctx->queue_);

  VkCommandPoolCreateInfo pool_info{};
  pool_info.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
  pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pool_info.queueFamilyIndex = family;
  if (auto rc = vkCreateCommandPool(ctx->device_, &pool_info, nullptr, &ctx->pool_); rc != VK_SUCCESS)
    return vk_error("vkCreateCommandPool", rc);
  VkCommandBufferAllocateInfo cmd_info{};
  cmd_info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
  cmd_info.commandPool = ctx->pool_;
  cmd_info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  cmd_info.commandBufferCount = 1;
  if (auto rc = vkAllocateCommandBuffers(ctx->device_, &cmd_info, &ctx->cmd_); rc != VK_SUCCESS)
    return vk_error("vkAllocateCommandBuffers", rc);
  auto fence = create_fence(ctx->device_);
  if (!fence) return Error{fence.error()};
  ctx->fence_ = *fence;
  auto pool = create_timestamp_pair_pool(ctx->device_, valid_bits);
  if (!pool) return Error{pool.error()};
  ctx->query_pool_ = *pool;
  return ctx;
}

VulkanContext::~VulkanContext() {
  if (device_ == VK_NULL_HANDLE) return;
  if (lost_) return;  // work may still run: destroying its objects would be undefined
  vkDeviceWaitIdle(device_);
  if (query_pool_ != VK_NULL_HANDLE) vkDestroyQueryPool(device_, query_pool_, nullptr);
  if (fence_ != VK_NULL_HANDLE) vkDestroyFence(device_, fence_, nullptr);
  if (pool_ != VK_NULL_HANDLE) vkDestroyCommandPool(device_, pool_, nullptr);
  vkDestroyDevice(device_, nullptr);
}

Result<double> VulkanContext::submit_timed(const std::function<void(VkCommandBuffer)>& record,
                                           std::chrono::seconds timeout) {
  if (lost_) return Error{"the device stopped answering earlier in this run"};
  return submit_timed_and_wait({device_, queue_, cmd_, fence_, query_pool_, timestamp_mask_,
                                static_cast<double>(properties_.limits.timestampPeriod)},
                               record, timeout, lost_);
}

}  // namespace rigcheck
