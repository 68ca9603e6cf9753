#pragma once
// The CUDA/Vulkan cross-check's comparison. When two backends reach the same card, each runs the
// VRAM canary, measures device copy bandwidth and runs one checked GEMM per precision. This file
// turns their two results into cross_backend self-checks, one per check those results bear on:
// either they agree, or they disagree and both figures are given. It is pure. The judge turns a
// disagreement into `warn` on that check (judge/rule_self_checks.hpp).
#include <optional>
#include <string>
#include <vector>

#include "reports/compute/compute_result.hpp"
#include "reports/self_check.hpp"

namespace rigcheck {

// What one backend measured of the card in the cross-check.
struct CrossCheckSide {
  std::string backend;                     // "cuda" | "vulkan"
  std::optional<std::string> error;        // it could not run the cross-check: why
  SelfChecks vram_canaries;                // vram_detector, one per pattern family
  std::optional<double> copy_bytes_per_s;  // best device copy median; nullopt: not measured
  std::vector<GemmMeasurement> gemm;       // one checked GEMM per precision it runs
  SelfChecks gemm_canaries;                // gemm_detector, one per precision
};

// Two device copy figures agree when the slower is within this fraction of the faster. The two
// backends copy with different kernels (a shader against cudaMemcpy), so they are never equal.
inline constexpr double kCrossBackendCopyTolerance = 0.25;

struct CrossCheckComparison {
  // Kind cross_backend; the subject is the id of the check the comparison bears on
  // ("vram.integrity", "compute.gemm.fp16"), or empty when a backend could not run at all.
  SelfChecks self_checks;
  std::vector<std::string> notes;  // each disagreement with both figures; precisions only one side ran
};

CrossCheckComparison compare_backends(const CrossCheckSide& first, const CrossCheckSide& second);

}  // namespace rigcheck
