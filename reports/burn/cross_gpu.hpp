#pragma once
// Cross-GPU comparison of one run: a GPU more than 10% slower under the same sustained load than
// the best GPU of the same model points at its slot's cooling or power feed, or at the card
// (the outlier rule of gpu-fryer). Findings are merged into thermal.sustained (reports/judge/rule_burn.cpp).
#include <map>
#include <vector>

#include "reports/burn_result.hpp"
#include "reports/model.hpp"
#include "reports/nvml/finding.hpp"

namespace rigcheck {

// issue 7 / gpu-fryer. Not in the policy yet (see docs/burn.md).
inline constexpr double kCrossGpuSlowerWarnFraction = 0.10;

struct BurnedGpu {
  const GpuEntry* gpu = nullptr;
  const BurnResult* burn = nullptr;
};

// Sustained throughput of a burn: mean TFLOPS over its steady window (after the warm-up).
std::optional<double> sustained_tflops(const BurnResult& burn);

// One finding per GPU that has a peer (same model, same precision and matrix size), keyed by
// GpuEntry::index: warn when slower than the best peer by more than `slower_warn_fraction`, else
// pass. GPUs without a peer get no finding.
std::map<int, Finding> cross_gpu_findings(const std::vector<BurnedGpu>& gpus,
                                          double slower_warn_fraction = kCrossGpuSlowerWarnFraction);

}  // namespace rigcheck
