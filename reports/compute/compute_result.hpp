#pragma once
// Raw GEMM and attention measurements of one GPU (issue 5). Data only: judge_compute.hpp decides.
// Every figure carries how it was taken (samples, spread) and its check against a CPU reference.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "reports/self_check.hpp"

namespace rigcheck {

// Seconds per run over the timed repeats (device timestamps / CUDA events), and the rate they
// give. Rate unit: TFLOPS, or TOPS for integer precisions.
struct Throughput {
  std::uint32_t samples = 0;
  std::uint32_t warmup_runs = 0;
  double seconds_median = 0;
  double seconds_min = 0;
  double seconds_max = 0;
  double tflops_median = 0;  // from seconds_median
  double tflops_min = 0;     // from seconds_max
  double tflops_max = 0;     // from seconds_min
  double relative_stdev = 0;  // stdev / mean of the seconds
  // When the timed repeats ran, in seconds on the telemetry clock (ComputeOptions::clock_origin),
  // so that the SM clock of the NVML series can be read for exactly this measurement.
  std::optional<double> window_start_s;
  std::optional<double> window_end_s;
  // SM clock over that window, as reports from before the judge read it from the NVML series
  // itself stored it (reports/compute/sm_clock_window.hpp); new runs leave both unset.
  std::optional<double> sm_clock_mhz_median;
  std::optional<double> sm_clock_mhz_min;
};

// The comparison of the device's output with a CPU reference (double accumulation), on the whole
// output or on a sub-block of rows and columns for large shapes.
struct ReferenceCheck {
  std::uint64_t checked_elements = 0;
  std::uint64_t mismatches = 0;
  double max_abs_error = 0;
  double tolerance = 0;           // what "match" meant (see docs/compute.md)
  std::string tolerance_rule;     // e.g. "abs <= 1e-4 * sum|a*b|" or "exact"
  bool passed() const { return checked_elements > 0 && mismatches == 0; }
};

struct GemmMeasurement {
  std::string precision;       // fp32 | tf32 | fp16 | bf16 | int8 | fp8 (inputs)
  std::string accumulate;      // fp32 | fp16 | int32
  std::string implementation;  // "vulkan-tiled", "cublas", "cublaslt"
  std::string shape;           // "square", "gpt2.qkv", "gpt2-medium.lm_head", ...
  std::uint64_t m = 0, n = 0, k = 0;  // C (m x n) = A (m x k) * B (k x n), row-major
  double flops_per_run = 0;    // 2*m*n*k
  Throughput throughput;
  ReferenceCheck reference;
};

struct AttentionMeasurement {
  std::string precision;       // fp32 | fp16 | bf16 (Q, K, V storage; softmax in fp32)
  std::string implementation;  // "vulkan-unfused", "vulkan-fused", "cuda-unfused", "cuda-fused"
  std::string shape;           // "gpt2", "gpt2-xl", ...
  std::uint32_t batch = 0, heads = 0, seq_len = 0, head_dim = 0;
  bool causal = true;
  double flops_full = 0;    // 4*b*h*s^2*d (FlashAttention convention, forward)
  double flops_causal = 0;  // half of it: what a causal kernel needs to do
  std::string flops_counted = "causal";  // which count the throughput uses
  Throughput throughput;
  ReferenceCheck reference;
};

// A precision not measured: the device or library lacks it, or it was not asked for.
struct ComputeSkip {
  std::string operation;  // gemm | attention
  std::string precision;
  std::string reason;
};

struct ComputeResult {
  std::string backend;  // vulkan | cuda
  std::string device_name;
  std::vector<GemmMeasurement> gemm;
  std::vector<AttentionMeasurement> attention;
  std::vector<ComputeSkip> skipped;
  std::vector<std::string> notes;
  bool interrupted = false;
  // The compute canary of each GEMM precision run (kernels/compute/gemm_canary.hpp). The compute
  // step moves them into the GPU's self_checks; not part of this result's JSON.
  SelfChecks self_checks;
};

// Summary of timed repeats: median, extremes and spread, rate from `flops_per_run`.
Throughput summarize_throughput(const std::vector<double>& seconds, double flops_per_run, std::uint32_t warmup_runs);

// JSON keys carry units. from_json throws json_fields::FieldError naming the field's path.
nlohmann::json to_json(const ComputeResult& result);
ComputeResult compute_result_from_json(const nlohmann::json& json, const std::string& path);

}  // namespace rigcheck
