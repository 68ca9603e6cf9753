#pragma once
// A logical device with one compute queue, one command buffer, a fence and a timestamp pair:
// submit_timed() records work, submits it, waits with a timeout and returns its GPU seconds.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include <vulkan/vulkan.h>

#include "kernels/vulkan/vk_instance.hpp"
#include "reports/result.hpp"

namespace rigcheck {

class VulkanContext {
 public:
  static Result<std::unique_ptr<VulkanContext>> create(std::shared_ptr<VulkanInstance> instance,
                                                       VkPhysicalDevice physical);
  ~VulkanContext();
  VulkanContext(const VulkanContext&) = delete;
  VulkanContext& operator=(const VulkanContext&) = delete;

  VkDevice device() const { return device_; }
  VkPhysicalDevice physical() const { return physical_; }
  const VkPhysicalDeviceProperties& properties() const { return properties_; }
  bool has_memory_budget() const { return has_memory_budget_; }
  std::uint64_t max_allocation_bytes() const { return max_allocation_bytes_; }
  bool timestamps() const { return query_pool_ != VK_NULL_HANDLE; }
  // After a timeout or device loss nothing more may be submitted, and nothing is destroyed.
  bool lost() const { return lost_; }

  // Records `record` between two timestamps (with barriers that order it after earlier work and
  // make its writes visible to the host), submits and waits up to `timeout`.
  Result<double> submit_timed(const std::function<void(VkCommandBuffer)>& record,
                              std::chrono::seconds timeout = std::chrono::seconds(120));

 private:
  VulkanContext() = default;
  std::shared_ptr<VulkanInstance> instance_;
  VkPhysicalDevice physical_ = VK_NULL_HANDLE;
  VkPhysicalDeviceProperties properties_{};
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  VkCommandBuffer cmd_ = VK_NULL_HANDLE;
  VkFence fence_ = VK_NULL_HANDLE;
  VkQueryPool query_pool_ = VK_NULL_HANDLE;
  std::uint64_t timestamp_mask_ = 0;
  bool has_memory_budget_ = false;
  std::uint64_t max_allocation_bytes_ = 0;
  bool lost_ = false;
};

}  // namespace rigcheck
