#pragma once
// The VRAM test's device set-up: the device core opened for it (shaderInt64: the shaders compute
// 64-bit addresses) and its pipelines — write, verify (plain and then-write-complement), the
// re-read pass (plain and complementing), fault injection and the shader copy — over one layout of
// four storage buffers (chunk, error records, fault sites, chunk again for the copy) with the
// `Step` push constants of shaders/vram_layout.h.
#include <cstdint>
#include <memory>

#include "kernels/vulkan/shaders/vram_layout.h"
#include "kernels/vulkan/vk_device_core.hpp"
#include "kernels/vulkan/vk_pipeline.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// The shaders' `Step` push constants, from the same field list (vram_layout.h).
#define VRAM_CPP_FIELD(name) std::uint32_t name;
struct VramPushConstants {
  VRAM_STEP_FIELDS(VRAM_CPP_FIELD)
};
#undef VRAM_CPP_FIELD

// Storage-buffer bindings of every VRAM pipeline.
enum class VramBinding : std::uint32_t { chunk = 0, errors = 1, faults = 2, copy_target = 3 };
inline constexpr std::uint32_t kVramBindingCount = 4;

struct VramPipelines {
  VulkanPipelineLayout layout;  // first: destroyed after the pipelines
  VulkanPipelineHandle write, verify, verify_complement, reread, reread_complement, inject, copy;
};

Result<std::unique_ptr<VulkanDeviceCore>> open_vram_core(std::shared_ptr<VulkanInstance> instance,
                                                         VkPhysicalDevice physical);
Result<VramPipelines> make_vram_pipelines(const VulkanDeviceCore& core);

}  // namespace rigcheck
