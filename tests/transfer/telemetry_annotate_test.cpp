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

TEST(TelemetryAnnotate, ComputeMeasurementsAreNotWrittenBack) {
  // The judge reads the SM clock over a window from the series (tests/physics/): the stored
  // measurement stays as it was measured.
  GpuEntry gpu;
  gpu.telemetry = series();
  ComputeResult compute;
  compute.gemm.emplace_back();
  compute.gemm[0].throughput.window_start_s = 1.0;
  compute.gemm[0].throughput.window_end_s = 3.0;
  gpu.measurements.compute = compute;
  annotate_from_telemetry(gpu);
  EXPECT_FALSE(gpu.measurements.compute->gemm[0].throughput.sm_clock_mhz_median);
  EXPECT_FALSE(gpu.measurements.compute->gemm[0].throughput.sm_clock_mhz_min);
}

}  // namespace
}  // namespace rigcheck
