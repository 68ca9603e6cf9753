#include "reports/nvml/clock_reasons.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {

std::vector<ClockReasonShare> ClockReasonShares::all() const {
  return {{clock_reason::gpu_idle, "gpu_idle", gpu_idle},
          {clock_reason::applications_clocks, "applications_clocks", applications_clocks},
          {clock_reason::sw_power_cap, "sw_power_cap", sw_power_cap},
          {clock_reason::hw_slowdown, "hw_slowdown", hw_slowdown},
          {clock_reason::sync_boost, "sync_boost", sync_boost},
          {clock_reason::sw_thermal, "sw_thermal", sw_thermal},
          {clock_reason::hw_thermal, "hw_thermal", hw_thermal},
          {clock_reason::hw_power_brake, "hw_power_brake", hw_power_brake},
          {clock_reason::display_clock, "display_clock", display_clock}};
}

ClockReasonShares clock_event_reason_shares(const Telemetry& telemetry, double from_t_s, double to_t_s) {
  ClockReasonShares shares;
  std::vector<SeriesPoint> points;
  for (const auto& p : column_points(telemetry, telemetry_column::clock_event_reasons))
    if (p.t_s >= from_t_s && p.t_s < to_t_s && p.value >= 0) points.push_back(p);
  if (points.empty()) return shares;

  std::vector<double> steps;
  for (std::size_t i = 1; i < points.size(); ++i) steps.push_back(points[i].t_s - points[i - 1].t_s);
  double last_step = telemetry.interval_s * std::max(1, telemetry.decimation);
  if (!steps.empty()) {
    auto mid = steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2);
    std::nth_element(steps.begin(), mid, steps.end());
    last_step = *mid;
  }
  if (!(last_step > 0)) last_step = 1;

  double total = 0;
  std::array<double, 9> set_time{};
  for (std::size_t i = 0; i < points.size(); ++i) {
    double weight = i + 1 < points.size() ? points[i + 1].t_s - points[i].t_s : last_step;
    if (!(weight > 0)) continue;
    const auto mask = static_cast<std::uint64_t>(std::llround(points[i].value));
    for (std::size_t b = 0; b < set_time.size(); ++b)
      if (mask & (std::uint64_t{1} << b)) set_time[b] += weight;
    total += weight;
  }
  shares.samples = points.size();
  shares.seconds = total;
  if (!(total > 0)) return shares;
  shares.gpu_idle = set_time[0] / total;
  shares.applications_clocks = set_time[1] / total;
  shares.sw_power_cap = set_time[2] / total;
  shares.hw_slowdown = set_time[3] / total;
  shares.sync_boost = set_time[4] / total;
  shares.sw_thermal = set_time[5] / total;
  shares.hw_thermal = set_time[6] / total;
  shares.hw_power_brake = set_time[7] / total;
  shares.display_clock = set_time[8] / total;
  return shares;
}

}  // namespace rigcheck
