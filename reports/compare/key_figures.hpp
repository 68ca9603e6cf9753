#pragma once
// The key figures of one tested GPU, each with the spread its repeats measured: what a baseline
// and a fleet comparison hold cards against (VRAM copy bandwidth, host<->device bandwidth, GEMM
// and attention throughput per precision, sustained power, peak temperature, burn throughput).
// One table of figures; `compare`'s table, `--baseline` and `--fail-on-outlier` read it.
#include <optional>
#include <string>
#include <vector>

#include "reports/model.hpp"

namespace rigcheck {

enum class FigureDirection { higher_is_better, lower_is_better };

struct KeyFigure {
  std::string id;     // "gemm_fp32", "host_to_device_bandwidth", ...: baseline checks are baseline.<id>
  std::string label;  // "GEMM fp32"
  std::string unit;   // "bytes/s", "TFLOPS", "W", "celsius"
  double value = 0;   // the median (burn: mean over the steady window; temperature: the peak)
  double low = 0;     // the measured spread; low = high = value when there is one figure only
  double high = 0;
  FigureDirection direction = FigureDirection::higher_is_better;
};

std::vector<KeyFigure> key_figures(const GpuEntry& gpu);
const KeyFigure* find_figure(const std::vector<KeyFigure>& figures, const std::string& id);

// Burn figures over the steady window (warm-up left out, as the burn judges take them).
struct BurnFigures {
  std::optional<double> mean_power_w;
  std::optional<double> peak_temp_c;
  std::optional<double> mean_tflops;
};
BurnFigures burn_figures(const GpuEntry& gpu);

// "412.3 GB/s", "71 °C", "10.1 TFLOPS".
std::string format_figure(const std::string& unit, double value);

// How far `now` is from `reference` in the figure's bad direction, as a fraction of the
// reference (0.2: 20% worse; negative: better).
double worse_fraction(const KeyFigure& reference, double now);

// True when `value` lies inside the spread `figure`'s repeats measured (low..high): a difference
// that small is noise, "same".
bool within_spread(const KeyFigure& figure, double value);

// Worse by more than `tolerance` and outside the spread of both measurements: noise is "same".
bool regressed(const KeyFigure& reference, const KeyFigure& now, double tolerance);

// (high - low) / value when that is over 10% (reports/spread.hpp): the median is noisy.
std::optional<double> noisy_spread(const KeyFigure& figure);

}  // namespace rigcheck
