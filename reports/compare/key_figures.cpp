#include "reports/compare/key_figures.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/burn/burn_series.hpp"
#include "reports/compute/judge_compute.hpp"
#include "reports/spread.hpp"

namespace rigcheck {
namespace {

KeyFigure figure(std::string id, std::string label, std::string unit, double value, double low, double high,
                 FigureDirection direction = FigureDirection::higher_is_better) {
  if (low == 0 && high == 0) low = high = value;  // extremes not recorded: no spread known
  return {std::move(id), std::move(label), std::move(unit), value, std::min(low, value), std::max(high, value), direction};
}

void add_copy_bandwidth(std::vector<KeyFigure>& out, const Measurements& m) {
  if (!m.bandwidth || m.bandwidth->device_copies.empty()) return;
  const auto& best = *std::max_element(m.bandwidth->device_copies.begin(), m.bandwidth->device_copies.end(),
                                        [](const auto& a, const auto& b) { return a.median_bytes_per_s < b.median_bytes_per_s; });
  out.push_back(figure("vram_copy_bandwidth", "VRAM copy bandwidth", "bytes/s", best.median_bytes_per_s,
                       best.min_bytes_per_s, best.max_bytes_per_s));
}

void add_transfers(std::vector<KeyFigure>& out, const Measurements& m) {
  if (!m.transfers) return;
  for (const char* direction : {transfer_direction::host_to_device, transfer_direction::device_to_host}) {
    const TransferSample* best = nullptr;
    for (const auto& s : m.transfers->samples)
      if (s.direction == direction && s.host_memory == host_memory_kind::pinned &&
          (best == nullptr || s.median_bytes_per_s > best->median_bytes_per_s))
        best = &s;
    if (best != nullptr)
      out.push_back(figure(fmt::format("{}_bandwidth", direction), fmt::format("{} bandwidth (pinned)", direction),
                           "bytes/s", best->median_bytes_per_s, best->min_bytes_per_s, best->max_bytes_per_s));
  }
}

// The best median among the runs whose result matched the CPU.
template <class Measurement>
void add_throughput(std::vector<KeyFigure>& out, const std::vector<Measurement>& runs, const char* operation,
                    const char* label) {
  for (std::string_view precision : kComputePrecisions) {
    const Measurement* best = nullptr;
    for (const auto& r : runs)
      if (r.precision == precision && r.reference.passed() &&
          (best == nullptr || r.throughput.tflops_median > best->throughput.tflops_median))
        best = &r;
    if (best != nullptr)
      out.push_back(figure(fmt::format("{}_{}", operation, precision), fmt::format("{} {}", label, precision),
                           precision == "int8" ? "TOPS" : "TFLOPS", best->throughput.tflops_median,
                           best->throughput.tflops_min, best->throughput.tflops_max));
  }
}

void add_burn(std::vector<KeyFigure>& out, const GpuEntry& gpu) {
  if (!gpu.measurements.burn) return;
  const auto& burn = *gpu.measurements.burn;
  auto f = burn_figures(gpu);
  if (f.mean_power_w) out.push_back(figure("sustained_power", "sustained power", "W", *f.mean_power_w, 0, 0));
  if (f.peak_temp_c)
    out.push_back(figure("peak_temperature", "peak temperature", "celsius", *f.peak_temp_c, 0, 0,
                         FigureDirection::lower_is_better));
  if (f.mean_tflops) {
    auto steady_start = burn_windows(burn).steady_start_t_s;
    double low = *f.mean_tflops, high = *f.mean_tflops;
    for (const auto& i : burn.intervals)
      if (i.t_start_s >= steady_start) {
        low = std::min(low, i.tflops);
        high = std::max(high, i.tflops);
      }
    out.push_back(figure("burn_throughput", "burn throughput", burn.precision == "int8" ? "TOPS" : "TFLOPS",
                         *f.mean_tflops, low, high));
  }
}

}  // namespace

BurnFigures burn_figures(const GpuEntry& gpu) {
  BurnFigures f;
  if (!gpu.measurements.burn) return f;
  const auto& burn = *gpu.measurements.burn;
  const auto w = burn_windows(burn);
  f.mean_tflops = mean_tflops(burn, w.steady_start_t_s, w.load_end_t_s);
  if (gpu.telemetry) {
    const auto& t = *gpu.telemetry;
    f.mean_power_w = weighted_mean(t, window_rows(t, w.steady_start_t_s, w.load_end_t_s), telemetry_column::power_w);
    if (auto hottest = peak(t, window_rows(t, w.load_start_t_s, w.load_end_t_s), telemetry_column::temp_gpu_c))
      f.peak_temp_c = hottest->value;
  }
  return f;
}

std::vector<KeyFigure> key_figures(const GpuEntry& gpu) {
  std::vector<KeyFigure> out;
  const auto& m = gpu.measurements;
  add_copy_bandwidth(out, m);
  add_transfers(out, m);
  if (m.compute) {
    add_throughput(out, m.compute->gemm, "gemm", "GEMM");
    add_throughput(out, m.compute->attention, "attention", "attention");
  }
  add_burn(out, gpu);
  return out;
}

const KeyFigure* find_figure(const std::vector<KeyFigure>& figures, const std::string& id) {
  auto it = std::find_if(figures.begin(), figures.end(), [&](const KeyFigure& f) { return f.id == id; });
  return it == figures.end() ? nullptr : &*it;
}

std::string format_figure(const std::string& unit, double value) {
  if (unit == "bytes/s") return fmt::format("{:.1f} GB/s", value / 1e9);
  if (unit == "celsius") return fmt::format("{:.0f} °C", value);
  return fmt::format("{:.3g} {}", value, unit);
}

double worse_fraction(const KeyFigure& reference, double now) {
  if (reference.value == 0) return 0;
  double change = (now - reference.value) / reference.value;
  return reference.direction == FigureDirection::higher_is_better ? -change : change;
}

bool within_spread(const KeyFigure& figure, double value) { return value >= figure.low && value <= figure.high; }

std::optional<double> noisy_spread(const KeyFigure& figure) {
  const auto spread = relative_spread(figure.low, figure.value, figure.high);
  return is_noisy(spread) ? spread : std::nullopt;
}

bool regressed(const KeyFigure& reference, const KeyFigure& now, double tolerance) {
  if (worse_fraction(reference, now.value) <= tolerance) return false;
  // Ranges that overlap are the same figure measured twice.
  return reference.direction == FigureDirection::higher_is_better ? now.high < reference.low : now.low > reference.high;
}

}  // namespace rigcheck
