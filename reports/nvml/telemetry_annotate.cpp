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

void annotate_window(Throughput& t, const std::vector<SeriesPoint>& clocks) {
  if (!t.window_start_s || !t.window_end_s) return;
  std::vector<double> inside;
  for (const auto& p : clocks)
    if (p.t_s >= *t.window_start_s && p.t_s <= *t.window_end_s) inside.push_back(p.value);
  if (inside.empty()) return;  // shorter than one sampling interval: no honest figure
  std::sort(inside.begin(), inside.end());
  t.sm_clock_mhz_min = inside.front();
  t.sm_clock_mhz_median = inside[inside.size() / 2];
}

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
  if (auto& compute = gpu.measurements.compute) {
    const auto clocks = column_points(*gpu.telemetry, telemetry_column::sm_clock_mhz);
    for (auto& g : compute->gemm) annotate_window(g.throughput, clocks);
    for (auto& a : compute->attention) annotate_window(a.throughput, clocks);
  }
  if (auto& vram = gpu.measurements.vram; vram && vram->telemetry_start_s) {
    const auto temperatures = column_points(*gpu.telemetry, telemetry_column::temp_gpu_c);
    for (auto& record : vram->records)
      if (!record.temperature_celsius)
        record.temperature_celsius = value_near(temperatures, *vram->telemetry_start_s + record.time_s);
  }
}

}  // namespace rigcheck
