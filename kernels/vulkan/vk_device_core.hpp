#pragma once
// The one Vulkan device set-up every workload uses (VRAM test, transfers, GEMM/attention, burn):
// the instance it came from, the physical device's facts (properties, memory types, allocation
// limit, memory budget), a logical device with one queue (a second one on request) that each have
// a command buffer and a fence, a timestamp pair with the period to turn ticks into seconds, and
// the lost flag: after a timeout or VK_ERROR_DEVICE_LOST nothing more is submitted or destroyed,
// by the core or by the RAII handles made from it (vk_handles.hpp).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <vulkan/vulkan.h>

#include "kernels/vulkan/vk_instance.hpp"
#include "kernels/vulkan/vk_queue_families.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// What a workload needs beyond the core set-up. VK_EXT_memory_budget is enabled wherever present.
struct VulkanDeviceRequest {
  VulkanQueueNeed queue = VulkanQueueNeed::compute;
  bool second_queue = false;              // a queue for the opposite direction of a copy, where one exists
  VkPhysicalDeviceFeatures features{};    // core features to enable (the caller checked them)
  const void* feature_chain = nullptr;    // VkDeviceCreateInfo::pNext: extension feature structs
  std::vector<const char*> extensions;    // device extensions beyond the memory budget
};

// One queue with its own command pool, command buffer and fence.
struct VulkanQueue {
  std::uint32_t family = 0;
  VkQueue queue = VK_NULL_HANDLE;
  VkCommandPool pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
};

// One heap's budget and what is in use there (VK_EXT_memory_budget).
struct VulkanHeapBudget {
  std::uint64_t budget_bytes = 0;
  std::uint64_t used_bytes = 0;
};

class VulkanDeviceCore {
 public:
  // A fence not signalled by then means the device is gone (kernels/vulkan/README.md).
  static constexpr std::chrono::seconds kFenceTimeout{120};
  static constexpr const char* kLostMessage = "the device stopped answering earlier in this run";

  static Result<std::unique_ptr<VulkanDeviceCore>> open(std::shared_ptr<VulkanInstance> instance,
                                                        VkPhysicalDevice physical, const VulkanDeviceRequest& request);
  // Device `index` of a new instance's list.
  static Result<std::unique_ptr<VulkanDeviceCore>> open_index(std::uint32_t index, const VulkanDeviceRequest& request);
  ~VulkanDeviceCore();
  VulkanDeviceCore(const VulkanDeviceCore&) = delete;
  VulkanDeviceCore& operator=(const VulkanDeviceCore&) = delete;

  VkDevice device() const { return device_; }
  VkPhysicalDevice physical() const { return physical_; }
  const VkPhysicalDeviceProperties& properties() const { return properties_; }
  const VkPhysicalDeviceMemoryProperties& memory() const { return memory_; }
  std::uint64_t max_allocation_bytes() const { return max_allocation_bytes_; }  // 0: not reported
  bool has_memory_budget() const { return has_memory_budget_; }
  // Now, for `heap`: std::nullopt without VK_EXT_memory_budget.
  std::optional<VulkanHeapBudget> heap_budget(std::uint32_t heap) const;

  const VulkanQueueChoice& queue_choice() const { return choice_; }
  const VulkanQueue& queue() const { return queues_[0]; }
  const VulkanQueue* second_queue() const { return queues_[1].queue != VK_NULL_HANDLE ? &queues_[1] : nullptr; }
  // Buffers both queues touch need concurrent sharing across these (one entry: exclusive).
  std::vector<std::uint32_t> queue_families() const;

  // The primary queue's timestamp pair; VK_NULL_HANDLE when that queue has no timestamps.
  VkQueryPool timestamp_pool() const { return query_pool_; }
  bool has_timestamps() const { return query_pool_ != VK_NULL_HANDLE; }
  std::uint64_t timestamp_mask() const { return timestamp_mask_; }
  double timestamp_period_ns() const { return static_cast<double>(properties_.limits.timestampPeriod); }
  Result<double> read_timestamp_seconds() const;

  bool lost() const { return lost_; }
  void mark_lost() { lost_ = true; }
  void wait_idle() const;  // before destroying objects the GPU may use; nothing once lost

  // Records `record` on the primary queue between barriers and timestamps, submits, waits up to
  // `timeout`: GPU seconds (host seconds without timestamps). A timeout marks the device lost.
  Result<double> submit_timed(const std::function<void(VkCommandBuffer)>& record,
                              std::chrono::seconds timeout = kFenceTimeout);

 private:
  VulkanDeviceCore() = default;
  Result<bool> create_queue_objects(VulkanQueue& queue);

  std::shared_ptr<VulkanInstance> instance_;  // outlives the device
  VkPhysicalDevice physical_ = VK_NULL_HANDLE;
  VkPhysicalDeviceProperties properties_{};
  VkPhysicalDeviceMemoryProperties memory_{};
  std::uint64_t max_allocation_bytes_ = 0;
  bool has_memory_budget_ = false;
  VulkanQueueChoice choice_;
  VkDevice device_ = VK_NULL_HANDLE;
  VulkanQueue queues_[2];
  VkQueryPool query_pool_ = VK_NULL_HANDLE;
  std::uint64_t timestamp_mask_ = 0;
  bool lost_ = false;
};

}  // namespace rigcheck
