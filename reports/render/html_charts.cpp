#include "reports/render/html_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "reports/burn/burn_series.hpp"
#include "reports/compute/judge_compute.hpp"
#include "reports/nvml/clock_reasons.hpp"
#include "reports/render/html_escape.hpp"
#include "reports/render/svg_chart.hpp"
#include "reports/render/throughput_summary.hpp"

namespace rigcheck {
namespace {

constexpr const char* kPowerColor = "#1f77b4";
constexpr const char* kTempColor = "#d62728";
constexpr const char* kMemTempColor = "#9467bd";
constexpr const char* kClockColor = "#2ca02c";
constexpr const char* kBurnColor = "#ff7f0e";
constexpr const char* kLimitColor = "#555555";

std::string muted(std::string_view text) { return fmt::format("<p class=\"muted\">{}</p>\n", html_escape(text)); }

// One point per row that has a time; a null cell is a gap in the line.
std::vector<svg::ChartPoint> column_with_gaps(const Telemetry& telemetry, std::string_view column) {
  std::vector<svg::ChartPoint> points;
  const auto t = telemetry.column(telemetry_column::t_s);
  const auto c = telemetry.column(column);
  if (!t || !c) return points;
  for (const auto& row : telemetry.rows) {
    if (row.size() <= *t || !row[*t]) continue;
    points.push_back({*row[*t], row.size() > *c ? row[*c] : std::nullopt});
  }
  return points;
}

bool has_value(const std::vector<svg::ChartPoint>& points) {
  return std::any_of(points.begin(), points.end(), [](const auto& p) { return p.y.has_value(); });
}

// The time axis every chart of this GPU shares: the telemetry rows and the burn intervals.
struct TimeRange {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  void add(double t) {
    if (!std::isfinite(t)) return;
    min = std::min(min, t);
    max = std::max(max, t);
  }
  bool valid() const { return min <= max; }
};

TimeRange time_range(const GpuEntry& gpu) {
  TimeRange range;
  if (gpu.telemetry)
    if (auto t = gpu.telemetry->column(telemetry_column::t_s))
      for (const auto& row : gpu.telemetry->rows)
        if (row.size() > *t && row[*t]) range.add(*row[*t]);
  if (gpu.measurements.burn)
    for (const auto& interval : gpu.measurements.burn->intervals) {
      range.add(interval.t_start_s);
      range.add(interval.t_end_s);
    }
  return range;
}

std::vector<svg::Band> load_band(const GpuEntry& gpu) {
  if (!gpu.measurements.burn) return {};
  const auto& burn = *gpu.measurements.burn;
  if (!(burn.load_end_t_s > burn.load_start_t_s)) return {};
  return {{burn.load_start_t_s, burn.load_end_t_s, "burn load"}};
}

// A line chart of one telemetry column, or a line saying why there is none.
std::string telemetry_chart(const GpuEntry& gpu, const TimeRange& range, svg::LineChart chart, std::string_view column,
                            std::string_view name, std::string_view color) {
  const auto& telemetry = *gpu.telemetry;
  auto points = column_with_gaps(telemetry, column);
  if (!has_value(points))
    return muted(chart.title + ": not available (" + column_unavailable_reason(telemetry, column) + ")");
  chart.series.insert(chart.series.begin(), {std::string(name), std::string(color), std::move(points)});
  chart.bands = load_band(gpu);
  if (range.valid()) {
    chart.x_min = range.min;
    chart.x_max = range.max;
  }
  return svg::render_line_chart(chart);
}

std::string power_chart(const GpuEntry& gpu, const TimeRange& range) {
  svg::LineChart chart;
  chart.title = "Power";
  chart.y_label = "W";
  chart.y_from_zero = true;
  if (gpu.nvml && gpu.nvml->power_limit_enforced_watts)
    chart.references.push_back({fmt::format("enforced limit {:.0f} W", *gpu.nvml->power_limit_enforced_watts),
                                *gpu.nvml->power_limit_enforced_watts, kLimitColor});
  return telemetry_chart(gpu, range, chart, telemetry_column::power_w, "power", kPowerColor);
}

std::string temperature_chart(const GpuEntry& gpu, const TimeRange& range) {
  svg::LineChart chart;
  chart.title = "Temperature";
  chart.y_label = "°C";
  if (gpu.nvml && gpu.nvml->temp_slowdown_celsius)
    chart.references.push_back({fmt::format("slowdown {} °C", *gpu.nvml->temp_slowdown_celsius),
                                static_cast<double>(*gpu.nvml->temp_slowdown_celsius), kTempColor});
  auto memory = column_with_gaps(*gpu.telemetry, telemetry_column::temp_mem_c);
  if (has_value(memory)) chart.series.push_back({"memory", kMemTempColor, std::move(memory)});
  return telemetry_chart(gpu, range, chart, telemetry_column::temp_gpu_c, "GPU", kTempColor);
}

std::string clock_chart(const GpuEntry& gpu, const TimeRange& range) {
  svg::LineChart chart;
  chart.title = "SM clock";
  chart.y_label = "MHz";
  chart.y_from_zero = true;
  if (gpu.nvml && gpu.nvml->max_sm_clock_mhz)
    chart.references.push_back({fmt::format("max {} MHz", *gpu.nvml->max_sm_clock_mhz),
                                static_cast<double>(*gpu.nvml->max_sm_clock_mhz), kLimitColor});
  return telemetry_chart(gpu, range, chart, telemetry_column::sm_clock_mhz, "SM clock", kClockColor);
}

// Name of a clock-event-reason bit (NVML's list; unnamed bits by value).
std::string reason_name(std::uint64_t bit) {
  for (const auto& share : ClockReasonShares{}.all())
    if (share.bit == bit) return std::string(share.name);
  return fmt::format("bit 0x{:x}", bit);
}

// One strip per reason bit that was ever set: each row holds until the next row (the last one
// for the median step, as clock_event_reason_shares weighs rows); a null mask is a gap.
std::string clock_reason_timeline(const GpuEntry& gpu, const TimeRange& range) {
  const auto& telemetry = *gpu.telemetry;
  const auto points = column_with_gaps(telemetry, telemetry_column::clock_event_reasons);
  if (!has_value(points))
    return muted("Clock-event reasons: not available (" +
                 column_unavailable_reason(telemetry, telemetry_column::clock_event_reasons) + ")");
  std::vector<double> steps;
  for (std::size_t i = 1; i < points.size(); ++i) steps.push_back(points[i].x - points[i - 1].x);
  double last_step = telemetry.interval_s * std::max(1, telemetry.decimation);
  if (!steps.empty()) {
    std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2), steps.end());
    last_step = steps[steps.size() / 2];
  }
  std::vector<svg::TimelineRow> rows(64);
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!points[i].y || !(*points[i].y >= 0) || !std::isfinite(*points[i].y)) continue;
    const auto mask = static_cast<std::uint64_t>(std::llround(*points[i].y));
    const double end = i + 1 < points.size() ? points[i + 1].x : points[i].x + last_step;
    for (std::size_t b = 0; b < rows.size(); ++b)
      if (mask & (std::uint64_t{1} << b)) rows[b].spans.push_back({points[i].x, end});
  }
  svg::Timeline timeline;
  timeline.title = "Clock-event reasons (NVML)";
  timeline.x_min = range.valid() ? range.min : points.front().x;
  timeline.x_max = range.valid() ? range.max : points.back().x;
  for (std::size_t b = 0; b < rows.size(); ++b) {
    if (rows[b].spans.empty()) continue;
    const std::uint64_t bit = std::uint64_t{1} << b;
    rows[b].label = reason_name(bit);
    const bool alarming = (bit & (clock_reason::hw_slowdown | clock_reason::hw_thermal | clock_reason::hw_power_brake |
                                  clock_reason::sw_thermal)) != 0;
    rows[b].color = alarming ? "#d62728" : bit == clock_reason::gpu_idle ? "#999999" : "#ff7f0e";
    timeline.rows.push_back(std::move(rows[b]));
  }
  if (timeline.rows.empty()) return muted("Clock-event reasons: no reason bit was set in any sample.");
  return svg::render_timeline(timeline);
}

