#pragma once
// The VRAM test's memory: device-local chunks up to the request within the heap's budget
// (stepping down in size when an allocation fails), the error-record and fault-site buffers the
// host reads and writes directly, and one descriptor set per chunk.
#include <cstdint>
#include <vector>

#include "kernels/vram_device.hpp"
#include "kernels/vulkan/vk_handles.hpp"
#include "kernels/vulkan/vk_pipeline.hpp"
#include "reports/result.hpp"

namespace rigcheck {

struct VramBuffers {
  std::vector<VulkanBuffer> chunks;
  VulkanBuffer errors;  // VRAM_ERR_HEADER_WORDS, then the records (shaders/vram_layout.h)
  VulkanBuffer faults;  // two words per fault site: word index, bit mask
  std::uint32_t record_capacity = 0;
  std::uint32_t max_faults = 0;
  VulkanDescriptorSets sets;  // last: freed before the buffers it points at
};

// Fills `buffers` (empty on entry) and says what was allocated and why not more.
Result<VramAllocation> allocate_vram_buffers(const VulkanDeviceCore& core, const VulkanPipelineLayout& layout,
                                             const VramAllocationRequest& request, VramBuffers& buffers);

}  // namespace rigcheck
