// TransferDevice's four buffers: created in the memory types chosen at open (shared between the two
// queue families when there are two), the staging ones mapped; flush / invalidate for memory that
// is not host-coherent.
#include <algorithm>

#include <fmt/format.h>

#include "kernels/vulkan/vk_check.hpp"
#include "kernels/vulkan/vk_transfer_device.hpp"
#include "reports/units.hpp"

namespace rigcheck {

Result<bool> TransferDevice::allocate(std::uint64_t capacity_bytes) {
  if (lost()) return Error{VulkanDeviceCore::kLostMessage};
  core_->wait_idle();
  for (auto& b : buffers_) b = VulkanBuffer{};
  const char* names[4] = {"staging (upload)", "staging (download)", "device A", "device B"};
  for (std::size_t i = 0; i < 4; ++i) {
    const bool staging = i < 2;
    VulkanBufferSpec spec;
    spec.size_bytes = capacity_bytes;
    spec.memory_type = staging ? staging_type_ : device_type_;
    spec.map = staging;
    spec.usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    auto made = make_vulkan_buffer(*core_, spec);
    if (!made) return Error{fmt::format("{} buffer of {}: {}", names[i], format_bytes(capacity_bytes), made.error())};
    buffers_[i] = std::move(*made);
  }
  return true;
}

const VulkanBuffer& TransferDevice::buffer(TransferBuffer which) const {
  return buffers_[static_cast<std::size_t>(which)];
}

std::byte* TransferDevice::mapped(TransferBuffer which) const { return buffer(which).mapped; }

Result<bool> TransferDevice::sync_range(TransferBuffer which, std::uint64_t bytes, bool flush) {
  if (staging_coherent_) return true;
  const VulkanBuffer& b = buffer(which);
  // Non-coherent ranges must be multiples of nonCoherentAtomSize (or reach the end of the allocation).
  const std::uint64_t atom = std::max<std::uint64_t>(1, properties().limits.nonCoherentAtomSize);
  const std::uint64_t rounded = (bytes + atom - 1) / atom * atom;
  VkMappedMemoryRange range{};
  range.sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE;
  range.memory = b.memory.get();
  range.offset = 0;
  range.size = rounded >= b.allocation_bytes ? VK_WHOLE_SIZE : rounded;
  const VkResult rc = flush ? vkFlushMappedMemoryRanges(core_->device(), 1, &range) : vkInvalidateMappedMemoryRanges(core_->device(), 1, &range);
  if (rc != VK_SUCCESS) return vk_error(flush ? "vkFlushMappedMemoryRanges" : "vkInvalidateMappedMemoryRanges", rc);
  return true;
}

Result<bool> TransferDevice::flush(TransferBuffer which, std::uint64_t bytes) { return sync_range(which, bytes, true); }
Result<bool> TransferDevice::invalidate(TransferBuffer which, std::uint64_t bytes) { return sync_range(which, bytes, false); }

}  // namespace rigcheck
