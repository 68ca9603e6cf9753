#pragma once
// The memory types our buffers use, from the device's memory-type list alone (pure functions,
// tested against the lists real drivers report). Staging buffers: NVIDIA's driver lists a host-visible,
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

// Device buffers (VRAM chunks, transfer targets, GEMM operands): device-local, preferably memory the
// host cannot map (VRAM rather than the BAR window), then from the largest heap; a host type only
// when the device reports no device-local one (check the flags when that matters). -1: none allowed.
int pick_device_memory_type(const VkPhysicalDeviceMemoryProperties& memory, std::uint32_t allowed);

// Small buffers both sides touch (the VRAM test's error records): host-visible and coherent,
// device-local when such a type exists (the BAR window) so the shader's atomics stay on the
// device. -1: none.
int pick_shared_memory_type(const VkPhysicalDeviceMemoryProperties& memory, bool allow_device_local = true);

}  // namespace rigcheck
