#pragma once
// Throughput decline over a sustained load: the last minute against the first (the last and first
// 20% for runs under five minutes), with the reason the series gives. Merged into
// thermal.sustained (a card that slows over minutes is almost always a card that heats up; the
// finding names power brake or power cap when the series says so).
#include <optional>

#include "reports/burn_result.hpp"
#include "reports/model.hpp"
#include "reports/nvml/finding.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

// nullopt when the intervals do not cover both windows. Without telemetry the decline is still
// judged (it comes from device timestamps), and the finding says no reason could be named.
std::optional<Finding> throughput_decline_finding(const GpuEntry& gpu, const BurnResult& burn, const Policy& policy);

}  // namespace rigcheck
