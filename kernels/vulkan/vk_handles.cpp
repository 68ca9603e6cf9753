#include "kernels/vulkan/vk_handles.hpp"

#include <vector>

#include <fmt/format.h>

#include "kernels/vulkan/vk_check.hpp"

namespace rigcheck {
namespace {

Result<VulkanBufferHandle> create_buffer(const VulkanDeviceCore& core, std::uint64_t size_bytes,
                                         VkBufferUsageFlags usage) {
  const std::vector<std::uint32_t> families = core.queue_families();
  VkBufferCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
  info.size = size_bytes;
  info.usage = usage;
  info.sharingMode = families.size() > 1 ? VK_SHARING_MODE_CONCURRENT : VK_SHARING_MODE_EXCLUSIVE;
  info.queueFamilyIndexCount = families.size() > 1 ? static_cast<std::uint32_t>(families.size()) : 0;
  info.pQueueFamilyIndices = families.size() > 1 ? families.data() : nullptr;
  VkBuffer buffer = VK_NULL_HANDLE;
  if (auto rc = vkCreateBuffer(core.device(), &info, nullptr, &buffer); rc != VK_SUCCESS)
    return vk_error("vkCreateBuffer", rc);
  return VulkanBufferHandle(core, buffer);
}

}  // namespace

Result<std::uint32_t> allowed_memory_types(const VulkanDeviceCore& core, VkBufferUsageFlags usage) {
  auto probe = create_buffer(core, 4096, usage);
  if (!probe) return Error{probe.error()};
  VkMemoryRequirements req{};
  vkGetBufferMemoryRequirements(core.device(), probe->get(), &req);
  return req.memoryTypeBits;
}

Result<VulkanBuffer> make_vulkan_buffer(const VulkanDeviceCore& core, const VulkanBufferSpec& spec) {
  if (core.lost()) return Error{VulkanDeviceCore::kLostMessage};
  VulkanBuffer b;
  b.size_bytes = spec.size_bytes;
  auto buffer = create_buffer(core, spec.size_bytes, spec.usage);
  if (!buffer) return Error{buffer.error()};
  b.buffer = std::move(*buffer);
  VkMemoryRequirements req{};
  vkGetBufferMemoryRequirements(core.device(), b.handle(), &req);
  if ((req.memoryTypeBits & (1u << spec.memory_type)) == 0)
    return Error{fmt::format("memory type {} cannot hold this buffer", spec.memory_type)};
  VkMemoryAllocateInfo alloc{};
  alloc.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex = spec.memory_type;
  b.allocation_bytes = req.size;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  if (auto rc = vkAllocateMemory(core.device(), &alloc, nullptr, &memory); rc != VK_SUCCESS)
    return vk_error("vkAllocateMemory", rc);
  b.memory = VulkanMemoryHandle(core, memory);
  if (auto rc = vkBindBufferMemory(core.device(), b.handle(), memory, 0); rc != VK_SUCCESS)
    return vk_error("vkBindBufferMemory", rc);
  if (spec.map) {
    void* p = nullptr;
    if (auto rc = vkMapMemory(core.device(), memory, 0, VK_WHOLE_SIZE, 0, &p); rc != VK_SUCCESS)
      return vk_error("vkMapMemory", rc);
    b.mapped = static_cast<std::byte*>(p);
  }
  return b;
}

}  // namespace rigcheck
