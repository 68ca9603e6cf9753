// TransferDevice: choosing its queues and memory types, creating and destroying it, its budget.
#include "kernels/vulkan/vk_transfer_device.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "kernels/vulkan/vk_memory_types.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kPageBytes = 4096;
constexpr std::uint64_t kBudgetReserveBytes = 64ull << 20;  // left for the driver, as in the VRAM test

bool has(VkMemoryPropertyFlags flags, VkMemoryPropertyFlags bit) { return (flags & bit) == bit; }

std::string describe_type(const VkPhysicalDeviceMemoryProperties& memory, std::uint32_t type) {
  const auto flags = memory.memoryTypes[type].propertyFlags;
  std::vector<std::string> words;
  if (has(flags, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)) words.emplace_back("device-local");
  if (has(flags, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)) words.emplace_back("host-visible");
  if (has(flags, VK_MEMORY_PROPERTY_HOST_COHERENT_BIT)) words.emplace_back("coherent");
  if (has(flags, VK_MEMORY_PROPERTY_HOST_CACHED_BIT)) words.emplace_back("cached");
  return fmt::format("type {} ({}) in heap {}", type, fmt::join(words, ", "), memory.memoryTypes[type].heapIndex);
}

}  // namespace

Result<std::unique_ptr<TransferDevice>> TransferDevice::open(std::shared_ptr<VulkanInstance> instance,
                                                             VkPhysicalDevice physical) {
  std::unique_ptr<TransferDevice> dev(new TransferDevice());
  // Primary queue: graphics or compute (timestamps are dependable there), preferring one with
  // timestamps. Second queue for the opposite direction (vk_queue_families.hpp).
  VulkanDeviceRequest request;
  request.queue = VulkanQueueNeed::copy;
  request.second_queue = true;
  auto core = VulkanDeviceCore::open(std::move(instance), physical, request);
  if (!core) return Error{core.error()};
  dev->core_ = std::move(*core);
  const auto& memory = dev->core_->memory();
  const auto& properties = dev->core_->properties();

  // Used both ways; the verification reads it back, so cached memory is preferred (non-coherent
  // memory is flushed and invalidated by the transfer code).
  const int staging = pick_staging_memory_type(memory, ~0u, StagingUse::download, false);
  const int device_local = pick_device_memory_type(memory, ~0u);
  if (staging < 0) return Error{"the device reports no host-visible memory type for a staging buffer"};
  if (device_local < 0) return Error{"the device reports no memory type"};
  dev->staging_type_ = static_cast<std::uint32_t>(staging);
  dev->device_type_ = static_cast<std::uint32_t>(device_local);
  const auto device_flags = memory.memoryTypes[device_local].propertyFlags;
  dev->staging_coherent_ = has(memory.memoryTypes[staging].propertyFlags, VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
  dev->notes_.push_back(fmt::format("staging buffers: memory {}; device buffers: memory {}",
                                    describe_type(memory, dev->staging_type_), describe_type(memory, dev->device_type_)));
  if (!has(device_flags, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT))
    dev->notes_.push_back("the device reports no device-local memory: the device buffers are host memory");
  else if (has(device_flags, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) &&
           (properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU ||
            properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU))
    dev->notes_.push_back("device-local memory is system memory on this device: the copies move data within host "
                          "RAM, not over a bus");
  if (!dev->staging_coherent_)
    dev->notes_.push_back("staging memory is not host-coherent: flushed after host writes, invalidated before host reads");

  const auto& choice = dev->core_->queue_choice();
  dev->notes_.push_back(
      !choice.second_family
          ? fmt::format("bidirectional: both copies in one submission on queue family {} (the device has no second "
                        "queue)",
                        choice.primary_family)
          : fmt::format("bidirectional: host_to_device on queue family {}, device_to_host on queue family {} ({}), "
                        "submitted together and timed on the host clock (timestamps of two queues do not compare)",
                        choice.primary_family, *choice.second_family, to_string(choice.second_kind)));
  if (choice.timestamp_valid_bits == 0)
    dev->notes_.push_back("the copy queue has no timestamps: pinned copies are timed on the host clock");
  return dev;
}

TransferDevice::~TransferDevice() {
  if (core_) core_->wait_idle();  // the buffers go first, then the core
}

bool TransferDevice::gpu_timed(const TransferBatch& batch) const {
  return core_->has_timestamps() && (batch.opposite.empty() || !has_second_queue());
}

std::uint64_t TransferDevice::max_transfer_bytes(std::string* why) const {
  const auto& memory = core_->memory();
  const std::uint32_t heaps[2] = {memory.memoryTypes[staging_type_].heapIndex, memory.memoryTypes[device_type_].heapIndex};
  std::uint64_t per_buffer = ~0ull;
  for (std::uint32_t h : heaps) {
    const std::uint64_t buffers = heaps[0] == heaps[1] ? 4 : 2;
    // Without VK_EXT_memory_budget nothing says what others use: leave a quarter of the heap.
    std::uint64_t available = memory.memoryHeaps[h].size / 4 * 3;
    std::string source = fmt::format("3/4 of heap {} ({}), no memory budget", h, format_bytes(memory.memoryHeaps[h].size));
    if (const auto budget = core_->heap_budget(h)) {
      const std::uint64_t used = budget->used_bytes;
      available = budget->budget_bytes > used ? budget->budget_bytes - used : 0;
      source = fmt::format("heap {} budget {} with {} in use", h, format_bytes(budget->budget_bytes), format_bytes(used));
    }
    available = available > kBudgetReserveBytes ? available - kBudgetReserveBytes : 0;
    if (available / buffers < per_buffer) {
      per_buffer = available / buffers;
      *why = fmt::format("{}, {} buffers of one size there", source, buffers);
    }
  }
  if (const std::uint64_t max_allocation = core_->max_allocation_bytes(); max_allocation > 0 && max_allocation < per_buffer) {
    per_buffer = max_allocation;
    *why = fmt::format("maxMemoryAllocationSize {}", format_bytes(max_allocation));
  }
  return per_buffer / kPageBytes * kPageBytes;
}

}  // namespace rigcheck
