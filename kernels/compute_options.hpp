#pragma once
// What a GEMM/attention run is asked to do; the same options for every backend
// (kernels/compute/run_vulkan_compute.hpp, kernels/cuda/run_cuda_compute.hpp).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rigcheck {

// Where a compute run is, reported before each GEMM shape or attention shape and at the end.
// Sub-tests are weighed by their FLOPs: the LM head or gpt2-xl's layers take far longer than
// gpt2's QKV, and a bar that counted sub-tests alike would jump there.
struct ComputeProgress {
  std::size_t done = 0;              // sub-tests finished (measured, or not measured with a note)
  std::size_t total = 0;             // sub-tests planned
  double work_done = 0;              // FLOPs of one run of each finished sub-test
  double work_total = 0;             // FLOPs of one run of each planned sub-test
  std::string current;               // "fp16 GEMM gpt2.qkv 64x2304x768"; empty at the end
  double last_tflops = 0;            // the last measured sub-test's median rate (TFLOPS or TOPS)
  std::uint64_t failed_checks = 0;   // sub-tests whose output did not match the CPU reference

  void plan(std::size_t count, double flops) { total += count; work_total += flops; }
  void finish(std::size_t count, double flops) { done += count; work_done += flops; }
  // 0..1 of the planned work, by FLOPs (by count when no FLOPs were planned).
  double fraction_done() const {
    if (work_total > 0) return work_done / work_total;
    return total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0;
  }
};

struct ComputeOptions {
  std::vector<std::string> precisions = {"fp32", "tf32", "fp16", "bf16", "int8", "fp8"};
  std::string shapes = "gpt2";  // gpt2: square + GPT-2 layer GEMMs + attention; square: square GEMM only
  bool quick = false;           // smaller shapes, fewer samples
  bool canaries_only = false;   // `rigcheck selftest`: the compute canary of each precision, no shapes
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
  std::function<void(const ComputeProgress&)> progress;  // optional
};

}  // namespace rigcheck
