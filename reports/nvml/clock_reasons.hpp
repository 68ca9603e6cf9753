#pragma once
// Splits a clock-event-reason series into the share of sampled time each reason bit was set.
// The value is a bit mask (NVML clocksEventReasons): several reasons at once are normal, so every
// bit is tested on its own and a combined mask counts for each of its bits.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "reports/nvml_facts.hpp"

namespace rigcheck {

// Bits from NVML's clocks-event-reason list (docs/nvml.md).
namespace clock_reason {
inline constexpr std::uint64_t gpu_idle = 0x1;
inline constexpr std::uint64_t applications_clocks = 0x2;
inline constexpr std::uint64_t sw_power_cap = 0x4;
inline constexpr std::uint64_t hw_slowdown = 0x8;
inline constexpr std::uint64_t sync_boost = 0x10;
inline constexpr std::uint64_t sw_thermal = 0x20;
inline constexpr std::uint64_t hw_thermal = 0x40;
inline constexpr std::uint64_t hw_power_brake = 0x80;
inline constexpr std::uint64_t display_clock = 0x100;
}  // namespace clock_reason

struct ClockReasonShare {
  std::uint64_t bit = 0;
  std::string_view name;  // "sw_power_cap", ...
  double share = 0;       // 0..1 of the sampled time
};

struct ClockReasonShares {
  std::size_t samples = 0;   // rows with a reason mask in the window
  double seconds = 0;        // sampled time they cover
  double gpu_idle = 0;
  double applications_clocks = 0;
  double sw_power_cap = 0;
  double hw_slowdown = 0;
  double sync_boost = 0;
  double sw_thermal = 0;
  double hw_thermal = 0;
  double hw_power_brake = 0;
  double display_clock = 0;

  // Every named bit with its share, in bit order.
  std::vector<ClockReasonShare> all() const;
};

// Each row weighs the time until the next row (the last row weighs the median step, or
// interval_s x decimation), so gaps and decimation do not skew the shares. Rows with a null mask
// are left out. Only rows with from_t_s <= t_s < to_t_s count.
ClockReasonShares clock_event_reason_shares(const Telemetry& telemetry, double from_t_s = 0,
                                            double to_t_s = std::numeric_limits<double>::infinity());

}  // namespace rigcheck
