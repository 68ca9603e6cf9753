#include "kernels/vulkan/vk_vram_pipelines.hpp"

#include <tuple>

#include "kernels/vulkan/spirv_blobs.hpp"

namespace rigcheck {

Result<std::unique_ptr<VulkanDeviceCore>> open_vram_core(std::shared_ptr<VulkanInstance> instance,
                                                         VkPhysicalDevice physical) {
  VkPhysicalDeviceFeatures features{};
  vkGetPhysicalDeviceFeatures(physical, &features);
  if (features.shaderInt64 != VK_TRUE)
    return Error{"the device lacks shaderInt64: the VRAM test computes 64-bit addresses"};
  VulkanDeviceRequest request;
  request.queue = VulkanQueueNeed::compute;
  request.features.shaderInt64 = VK_TRUE;
  return VulkanDeviceCore::open(std::move(instance), physical, request);
}

Result<VramPipelines> make_vram_pipelines(const VulkanDeviceCore& core) {
  VramPipelines out;
  auto layout = make_pipeline_layout(core, kVramBindingCount, sizeof(VramPushConstants));
  if (!layout) return Error{layout.error()};
  out.layout = std::move(*layout);
  // Every VRAM shader declares specialization constant 0 (write / re-read the complement).
  for (auto [blob, complement, target] :
       {std::tuple{spirv_vram_write(), false, &out.write}, std::tuple{spirv_vram_verify(), false, &out.verify},
        std::tuple{spirv_vram_verify(), true, &out.verify_complement},
        std::tuple{spirv_vram_reread(), false, &out.reread},
        std::tuple{spirv_vram_reread(), true, &out.reread_complement},
        std::tuple{spirv_vram_inject(), false, &out.inject}, std::tuple{spirv_copy(), false, &out.copy}}) {
    auto pipeline = make_compute_pipeline(core, out.layout, blob, complement);
    if (!pipeline) return Error{pipeline.error()};
    *target = std::move(*pipeline);
  }
  return out;
}

}  // namespace rigcheck
