// TransferDevice's four buffers: created in the memory types chosen at open, the staging ones
// mapped; flush / invalidate for memory that is not host-coherent.
#include <algorithm>

#include <fmt/format.h>

#include "kernels/vulkan/vk_check.hpp"
#include "kernels/vulkan/vk_transfer_device.hpp"
#include "reports/units.hpp"

namespace rigcheck {

Result<TransferDevice::Buffer> TransferDevice::make_buffer(std::uint64_t size_bytes, bool staging) {
  Buffer b;
  b.size_bytes = size_bytes;
  VkBufferCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
  info.size = size_bytes;
  info.usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  // Two queue families touch every buffer in the bidirectional copies: shared, no ownership transfers.
  info.sharingMode = families_[0] != families_[1] ? VK_SHARING_MODE_CONCURRENT : VK_SHARING_MODE_EXCLUSIVE;
  info.queueFamilyIndexCount = families_[0] != families_[1] ? 2 : 0;
  info.pQueueFamilyIndices = families_;
  if (auto rc = vkCreateBuffer(device_, &info, nullptr, &b.buffer); rc != VK_SUCCESS) return vk_error("vkCreateBuffer", rc);
  VkMemoryRequirements req{};
  vkGetBufferMemoryRequirements(device_, b.buffer, &req);
  const std::uint32_t type = staging ? staging_type_ : device_type_;
  if ((req.memoryTypeBits & (1u << type)) == 0) {
    destroy_buffer(b);
    return Error{fmt::format("the {} buffer cannot use the memory type chosen for it", staging ? "staging" : "device")};
  }
  VkMemoryAllocateInfo alloc{};
  alloc.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex = type;
  b.allocation_bytes = req.size;
  if (auto rc = vkAllocateMemory(device_, &alloc, nullptr, &b.memory); rc != VK_SUCCESS) {
    destroy_buffer(b);
    return Error{fmt::format("{} of {}", vk_error("vkAllocateMemory", rc).message, format_bytes(req.size))};
  }
  if (auto rc = vkBindBufferMemory(device_, b.buffer, b.memory, 0); rc != VK_SUCCESS) {
    destroy_buffer(b);
    return vk_error("vkBindBufferMemory", rc);
  }
  if (staging) {
    void* p = nullptr;
    if (auto rc = vkMapMemory(device_, b.memory, 0, VK_WHOLE_SIZE, 0, &p); rc != VK_SUCCESS) {
      destroy_buffer(b);
      return vk_error("vkMapMemory", rc);
    }
    b.mapped = static_cast<std::byte*>(p);
  }
  return b;
}

void TransferDevice::destroy_buffer(Buffer& b) {
  if (b.mapped) vkUnmapMemory(device_, b.memory);
  if (b.buffer != VK_NULL_HANDLE) vkDestroyBuffer(device_, b.buffer, nullptr);
  if (b.memory != VK_NULL_HANDLE) vkFreeMemory(device_, b.memory, nullptr);
  b = Buffer{};
}

Result<bool> TransferDevice::allocate(std::uint64_t capacity_bytes) {
  if (lost_) return Error{kLostMessage};
  vkDeviceWaitIdle(device_);
  for (auto& b : buffers_) destroy_buffer(b);
  const char* names[4] = {"staging (upload)", "staging (download)", "device A", "device B"};
  for (std::size_t i = 0; i < 4; ++i) {
    auto made = make_buffer(capacity_bytes, i < 2);
    if (!made) return Error{fmt::format("{} buffer of {}: {}", names[i], format_bytes(capacity_bytes), made.error())};
    buffers_[i] = *made;
  }
  return true;
}

const TransferDevice::Buffer& TransferDevice::buffer(TransferBuffer which) const {
  return buffers_[static_cast<std::size_t>(which)];
}

std::byte* TransferDevice::mapped(TransferBuffer which) const { return buffer(which).mapped; }

Result<bool> TransferDevice::sync_range(TransferBuffer which, std::uint64_t bytes, bool flush) {
  if (staging_coherent_) return true;
  const Buffer& b = buffer(which);
  // Non-coherent ranges must be multiples of nonCoherentAtomSize (or reach the end of the allocation).
  const std::uint64_t atom = std::max<std::uint64_t>(1, properties_.limits.nonCoherentAtomSize);
  const std::uint64_t rounded = (bytes + atom - 1) / atom * atom;
  VkMappedMemoryRange range{};
  range.sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE;
  range.memory = b.memory;
  range.offset = 0;
  range.size = rounded >= b.allocation_bytes ? VK_WHOLE_SIZE : rounded;
  const VkResult rc = flush ? vkFlushMappedMemoryRanges(device_, 1, &range) : vkInvalidateMappedMemoryRanges(device_, 1, &range);
  if (rc != VK_SUCCESS) return vk_error(flush ? "vkFlushMappedMemoryRanges" : "vkInvalidateMappedMemoryRanges", rc);
  return true;
}

Result<bool> TransferDevice::flush(TransferBuffer which, std::uint64_t bytes) { return sync_range(which, bytes, true); }
Result<bool> TransferDevice::invalidate(TransferBuffer which, std::uint64_t bytes) { return sync_range(which, bytes, false); }

}  // namespace rigcheck
