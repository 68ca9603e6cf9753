#include "kernels/vulkan/vk_memory_types.hpp"

namespace rigcheck {
namespace {

bool has(VkMemoryPropertyFlags flags, VkMemoryPropertyFlags bit) { return (flags & bit) == bit; }

}  // namespace

int pick_staging_memory_type(const VkPhysicalDeviceMemoryProperties& memory, std::uint32_t allowed, StagingUse use,
                             bool need_coherent) {
  int best = -1;
  int best_score = -1;
  for (std::uint32_t t = 0; t < memory.memoryTypeCount && t < VK_MAX_MEMORY_TYPES; ++t) {
    const auto flags = memory.memoryTypes[t].propertyFlags;
    if ((allowed & (1u << t)) == 0 || !has(flags, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)) continue;
    const bool coherent = has(flags, VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    if (need_coherent && !coherent) continue;
    const auto heap = memory.memoryTypes[t].heapIndex;
    const bool device_local = has(flags, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) ||
                              (heap < memory.memoryHeapCount &&
                               has(memory.memoryHeaps[heap].flags, VK_MEMORY_HEAP_DEVICE_LOCAL_BIT));
    const bool cached = has(flags, VK_MEMORY_PROPERTY_HOST_CACHED_BIT);
    const bool cache_fits = use == StagingUse::download ? cached : !cached;
    const int score = (device_local ? 0 : 4) + (cache_fits ? 2 : 0) + (coherent ? 1 : 0);
    if (score > best_score) {
      best = static_cast<int>(t);
      best_score = score;
    }
  }
  return best;
}

int pick_device_memory_type(const VkPhysicalDeviceMemoryProperties& memory, std::uint32_t allowed) {
  int best = -1;
  std::uint64_t best_score = 0;
  for (std::uint32_t t = 0; t < memory.memoryTypeCount && t < VK_MAX_MEMORY_TYPES; ++t) {
    if ((allowed & (1u << t)) == 0) continue;
    const auto flags = memory.memoryTypes[t].propertyFlags;
    const std::uint64_t heap_mib = memory.memoryHeaps[memory.memoryTypes[t].heapIndex].size >> 20;
    const std::uint64_t score = (has(flags, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) ? 1ull << 62 : 0) +
                                (has(flags, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) ? 0 : 1ull << 61) + heap_mib + 1;
    if (score > best_score) {
      best = static_cast<int>(t);
      best_score = score;
    }
  }
  return best;
}

int pick_shared_memory_type(const VkPhysicalDeviceMemoryProperties& memory, bool allow_device_local) {
  const VkMemoryPropertyFlags need = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  int chosen = -1;
  for (std::uint32_t t = 0; t < memory.memoryTypeCount && t < VK_MAX_MEMORY_TYPES; ++t) {
    const auto flags = memory.memoryTypes[t].propertyFlags;
    const bool local = has(flags, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
    if (!has(flags, need) || (local && !allow_device_local)) continue;
    if (chosen < 0 || (local && !has(memory.memoryTypes[chosen].propertyFlags, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)))
      chosen = static_cast<int>(t);
  }
  return chosen;
}

}  // namespace rigcheck
