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

std::optional<double> vram_record_temperature_c(const VramTestResult& vram, const VramErrorRecord& record,
                                                const Telemetry* telemetry) {
  if (telemetry != nullptr && vram.telemetry_start_s) {
    const auto temperatures = column_points(*telemetry, telemetry_column::temp_gpu_c);
    if (auto near = value_near(temperatures, *vram.telemetry_start_s + record.time_s)) return near;
  }
  return record.temperature_celsius;
}

}  // namespace rigcheck