std::string rate_unit(std::string_view precision) { return precision == "int8" ? "TOPS" : "TFLOPS"; }

// Throughput of each interval as a step line; a hole between intervals is a gap.
std::string burn_chart(const GpuEntry& gpu, const TimeRange& range) {
  const auto& burn = *gpu.measurements.burn;
  if (burn.intervals.empty()) return muted("Burn throughput: no interval was timed.");
  svg::LineSeries series{fmt::format("{} {}", burn.precision, burn.load), kBurnColor, {}};
  for (std::size_t i = 0; i < burn.intervals.size(); ++i) {
    const auto& interval = burn.intervals[i];
    if (i > 0 && interval.t_start_s > burn.intervals[i - 1].t_end_s + 1e-6)
      series.points.push_back({burn.intervals[i - 1].t_end_s, std::nullopt});
    series.points.push_back({interval.t_start_s, interval.tflops});
    series.points.push_back({interval.t_end_s, interval.tflops});
  }
  svg::LineChart chart;
  chart.title = fmt::format("Burn throughput per interval ({} {}, {})", burn.precision, burn.load,
                            burn.implementation.empty() ? burn.backend : burn.implementation);
  chart.y_label = rate_unit(burn.precision);
  chart.y_from_zero = true;
  chart.series.push_back(std::move(series));
  chart.bands = load_band(gpu);
  if (range.valid()) {
    chart.x_min = range.min;
    chart.x_max = range.max;
  }
  std::string out = svg::render_line_chart(chart);
  if (burn.stability.mismatches > 0)
    out += fmt::format("<p><strong>{} of {} recomputed results differed from the first.</strong></p>\n",
                       burn.stability.mismatches, burn.stability.checks_done);
  return out;
}

