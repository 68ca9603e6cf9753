#include "reports/nvml/telemetry_annotate.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <vector>

#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {
namespace {

// A sample further than this from the moment asked for says nothing about it.
constexpr double kMaxTemperatureGapS = 1.0;

std::optional<double> value_near(const std::vector<SeriesPoint>& points, double t_s) {
  auto it = std::lower_bound(points.begin(), points.end(), t_s,
                             [](const SeriesPoint& p, double t) { return p.t_s < t; });
  std::optional<SeriesPoint> best;
  if (it != points.end()) best = *it;
  if (it != points.begin() && (!best || t_s - std::prev(it)->t_s < best->t_s - t_s)) best = *std::prev(it);
  if (!best || std::abs(best->t_s - t_s) > kMaxTemperatureGapS) return std::nullopt;
  return best->value;
}

}  // namespace

void annotate_from_telemetry(GpuEntry& gpu) {
  if (!gpu.telemetry) return;
  if (auto& vram = gpu.measurements.vram; vram && vram->telemetry_start_s) {
    const auto temperatures = column_points(*gpu.telemetry, telemetry_column::temp_gpu_c);
    for (auto& record : vram->records)
      if (!record.temperature_celsius)
        record.temperature_celsius = value_near(temperatures, *vram->telemetry_start_s + record.time_s);
  }
}

}  // namespace rigcheck
