#pragma once
// `rigcheck compute` on Vulkan: GEMM (square peak-finder and GPT-2 layer shapes) and attention
// (unfused and fused) at each requested precision, sized to the device, every result checked
// against a CPU reference. Precisions the device or backend lacks become skips with the reason.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kernels/compute/vk_measure.hpp"
#include "kernels/compute_options.hpp"
#include "reports/compute/compute_result.hpp"
#include "reports/result.hpp"

namespace rigcheck {

struct ComputePlan {
  std::vector<GemmShape> gemm;
  std::vector<AttentionShape> attention;
  std::uint32_t samples = 0;
};

// The shapes run on a device: `cpu_device` (lavapipe) gets small ones so CI stays fast.
ComputePlan plan_compute(const ComputeOptions& options, bool cpu_device);

// Opens Vulkan device `device_index` (of the Vulkan backend's list) and runs the plan. An error
// only when no measurement could start (no device, device lost before the first result).
Result<ComputeResult> run_vulkan_compute(std::uint32_t device_index, const ComputeOptions& options,
                                         const std::function<bool()>& cancelled);

}  // namespace rigcheck