std::string vram_histogram(const VramTestResult& vram) {
  svg::BarChart chart;
  chart.title = fmt::format("VRAM errors per failing bit position ({} errors)", vram.error_count);
  chart.x_label = "bit position in the 32-bit word";
  chart.y_label = "errors";
  chart.color = "#d62728";
  for (std::size_t bit = 0; bit < vram.bit_histogram.size(); ++bit)
    chart.bars.push_back({std::to_string(bit), static_cast<double>(vram.bit_histogram[bit]), std::nullopt, ""});
  return svg::render_bar_chart(chart);
}

template <std::size_t N>
std::vector<svg::Bar> throughput_bars(const GpuEntry& gpu, std::string_view operation,
                                      const std::string_view (&precisions)[N]) {
  std::vector<svg::Bar> bars;
  for (std::string_view precision : precisions) {
    auto best = best_throughput(gpu, operation, precision);
    if (!best) continue;
    svg::Bar bar{std::string(precision), best->value, best->spec_peak, fmt::format("{:.3g}", best->value)};
    if (best->fraction_of_peak) bar.note += fmt::format(" ({:.0f}% of peak)", *best->fraction_of_peak * 100);
    bars.push_back(std::move(bar));
  }
  return bars;
}

std::string compute_charts(const GpuEntry& gpu) {
  std::string out;
  auto gemm = throughput_bars(gpu, "gemm", kComputePrecisions);
  if (!gemm.empty()) {
    svg::BarChart chart;
    chart.title = "GEMM throughput per precision (best shape)";
    chart.y_label = "TFLOPS / TOPS";
    chart.reference_label = "spec peak";
    chart.bars = std::move(gemm);
    out += svg::render_bar_chart(chart);
  }
  auto attention = throughput_bars(gpu, "attention", kAttentionPrecisions);
  if (!attention.empty()) {
    svg::BarChart chart;
    chart.title = "Attention throughput per precision (best shape)";
    chart.y_label = "TFLOPS";
    chart.color = "#17becf";
    chart.reference_label = "spec peak";
    chart.bars = std::move(attention);
    out += svg::render_bar_chart(chart);
  }
  if (out.empty()) out = muted("Compute: no precision produced a result that matched its CPU reference.");
  return out;
}

