#pragma once
// The judges of checks "compute.gemm.<precision>" and "compute.attention.<precision>": pure
// functions of the compute measurement, the card's spec (nullable) and the policy.
#include <optional>
#include <string_view>
#include <vector>

#include "reports/cards.hpp"
#include "reports/check.hpp"
#include "reports/compute/compute_result.hpp"
#include "reports/nvml_facts.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

inline constexpr std::string_view kComputePrecisions[] = {"fp32", "tf32", "fp16", "bf16", "int8", "fp8"};
inline constexpr std::string_view kAttentionPrecisions[] = {"fp32", "fp16", "bf16"};

// The card's dense spec peak for a precision in TFLOPS (TOPS for int8); nullopt: none listed.
std::optional<double> spec_peak_tflops(const CardSpec& card, std::string_view precision);

// One check per precision of kComputePrecisions (GEMM) and kAttentionPrecisions (attention).
// fail: a result differs from its CPU reference; warn: best throughput below
// policy.compute.min_fraction_of_peak_warn of the spec peak; skip: not run or not supported.
// `telemetry` (nullable): the NVML series, for the SM clock over each timed window. A median whose
// spread (max - min) / median is over 10% is marked noisy in the evidence.
std::vector<Check> judge_compute(const ComputeResult& result, const CardSpec* card, const Policy& policy,
                                 const Telemetry* telemetry = nullptr);

}  // namespace rigcheck
