// TransferDevice: choosing its queues and memory types, creating and destroying it, its budget.
#include "kernels/vulkan/vk_transfer_device.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "kernels/vulkan/vk_check.hpp"
#include "kernels/vulkan/vk_memory_types.hpp"
#include "kernels/vulkan/vk_sync.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kPageBytes = 4096;
constexpr std::uint64_t kBudgetReserveBytes = 64ull << 20;  // left for the driver, as in the VRAM test
constexpr VkQueueFlags kCopyCapable = VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT | VK_QUEUE_TRANSFER_BIT;

bool has(VkMemoryPropertyFlags flags, VkMemoryPropertyFlags bit) { return (flags & bit) == bit; }

// Device buffers: device-local, preferably memory the host cannot map (VRAM rather than the BAR),
// from the largest heap; any type when the device reports no device-local one.
int pick_device_type(const VkPhysicalDeviceMemoryProperties& memory, std::uint32_t allowed) {
  int best = -1;
  std::uint64_t best_score = 0;
  for (std::uint32_t t = 0; t < memory.memoryTypeCount; ++t) {
    if ((allowed & (1u << t)) == 0) continue;
    const auto flags = memory.memoryTypes[t].propertyFlags;
    const std::uint64_t heap_mib = memory.memoryHeaps[memory.memoryTypes[t].heapIndex].size >> 20;
    const std::uint64_t score = (has(flags, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) ? 1ull << 62 : 0) +
                                (has(flags, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) ? 0 : 1ull << 61) + heap_mib + 1;
    if (score > best_score) { best = static_cast<int>(t); best_score = score; }
  }
  return best;
}

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
  dev->instance_ = std::move(instance);
  dev->physical_ = physical;
  vkGetPhysicalDeviceProperties(physical, &dev->properties_);
  vkGetPhysicalDeviceMemoryProperties(physical, &dev->memory_);
  VkPhysicalDeviceMaintenance3Properties m3{};
  m3.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES;
  VkPhysicalDeviceProperties2 props2{};
  props2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
  props2.pNext = &m3;
  vkGetPhysicalDeviceProperties2(physical, &props2);
  dev->max_allocation_bytes_ = m3.maxMemoryAllocationSize;
  dev->has_memory_budget_ = has_device_extension(physical, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);

  // Used both ways; the verification reads it back, so cached memory is preferred (non-coherent
  // memory is flushed and invalidated by the transfer code).
  const int staging = pick_staging_memory_type(dev->memory_, ~0u, StagingUse::download, false);
  const int device_local = pick_device_type(dev->memory_, ~0u);
  if (staging < 0) return Error{"the device reports no host-visible memory type for a staging buffer"};
  if (device_local < 0) return Error{"the device reports no memory type"};
  dev->staging_type_ = static_cast<std::uint32_t>(staging);
  dev->device_type_ = static_cast<std::uint32_t>(device_local);
  const auto device_flags = dev->memory_.memoryTypes[device_local].propertyFlags;
  dev->staging_coherent_ = has(dev->memory_.memoryTypes[staging].propertyFlags, VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
  dev->notes_.push_back(fmt::format("staging buffers: memory {}; device buffers: memory {}",
                                    describe_type(dev->memory_, dev->staging_type_),
                                    describe_type(dev->memory_, dev->device_type_)));
  if (!has(device_flags, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT))
    dev->notes_.push_back("the device reports no device-local memory: the device buffers are host memory");
  else if (has(device_flags, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) &&
           (dev->properties_.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU ||
            dev->properties_.deviceType == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU))
    dev->notes_.push_back("device-local memory is system memory on this device: the copies move data within host "
                          "RAM, not over a bus");
  if (!dev->staging_coherent_)
    dev->notes_.push_back("staging memory is not host-coherent: flushed after host writes, invalidated before host reads");

  // Primary queue: graphics or compute (timestamps are dependable there), preferring one with
  // timestamps. Second queue for the opposite direction: a transfer-only family (a copy engine of
  // its own), else a second queue of the primary family, else any other family.
  std::uint32_t family_count = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &family_count, nullptr);
  std::vector<VkQueueFamilyProperties> families(family_count);
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &family_count, families.data());
  std::uint32_t primary = UINT32_MAX;
  int primary_score = -1;
  for (std::uint32_t i = 0; i < family_count; ++i) {
    if ((families[i].queueFlags & kCopyCapable) == 0 || families[i].queueCount == 0) continue;
    const int score = ((families[i].queueFlags & (VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT)) ? 1 : 0) +
                      (families[i].timestampValidBits > 0 ? 2 : 0);
    if (score > primary_score) { primary = i; primary_score = score; }
  }
  if (primary == UINT32_MAX) return Error{"the device has no queue that can copy buffers"};
  std::uint32_t second = UINT32_MAX;
  std::string second_kind;
  for (std::uint32_t i = 0; i < family_count && second == UINT32_MAX; ++i)
    if (i != primary && families[i].queueCount > 0 &&
        (families[i].queueFlags & kCopyCapable) == VK_QUEUE_TRANSFER_BIT) { second = i; second_kind = "transfer-only"; }
  if (second == UINT32_MAX && families[primary].queueCount >= 2) { second = primary; second_kind = "second queue"; }
  for (std::uint32_t i = 0; i < family_count && second == UINT32_MAX; ++i)
    if (i != primary && families[i].queueCount > 0 && (families[i].queueFlags & kCopyCapable) != 0) {
      second = i;
      second_kind = "another family";
    }
  const std::uint32_t valid_bits = families[primary].timestampValidBits;
  dev->timestamp_mask_ = timestamp_mask(valid_bits);

  const float priorities[2] = {1.0f, 1.0f};
  VkDeviceQueueCreateInfo queue_infos[2]{};
  std::uint32_t queue_info_count = 1;
  queue_infos[0].sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
  queue_infos[0].queueFamilyIndex = primary;
  queue_infos[0].queueCount = second == primary ? 2 : 1;
  queue_infos[0].pQueuePriorities = priorities;
  if (second != UINT32_MAX && second != primary) {
    queue_infos[1] = queue_infos[0];
    queue_infos[1].queueFamilyIndex = second;
    queue_infos[1].queueCount = 1;
    queue_info_count = 2;
  }
  VkDeviceCreateInfo device_info{};
  device_info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
  device_info.queueCreateInfoCount = queue_info_count;
  device_info.pQueueCreateInfos = queue_infos;
  if (auto rc = vkCreateDevice(physical, &device_info, nullptr, &dev->device_); rc != VK_SUCCESS)
    return vk_error("vkCreateDevice", rc);
  dev->families_[0] = primary;
  dev->families_[1] = second == UINT32_MAX ? primary : second;
  vkGetDeviceQueue(dev->device_, primary, 0, &dev->queue_);
  if (second != UINT32_MAX) vkGetDeviceQueue(dev->device_, second, second == primary ? 1 : 0, &dev->second_queue_);
  dev->notes_.push_back(
      second == UINT32_MAX
          ? fmt::format("bidirectional: both copies in one submission on queue family {} (the device has no second "
                        "queue)",
                        primary)
          : fmt::format("bidirectional: host_to_device on queue family {}, device_to_host on queue family {} ({}), "
                        "submitted together and timed on the host clock (timestamps of two queues do not compare)",
                        primary, second, second_kind));
  if (valid_bits == 0) dev->notes_.push_back("the copy queue has no timestamps: pinned copies are timed on the host clock");

  for (std::uint32_t q = 0; q < (second == UINT32_MAX ? 1u : 2u); ++q) {
    VkCommandPoolCreateInfo pool_info{};
    pool_info.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pool_info.queueFamilyIndex = dev->families_[q];
    if (auto rc = vkCreateCommandPool(dev->device_, &pool_info, nullptr, &dev->pools_[q]); rc != VK_SUCCESS)
      return vk_error("vkCreateCommandPool", rc);
    VkCommandBufferAllocateInfo cmd_info{};
    cmd_info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    cmd_info.commandPool = dev->pools_[q];
    cmd_info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    cmd_info.commandBufferCount = 1;
    if (auto rc = vkAllocateCommandBuffers(dev->device_, &cmd_info, &dev->cmds_[q]); rc != VK_SUCCESS)
      return vk_error("vkAllocateCommandBuffers", rc);
    auto fence = create_fence(dev->device_);
    if (!fence) return Error{fence.error()};
    dev->fences_[q] = *fence;
  }
  auto pool = create_timestamp_pair_pool(dev->device_, valid_bits);
  if (!pool) return Error{pool.error()};
  dev->query_pool_ = *pool;
  return dev;
}

