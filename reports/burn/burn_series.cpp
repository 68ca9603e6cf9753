#include "reports/burn/burn_series.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "reports/nvml/clock_reasons.hpp"
#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {
namespace {

std::optional<std::uint64_t> mask_of(const Telemetry& telemetry, std::size_t row) {
  auto value = cell(telemetry, row, telemetry_column::clock_event_reasons);
  if (!value || *value < 0) return std::nullopt;
  return static_cast<std::uint64_t>(std::llround(*value));
}

}  // namespace

BurnWindows burn_windows(const BurnResult& burn) {
  BurnWindows w;
  w.load_start_t_s = burn.load_start_t_s;
  w.load_end_t_s = std::max(burn.load_end_t_s, burn.load_start_t_s);
  const double length = w.load_seconds();
  w.steady_start_t_s = w.load_start_t_s + std::min(kSteadyWarmupFraction * length, kSteadyWarmupMaxSeconds);
  w.edge_seconds = std::min(kEdgeWindowFraction * length, kEdgeWindowMaxSeconds);
  return w;
}

std::vector<WeightedRow> window_rows(const Telemetry& telemetry, double from_t_s, double to_t_s) {
  std::vector<WeightedRow> rows;
  for (std::size_t r = 0; r < telemetry.rows.size(); ++r) {
    auto t = cell(telemetry, r, telemetry_column::t_s);
    if (t && *t >= from_t_s && *t < to_t_s) rows.push_back({r, *t, 0});
  }
  std::vector<double> steps;
  for (std::size_t i = 1; i < rows.size(); ++i) steps.push_back(rows[i].t_s - rows[i - 1].t_s);
  double last_step = telemetry.interval_s * std::max(1, telemetry.decimation);
  if (!steps.empty()) {
    auto mid = steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2);
    std::nth_element(steps.begin(), mid, steps.end());
    last_step = *mid;
  }
  if (!(last_step > 0)) last_step = 1;
  for (std::size_t i = 0; i < rows.size(); ++i)
    rows[i].weight_s = i + 1 < rows.size() ? rows[i + 1].t_s - rows[i].t_s : last_step;
  return rows;
}

std::optional<double> weighted_mean(const Telemetry& telemetry, const std::vector<WeightedRow>& rows,
                                    std::string_view column) {
  double sum = 0;
  double weight = 0;
  for (const auto& r : rows) {
    auto v = cell(telemetry, r.row, column);
    if (!v || !(r.weight_s > 0)) continue;
    sum += *v * r.weight_s;
    weight += r.weight_s;
  }
  if (!(weight > 0)) return std::nullopt;
  return sum / weight;
}

std::optional<Peak> peak(const Telemetry& telemetry, const std::vector<WeightedRow>& rows, std::string_view column) {
  std::optional<Peak> best;
  for (const auto& r : rows) {
    auto v = cell(telemetry, r.row, column);
    if (v && (!best || *v > best->value)) best = Peak{r.t_s, *v};
  }
  return best;
}

std::optional<double> mask_share(const Telemetry& telemetry, const std::vector<WeightedRow>& rows, MaskTest test) {
  double hit = 0;
  double total = 0;
  for (const auto& r : rows) {
    auto mask = mask_of(telemetry, r.row);
    if (!mask || !(r.weight_s > 0)) continue;
    total += r.weight_s;
    if (test(*mask)) hit += r.weight_s;
  }
  if (!(total > 0)) return std::nullopt;
  return hit / total;
}

std::optional<double> first_mask_t_s(const Telemetry& telemetry, const std::vector<WeightedRow>& rows, MaskTest test) {
  for (const auto& r : rows)
    if (auto mask = mask_of(telemetry, r.row); mask && test(*mask)) return r.t_s;
  return std::nullopt;
}

bool heat_bits(std::uint64_t mask) {
  if (mask & (clock_reason::sw_thermal | clock_reason::hw_thermal)) return true;
  return (mask & clock_reason::hw_slowdown) && !(mask & clock_reason::hw_power_brake);
}

std::optional<double> mean_tflops(const BurnResult& burn, double from_t_s, double to_t_s) {
  double work = 0;
  double seconds = 0;
  for (const auto& i : burn.intervals) {
    const double overlap = std::min(i.t_end_s, to_t_s) - std::max(i.t_start_s, from_t_s);
    if (!(overlap > 0)) continue;
    work += i.tflops * overlap;
    seconds += overlap;
  }
  if (!(seconds > 0)) return std::nullopt;
  return work / seconds;
}

std::string percent(double fraction) { return fmt::format("{:.0f}%", 100.0 * fraction); }

std::optional<std::string> no_series_reason(const GpuEntry& gpu) {
  if (!gpu.nvml) return std::string("NVML is not available for this GPU (no driver, no NVML library, or not an NVIDIA card)");
  if (!gpu.telemetry) return std::string("no telemetry series was recorded during the load");
  if (gpu.telemetry->rows.empty())
    return gpu.telemetry->error ? "the telemetry sampler failed: " + gpu.telemetry->error->message
                                : std::string("the telemetry series is empty");
  return std::nullopt;
}

std::string column_unavailable_reason(const Telemetry& telemetry, std::string_view column) {
  auto it = telemetry.unavailable.find(std::string(column));
  if (it != telemetry.unavailable.end()) return std::string(column) + ": " + it->second;
  if (!telemetry.column(column)) return "the series has no " + std::string(column) + " column";
  return "no " + std::string(column) + " sample during the load";
}

}  // namespace rigcheck
