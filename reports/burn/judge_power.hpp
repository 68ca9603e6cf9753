#pragma once
// The judge of check "power.sustained": does the card draw its power limit under a sustained GEMM,
// without HW power brake and without clocks that fall for no reason NVML gives. Pure: the burn
// measurement, the NVML facts and the telemetry series in, a check out. See docs/burn.md.
#include <optional>

#include "reports/burn_result.hpp"
#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

inline constexpr const char* kPowerSustainedCheckId = "power.sustained";

// Until Measurements holds `std::optional<BurnResult> burn`, the burn comes beside the GPU; the
// final form is judge_power_sustained(gpu, policy) reading gpu.measurements.burn.
Check judge_power_sustained(const GpuEntry& gpu, const std::optional<BurnResult>& burn, const Policy& policy);

}  // namespace rigcheck
