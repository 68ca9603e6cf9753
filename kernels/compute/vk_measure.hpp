#pragma once
// One GEMM or attention measurement on a ComputeDevice: upload random inputs, warm up, time the
// repeats with GPU timestamps, check the output against the CPU reference.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernels/compute/compute_device.hpp"
#include "reports/compute/compute_result.hpp"

namespace rigcheck {

struct MeasureSettings {
  std::uint32_t warmup_runs = 1;
  std::uint32_t samples = 5;
  // Runs are batched into one submit until a sample lasts this long (small shapes on fast GPUs).
  double min_sample_seconds = 0.02;
  std::uint64_t seed = 0x5eed;
  std::function<bool()> cancelled;  // checked between samples; may be empty
};

struct GemmShape {
  std::string name;  // "square", "gpt2.qkv", ...
  std::uint32_t m = 0, n = 0, k = 0;
};

struct AttentionShape {
  std::string name;  // "gpt2", "gpt2-xl", ...
  std::uint32_t batch = 1, heads = 12, seq_len = 1024, head_dim = 64;
  bool causal = true;
};

// The FLOPs of one run of a planned sub-test, its weight in the progress (ComputeProgress):
// 2mnk for a GEMM; 4·b·h·s²·d for an attention shape, which runs unfused and fused (a causal
// half each).
double planned_flops(const GemmShape& shape);
double planned_flops(const AttentionShape& shape);
double planned_flops(const std::vector<GemmShape>& shapes);
double planned_flops(const std::vector<AttentionShape>& shapes);

// The pipelines of one device, made on first use. Precision: "fp32" | "fp16" | "int8".
class VulkanComputeKernels {
 public:
  explicit VulkanComputeKernels(ComputeDevice& device) : device_(device) {}
  ComputeDevice& device() { return device_; }
  // Empty when `precision` can run on this device for `operation` ("gemm" | "attention").
  std::string unsupported_reason(std::string_view operation, std::string_view precision) const;
  Result<ComputePipeline*> gemm(std::string_view precision);
  Result<ComputePipeline*> softmax(std::string_view precision);
  Result<ComputePipeline*> fused_attention(std::string_view precision);

 private:
  Result<ComputePipeline*> get(const std::string& key, SpirvBlob blob, std::uint32_t bindings, std::uint32_t push_bytes);
  ComputeDevice& device_;
  std::map<std::string, std::unique_ptr<ComputePipeline>> pipelines_;
};

// A GEMM with random inputs uploaded once, ready to be re-run many times (the sustained load):
// `record` adds `runs` back-to-back runs to a command buffer; `read_output` fetches C.
class BoundGemm {
 public:
  virtual ~BoundGemm() = default;
  virtual void record(VkCommandBuffer cmd, std::uint32_t runs) const = 0;
  virtual Result<bool> read_output(std::vector<std::uint32_t>& bits) const = 0;  // raw words of C
  virtual double flops_per_run() const = 0;
};
Result<std::unique_ptr<BoundGemm>> bind_vulkan_gemm(VulkanComputeKernels& kernels, const GemmShape& shape,
                                                    std::string_view precision, std::uint64_t seed);

// One run of the precision's GEMM shader on the given inputs (exact in its storage type), C read
// back as numbers: the compute canary (gemm_canary.hpp).
Result<std::vector<double>> run_vulkan_gemm_once(VulkanComputeKernels& kernels, std::string_view precision,
                                                 const std::vector<float>& a, const std::vector<float>& b,
                                                 std::uint32_t m, std::uint32_t n, std::uint32_t k);

Result<GemmMeasurement> measure_vulkan_gemm(VulkanComputeKernels& kernels, const GemmShape& shape,
                                            std::string_view precision, const MeasureSettings& settings);

// Both implementations at once (same inputs): [0] unfused (QK^T GEMM, causal softmax, PV GEMM),
// [1] fused (online softmax, no seq_len^2 matrix).
Result<std::vector<AttentionMeasurement>> measure_vulkan_attention(VulkanComputeKernels& kernels,
                                                                   const AttentionShape& shape,
                                                                   std::string_view precision,
                                                                   const MeasureSettings& settings);

}  // namespace rigcheck
