#pragma once
// Series fixtures for the burn judges: a Tesla P40 under a sustained GEMM, sampled once a second,
// written as functions of time so each fixture reads like the machine it stands for.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>

#include "reports/burn_result.hpp"
#include "reports/model.hpp"

namespace rigcheck::burn_fixtures {

template <class T>
NvmlValue<T> m(T v) {
  return NvmlValue<T>::measured(v);
}

// NVML facts of a real P40 (its data sheet): 250 W limit, slowdown 92 °C, shutdown 95 °C, 1531 MHz.
inline GpuEntry p40(int index = 0) {
  GpuEntry gpu;
  gpu.index = index;
  gpu.name = "Tesla P40";
  NvmlFacts f;
  f.nvml_index = index;
  f.name = m<std::string>("Tesla P40");
  f.power_limit_default_watts = m(250.0);
  f.power_limit_enforced_watts = m(250.0);
  f.power_limit_min_watts = m(125.0);
  f.power_limit_max_watts = m(250.0);
  f.temp_slowdown_celsius = m(92);
  f.temp_shutdown_celsius = m(95);
  f.max_sm_clock_mhz = m(1531);
  gpu.nvml = f;
  return gpu;
}

struct Sample {
  std::optional<double> power_w;
  std::optional<double> temp_c;
  std::optional<double> sm_mhz;
  std::optional<std::uint64_t> reasons;  // clock-event-reason bit mask
  std::optional<double> fan_pct;         // nullopt on passive cards (NVML: not supported)
};

// One row per `step_s` from 0 to end_s; `at(t)` gives the sample. A passive card (no fan in any
// sample) gets the fan column marked unavailable, as the sampler does.
inline Telemetry series(double end_s, const std::function<Sample(double)>& at, double step_s = 1.0) {
  Telemetry t;
  t.interval_s = step_s;
  t.columns = {"t_s", "power_w", "temp_gpu_c", "sm_clock_mhz", "clock_event_reasons", "fan_pct"};
  bool any_fan = false;
  for (double s = 0; s <= end_s + 1e-9; s += step_s) {
    const auto x = at(s);
    std::optional<double> mask;
    if (x.reasons) mask = static_cast<double>(*x.reasons);
    any_fan = any_fan || x.fan_pct.has_value();
    t.rows.push_back({s, x.power_w, x.temp_c, x.sm_mhz, mask, x.fan_pct});
  }
  if (!any_fan) t.unavailable["fan_pct"] = "not supported on this device";
  return t;
}

// A burn from load_start_s for seconds, one throughput interval per 5 s.
inline BurnResult burn(double seconds, const std::function<double(double)>& tflops_at, double load_start_s = 1.0) {
  BurnResult b;
  b.backend = "cuda";
  b.device_name = "Tesla P40";
  b.precision = "fp32";
  b.implementation = "cublas";
  b.matrix_size = 8192;
  b.flops_per_run = 2.0 * 8192.0 * 8192.0 * 8192.0;
  b.duration_requested_s = seconds;
  b.duration_achieved_s = seconds;
  b.load_start_t_s = load_start_s;
  b.load_end_t_s = load_start_s + seconds;
  for (double s = load_start_s; s + 1e-9 < b.load_end_t_s; s += 5.0) {
    const double end = std::min(s + 5.0, b.load_end_t_s);
    b.intervals.push_back({s, end, tflops_at(0.5 * (s + end))});
  }
  b.stability.checks_done = static_cast<std::uint64_t>(seconds / 2);
  b.stability.record_capacity = 16;
  return b;
}

// Warming towards `to` from `from` with time constant tau_s.
inline double warm(double t, double from, double to, double tau_s) { return to - (to - from) * std::exp(-t / tau_s); }

// Deterministic noise in [-1, 1] (mt19937's raw output is the same on every platform).
class Noise {
 public:
  explicit Noise(std::uint32_t seed) : engine_(seed) {}
  double operator()() { return static_cast<double>(engine_()) / 4294967295.0 * 2.0 - 1.0; }

 private:
  std::mt19937 engine_;
};

}  // namespace rigcheck::burn_fixtures
