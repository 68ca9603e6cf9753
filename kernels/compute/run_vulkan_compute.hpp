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
#include "reports/compute/compute_result.hpp"
#include "reports/result.hpp"

namespace rigcheck {

struct ComputeOptions {
  std::vector<std::string> precisions = {"fp32", "tf32", "fp16", "bf16", "int8", "fp8"};
  std::string shapes = "gpt2";  // gpt2: square + GPT-2 layer GEMMs + attention; square: square GEMM only
  bool quick = false;           // smaller shapes, fewer samples
  // Overrides for tests and benchmarks; 0 / empty: sized to the device.
  std::uint32_t square_size = 0;
  std::uint32_t tokens = 0;           // GEMM rows of the GPT-2 layer shapes
  std::uint32_t attention_batch = 0;
  std::uint32_t seq_len = 0;
  std::vector<std::string> models;    // "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"
  std::uint32_t samples = 0;
  std::uint32_t vocabulary = 0;       // LM head columns; 0: GPT-2's 50257
  // t = 0 of the telemetry series: each Throughput gets its timed window on this clock.
  std::chrono::steady_clock::time_point clock_origin = std::chrono::steady_clock::now();
};

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
