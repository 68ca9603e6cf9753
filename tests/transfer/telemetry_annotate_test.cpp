#include <gtest/gtest.h>

#include "reports/nvml/telemetry_annotate.hpp"

namespace rigcheck {
namespace {

// One row per 0.1 s from t = 0 to 9.9 s: SM clock 1531 MHz, dropping to 1000 MHz in 4.0–4.9 s;
// temperature rising 1 °C per second from 60 °C.
Telemetry series() {
  Telemetry t;
  t.columns = {"t_s", "sm_clock_mhz", "temp_gpu_c"};
  for (int i = 0; i < 100; ++i) {
    const double time = 0.1 * i;
    const double clock = (i >= 40 && i < 50) ? 1000 : 1531;
    t.rows.push_back({time, clock, 60 + static_cast<int>(time)});
  }
  return t;
}

GemmMeasurement gemm(std::optional<double> start, std::optional<double> end) {
  GemmMeasurement g;
  g.precision = "fp32";
  g.throughput.window_start_s = start;
  g.throughput.window_end_s = end;
  return g;
}

TEST(TelemetryAnnotate, SmClockOverEachComputeWindow) {
  GpuEntry gpu;
  gpu.telemetry = series();
  ComputeResult compute;
  compute.gemm = {gemm(1.0, 3.0), gemm(3.55, 4.55), gemm(std::nullopt, std::nullopt), gemm(20.0, 21.0)};
  gpu.measurements.compute = compute;
  annotate_from_telemetry(gpu);
  const auto& g = gpu.measurements.compute->gemm;
  EXPECT_EQ(g[0].throughput.sm_clock_mhz_median, 1531);
  EXPECT_EQ(g[0].throughput.sm_clock_mhz_min, 1531);
  EXPECT_EQ(g[1].throughput.sm_clock_mhz_min, 1000);  // the throttled samples show
  EXPECT_FALSE(g[2].throughput.sm_clock_mhz_median);  // no window: nothing claimed
  EXPECT_FALSE(g[3].throughput.sm_clock_mhz_median);  // outside the series
}

TEST(TelemetryAnnotate, TemperatureAtEachVramErrorRecord) {
  GpuEntry gpu;
  gpu.telemetry = series();
  VramTestResult vram;
  vram.telemetry_start_s = 2.0;
  vram.records.push_back({0, 0x40, 1, 0, 0, "own_address", 1, 3.0, std::nullopt});   // t = 5.0 s
  vram.records.push_back({0, 0x80, 1, 0, 0, "own_address", 1, 30.0, std::nullopt});  // after the series
  gpu.measurements.vram = vram;
  annotate_from_telemetry(gpu);
  const auto& records = gpu.measurements.vram->records;
  ASSERT_TRUE(records[0].temperature_celsius);
  EXPECT_EQ(*records[0].temperature_celsius, 65);
  EXPECT_FALSE(records[1].temperature_celsius);
}

TEST(TelemetryAnnotate, WithoutSeriesNothingChanges) {
  GpuEntry gpu;
  ComputeResult compute;
  compute.gemm = {gemm(1.0, 3.0)};
  gpu.measurements.compute = compute;
  annotate_from_telemetry(gpu);
  EXPECT_FALSE(gpu.measurements.compute->gemm[0].throughput.sm_clock_mhz_median);
}

}  // namespace
}  // namespace rigcheck
