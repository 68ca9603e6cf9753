#pragma once
// The judge of check "stability.compute": results recomputed from the same inputs during the burn
// must equal the first result. Any mismatch fails (gpu-burn's rule), with when and where. Pure.
#include <optional>

#include "reports/burn_result.hpp"
#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

inline constexpr const char* kStabilityComputeCheckId = "stability.compute";

// Until Measurements holds `std::optional<BurnResult> burn`, the burn comes beside the GPU; the
// final form is judge_stability_compute(gpu, policy) reading gpu.measurements.burn.
Check judge_stability_compute(const GpuEntry& gpu, const std::optional<BurnResult>& burn, const Policy& policy);

}  // namespace rigcheck