// Bandwidth per copy size; x is log2 of the size so 4 KiB .. 256 MiB spread evenly.
std::string transfer_chart(const GpuEntry& gpu) {
  const auto& t = *gpu.measurements.transfers;
  if (t.samples.empty()) return muted("Transfers: no copy was measured.");
  svg::LineChart chart;
  chart.title = fmt::format("Host-device copies ({}, median per size)", t.backend);
  chart.x_label = "log2 of the copy size in bytes (12 = 4 KiB, 20 = 1 MiB, 28 = 256 MiB)";
  chart.y_label = "GB/s";
  chart.y_from_zero = true;
  struct Line {
    const char* direction;
    const char* memory;
    const char* name;
    const char* color;
  };
  static constexpr Line kLines[] = {
      {transfer_direction::host_to_device, host_memory_kind::pinned, "host to device, pinned", "#1f77b4"},
      {transfer_direction::device_to_host, host_memory_kind::pinned, "device to host, pinned", "#ff7f0e"},
      {transfer_direction::bidirectional, host_memory_kind::pinned, "both ways, pinned", "#2ca02c"},
      {transfer_direction::host_to_device, host_memory_kind::pageable, "host to device, pageable", "#9ecae1"},
      {transfer_direction::device_to_host, host_memory_kind::pageable, "device to host, pageable", "#fdae6b"},
  };
  for (const auto& line : kLines) {
    svg::LineSeries series{line.name, line.color, {}};
    for (const auto& sample : t.samples)
      if (sample.direction == line.direction && sample.host_memory == line.memory && sample.size_bytes > 0)
        series.points.push_back({std::log2(static_cast<double>(sample.size_bytes)), sample.median_bytes_per_s / 1e9});
    std::sort(series.points.begin(), series.points.end(),
              [](const svg::ChartPoint& a, const svg::ChartPoint& b) { return a.x < b.x; });
    if (!series.points.empty()) chart.series.push_back(std::move(series));
  }
  for (const auto& check : gpu.checks)
    if (check.id == "pcie.bandwidth")
      if (auto it = check.metrics.find("link_rate_bytes_per_s"); it != check.metrics.end())
        chart.references.push_back({"link rate after encoding", it->second.value / 1e9, kLimitColor});
  return svg::render_line_chart(chart);
}

}  // namespace

std::string html_gpu_charts(const GpuEntry& gpu) {
  std::string out;
  const TimeRange range = time_range(gpu);
  if (gpu.telemetry) {
    const auto& telemetry = *gpu.telemetry;
    if (telemetry.rows.empty() || !telemetry.column(telemetry_column::t_s)) {
      out += muted("Telemetry: the series is empty.");
    } else {
      out += power_chart(gpu, range);
      out += temperature_chart(gpu, range);
      out += clock_chart(gpu, range);
      out += clock_reason_timeline(gpu, range);
    }
    if (telemetry.error)
      out += muted(fmt::format("The sampler stopped at {:.1f} s: {}", telemetry.error->t_s, telemetry.error->message));
  }
  if (gpu.measurements.burn) out += burn_chart(gpu, range);
  if (gpu.measurements.vram && gpu.measurements.vram->error_count > 0) out += vram_histogram(*gpu.measurements.vram);
  if (gpu.measurements.transfers) out += transfer_chart(gpu);
  if (gpu.measurements.compute) out += compute_charts(gpu);
  if (out.empty()) return "";
  return "<div class=\"charts\">\n<h3>Charts</h3>\n" + out + "</div>\n";
}

}  // namespace rigcheck
