#pragma once
// The judge of check "thermal.sustained": peak and steady temperature, margin to the slowdown
// threshold, when heat first slowed the clocks and for how long, and the throughput decline over
// the load (throughput_decline.hpp). Pure; see docs/burn.md.
#include <optional>

#include "reports/burn_result.hpp"
#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

inline constexpr const char* kThermalSustainedCheckId = "thermal.sustained";

// Until Measurements holds `std::optional<BurnResult> burn`, the burn comes beside the GPU; the
// final form is judge_thermal_sustained(gpu, policy) reading gpu.measurements.burn.
Check judge_thermal_sustained(const GpuEntry& gpu, const std::optional<BurnResult>& burn, const Policy& policy);

}  // namespace rigcheck
