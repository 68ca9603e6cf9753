#pragma once
// Compute pipelines over storage buffers, as the VRAM test and GEMM/attention build them: a layout
// of N storage-buffer bindings plus push constants, pipelines from embedded SPIR-V (optionally one
// boolean specialization constant, id 0), and a pool of descriptor sets for that layout.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <vulkan/vulkan.h>

#include "kernels/vulkan/spirv_blobs.hpp"
#include "kernels/vulkan/vk_handles.hpp"
#include "reports/result.hpp"

namespace rigcheck {

struct VulkanPipelineLayout {
  VulkanDescriptorSetLayoutHandle set_layout;  // destroyed after the pipeline layout
  VulkanPipelineLayoutHandle layout;
  std::uint32_t binding_count = 0;
  std::uint32_t push_bytes = 0;
};

Result<VulkanPipelineLayout> make_pipeline_layout(const VulkanDeviceCore& core, std::uint32_t binding_count,
                                                  std::uint32_t push_bytes);

Result<VulkanPipelineHandle> make_compute_pipeline(const VulkanDeviceCore& core, const VulkanPipelineLayout& layout,
                                                   SpirvBlob spirv, std::optional<bool> constant_0 = std::nullopt);

// `count` descriptor sets of `layout`, each pointed at buffers with write().
class VulkanDescriptorSets {
 public:
  static Result<VulkanDescriptorSets> create(const VulkanDeviceCore& core, const VulkanPipelineLayout& layout,
                                             std::uint32_t count);
  VulkanDescriptorSets() = default;
  // Points set `index` at `buffers` (bindings 0..n-1, whole buffers). Only between submits.
  void write(std::uint32_t index, std::span<const VkBuffer> buffers) const;
  const VkDescriptorSet& operator[](std::uint32_t index) const { return sets_.at(index); }
  std::uint32_t size() const { return static_cast<std::uint32_t>(sets_.size()); }

 private:
  VkDevice device_ = VK_NULL_HANDLE;
  VulkanDescriptorPoolHandle pool_;  // frees the sets with it
  std::vector<VkDescriptorSet> sets_;
};

// Records bind + descriptor set + push constants + dispatch.
void record_dispatch(VkCommandBuffer cmd, VkPipeline pipeline, const VulkanPipelineLayout& layout, VkDescriptorSet set,
                     const void* push, std::uint32_t push_bytes, std::uint32_t groups_x, std::uint32_t groups_y = 1,
                     std::uint32_t groups_z = 1);

}  // namespace rigcheck
