#pragma once
// RAII for the objects workloads make on a VulkanDeviceCore: each handle is destroyed with its
// owner unless the device was lost (the GPU may still use it: leak rather than corrupt). The
// core must outlive its handles (declare it first in a class that holds both).
#include <cstddef>
#include <cstdint>
#include <utility>

#include <vulkan/vulkan.h>

#include "kernels/vulkan/vk_device_core.hpp"
#include "reports/result.hpp"

namespace rigcheck {

template <typename Handle, void (*Destroy)(VkDevice, Handle, const VkAllocationCallbacks*)>
class VulkanHandle {
 public:
  VulkanHandle() = default;
  VulkanHandle(const VulkanDeviceCore& core, Handle handle) : core_(&core), handle_(handle) {}
  ~VulkanHandle() { reset(); }
  VulkanHandle(VulkanHandle&& other) noexcept
      : core_(std::exchange(other.core_, nullptr)), handle_(std::exchange(other.handle_, VK_NULL_HANDLE)) {}
  VulkanHandle& operator=(VulkanHandle&& other) noexcept {
    if (this != &other) {
      reset();
      core_ = std::exchange(other.core_, nullptr);
      handle_ = std::exchange(other.handle_, VK_NULL_HANDLE);
    }
    return *this;
  }
  VulkanHandle(const VulkanHandle&) = delete;
  VulkanHandle& operator=(const VulkanHandle&) = delete;

  Handle get() const { return handle_; }
  const Handle* address() const { return &handle_; }
  void reset() {
    if (core_ != nullptr && handle_ != VK_NULL_HANDLE && !core_->lost()) Destroy(core_->device(), handle_, nullptr);
    core_ = nullptr;
    handle_ = VK_NULL_HANDLE;
  }

 private:
  const VulkanDeviceCore* core_ = nullptr;
  Handle handle_ = VK_NULL_HANDLE;
};

using VulkanBufferHandle = VulkanHandle<VkBuffer, vkDestroyBuffer>;
using VulkanMemoryHandle = VulkanHandle<VkDeviceMemory, vkFreeMemory>;  // unmapped implicitly when freed
using VulkanDescriptorSetLayoutHandle = VulkanHandle<VkDescriptorSetLayout, vkDestroyDescriptorSetLayout>;
using VulkanPipelineLayoutHandle = VulkanHandle<VkPipelineLayout, vkDestroyPipelineLayout>;
using VulkanPipelineHandle = VulkanHandle<VkPipeline, vkDestroyPipeline>;
using VulkanDescriptorPoolHandle = VulkanHandle<VkDescriptorPool, vkDestroyDescriptorPool>;
using VulkanShaderModuleHandle = VulkanHandle<VkShaderModule, vkDestroyShaderModule>;

// A buffer bound to memory of its own, mapped for good when asked.
struct VulkanBuffer {
  VulkanMemoryHandle memory;  // destroyed after the buffer (members go in reverse order)
  VulkanBufferHandle buffer;
  std::uint64_t size_bytes = 0;
  std::uint64_t allocation_bytes = 0;  // what the driver allocated (VkMemoryRequirements::size)
  std::byte* mapped = nullptr;

  VkBuffer handle() const { return buffer.get(); }
};

struct VulkanBufferSpec {
  std::uint64_t size_bytes = 0;
  std::uint32_t memory_type = 0;
  bool map = false;
  VkBufferUsageFlags usage =
      VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
};

// Shared between the core's queue families when it has two (no ownership transfers), else exclusive.
// Fails with "memory type N cannot hold this buffer" when the buffer may not use `memory_type`.
Result<VulkanBuffer> make_vulkan_buffer(const VulkanDeviceCore& core, const VulkanBufferSpec& spec);

// The memory types a buffer of this usage may live in (VkMemoryRequirements::memoryTypeBits).
Result<std::uint32_t> allowed_memory_types(const VulkanDeviceCore& core, VkBufferUsageFlags usage);

}  // namespace rigcheck