TransferDevice::~TransferDevice() {
  if (device_ == VK_NULL_HANDLE || lost_) return;  // copies may still run: leak rather than corrupt
  vkDeviceWaitIdle(device_);
  for (auto& b : buffers_) destroy_buffer(b);
  if (query_pool_ != VK_NULL_HANDLE) vkDestroyQueryPool(device_, query_pool_, nullptr);
  for (std::uint32_t q = 0; q < 2; ++q) {
    if (fences_[q] != VK_NULL_HANDLE) vkDestroyFence(device_, fences_[q], nullptr);
    if (pools_[q] != VK_NULL_HANDLE) vkDestroyCommandPool(device_, pools_[q], nullptr);
  }
  vkDestroyDevice(device_, nullptr);
}

bool TransferDevice::gpu_timed(const TransferBatch& batch) const {
  return query_pool_ != VK_NULL_HANDLE && (batch.opposite.empty() || !has_second_queue());
}

std::uint64_t TransferDevice::max_transfer_bytes(std::string* why) const {
  VkPhysicalDeviceMemoryProperties2 memory{};
  memory.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2;
  VkPhysicalDeviceMemoryBudgetPropertiesEXT budget{};
  budget.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT;
  if (has_memory_budget_) memory.pNext = &budget;
  vkGetPhysicalDeviceMemoryProperties2(physical_, &memory);
  const std::uint32_t heaps[2] = {memory_.memoryTypes[staging_type_].heapIndex, memory_.memoryTypes[device_type_].heapIndex};
  std::uint64_t per_buffer = ~0ull;
  for (std::uint32_t h : heaps) {
    const std::uint64_t buffers = heaps[0] == heaps[1] ? 4 : 2;
    // Without VK_EXT_memory_budget nothing says what others use: leave a quarter of the heap.
    std::uint64_t available = memory_.memoryHeaps[h].size / 4 * 3;
    std::string source = fmt::format("3/4 of heap {} ({}), no memory budget", h, format_bytes(memory_.memoryHeaps[h].size));
    if (has_memory_budget_) {
      const std::uint64_t used = budget.heapUsage[h];
      available = budget.heapBudget[h] > used ? budget.heapBudget[h] - used : 0;
      source = fmt::format("heap {} budget {} with {} in use", h, format_bytes(budget.heapBudget[h]), format_bytes(used));
    }
    available = available > kBudgetReserveBytes ? available - kBudgetReserveBytes : 0;
    if (available / buffers < per_buffer) {
      per_buffer = available / buffers;
      *why = fmt::format("{}, {} buffers of one size there", source, buffers);
    }
  }
  if (max_allocation_bytes_ > 0 && max_allocation_bytes_ < per_buffer) {
    per_buffer = max_allocation_bytes_;
    *why = fmt::format("maxMemoryAllocationSize {}", format_bytes(max_allocation_bytes_));
  }
  return per_buffer / kPageBytes * kPageBytes;
}

}  // namespace rigcheck
