#include "reports/vram/record_temperature.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {
namespace {

std::optional<double> value_near(const std::vector<SeriesPoint>& points, double t_s) {
  auto it = std::lower_bound(points.begin(), points.end(), t_s,
                             [](const SeriesPoint& p, double t) { return p.t_s < t; });
  std::optional<SeriesPoint> best;
  if (it != points.end()) best = *it;
  if (it != points.begin() && (!best || t_s - std::prev(it)->t_s < best->t_s - t_s)) best = *std::prev(it);
  if (!best || std::abs(best->t_s - t_s) > kRecordTemperatureMaxGapS) return std::nullopt;
  return best->value;
}

}  // namespace

VramRecordTemperatures::VramRecordTemperatures(const VramTestResult& vram, const Telemetry* telemetry)
    : start_s_(vram.telemetry_start_s) {
  if (telemetry != nullptr && start_s_) temperatures_ = column_points(*telemetry, telemetry_column::temp_gpu_c);
}

std::optional<double> VramRecordTemperatures::celsius(const VramErrorRecord& record) const {
  if (start_s_)
    if (auto near = value_near(temperatures_, *start_s_ + record.time_s)) return near;
  return record.temperature_celsius;
}

}  // namespace rigcheck
