#pragma once
// The memory type of a staging buffer, from the device's memory-type list alone (a pure
// function, tested against the lists real drivers report). NVIDIA's driver lists a host-visible,
// coherent but uncached (write-combined) type before the cached one: fine to write through, but
// every host read of it crawls, so a read-back through it idles the GPU for the time it takes.
#include <cstdint>

#include <vulkan/vulkan.h>

namespace rigcheck {

enum class StagingUse {
  upload,    // the host writes, the GPU reads: uncached (write-combined) memory is right
  download,  // the GPU writes, the host reads: HOST_CACHED memory, or host reads crawl
};

// Host-visible (and coherent when `need_coherent`), preferably system memory (not a device-local
// heap or BAR window), then cached for downloads and uncached for uploads, then coherent. Only
// types whose bit is set in `allowed` (VkMemoryRequirements::memoryTypeBits). -1: none fits.
int pick_staging_memory_type(const VkPhysicalDeviceMemoryProperties& memory, std::uint32_t allowed, StagingUse use,
                             bool need_coherent);

}  // namespace rigcheck
