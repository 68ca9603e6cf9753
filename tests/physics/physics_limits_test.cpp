// Where the physical limits come from, and the SM clock read from the NVML series at judging time.
#include <gtest/gtest.h>

#include "physics_test_entries.hpp"
#include "reports/compute/sm_clock_window.hpp"
#include "reports/judge/judge.hpp"
#include "reports/judge/physics_limits.hpp"
#include "reports/report_json.hpp"

namespace rigcheck {
namespace {

using testing::gemm_at;
using testing::p40_entry;
using testing::with_gemm;

// One row per 0.1 s from t = 0 to 9.9 s: SM clock 1531 MHz, dropping to 1000 MHz in 4.0–4.9 s.
Telemetry clock_series() {
  Telemetry t;
  t.columns = {"t_s", "sm_clock_mhz"};
  for (int i = 0; i < 100; ++i) t.rows.push_back({0.1 * i, (i >= 40 && i < 50) ? 1000.0 : 1531.0});
  return t;
}

Throughput window(std::optional<double> start, std::optional<double> end) {
  Throughput t;
  t.window_start_s = start;
  t.window_end_s = end;
  return t;
}

TEST(SmClockOverWindow, ReadFromTheSeries) {
  const Telemetry t = clock_series();
  const auto steady = sm_clock_over_window(window(1.0, 3.0), &t);
  ASSERT_TRUE(steady);
  EXPECT_EQ(steady->median_mhz, 1531);
  EXPECT_EQ(steady->min_mhz, 1531);
  const auto throttled = sm_clock_over_window(window(3.55, 4.55), &t);
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->min_mhz, 1000);  // the throttled samples show
  EXPECT_FALSE(sm_clock_over_window(window(std::nullopt, std::nullopt), &t));  // no window: nothing claimed
  EXPECT_FALSE(sm_clock_over_window(window(20.0, 21.0), &t));                  // outside the series
  EXPECT_FALSE(sm_clock_over_window(window(1.0, 3.0), nullptr));
}

TEST(SmClockOverWindow, AnOlderReportsStoredFiguresAreUsedWithoutASeries) {
  Throughput t = window(1.0, 3.0);
  t.sm_clock_mhz_median = 1400;
  t.sm_clock_mhz_min = 1300;
  const auto clock = sm_clock_over_window(t, nullptr);
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->median_mhz, 1400);
  EXPECT_EQ(clock->min_mhz, 1300);
}

TEST(SmClockOverWindow, JudgingLeavesTheStoredMeasurementAsItWas) {
  auto g = gemm_at(5.0);
  g.throughput.window_start_s = 1.0;
  g.throughput.window_end_s = 3.0;
  Report report;
  report.gpus.push_back(with_gemm(p40_entry(), g));
  report.gpus[0].telemetry = clock_series();
  const Report judged = judge(report, Policy{});
  const auto& stored = judged.gpus[0].measurements.compute->gemm[0].throughput;
  EXPECT_FALSE(stored.sm_clock_mhz_median);
  EXPECT_FALSE(stored.sm_clock_mhz_min);
  // ...yet the judge read the clock from the series.
  bool shown = false;
  for (const auto& c : judged.gpus[0].checks)
    for (const auto& e : c.evidence) shown = shown || e.find("SM clock median 1531 MHz") != std::string::npos;
  EXPECT_TRUE(shown);
}

TEST(PhysicsLimits, TableCardsUseTheTable) {
  const CardSpec* p40 = find_card_by_key("p40");
  ASSERT_NE(p40, nullptr);
  const auto bandwidth = memory_bandwidth_limit(p40_entry(), p40);
  ASSERT_TRUE(bandwidth);
  EXPECT_DOUBLE_EQ(bandwidth->value, p40->memory_bandwidth_gbps * 1e9);
  EXPECT_NE(bandwidth->source.find("card table"), std::string::npos);
  const auto peak = compute_peak(p40_entry(), p40, "fp32", "fp32", "cublas", gemm_at(1.0).throughput);
  ASSERT_TRUE(peak);
  EXPECT_NEAR(peak->tflops, p40->fp32_tflops, 0.01);  // 30 SMs x 256 x 1531 MHz
  EXPECT_EQ(peak->clock_mhz, 1531);
}

TEST(PhysicsLimits, NvmlMemoryClockTimesBusWidth) {
  GpuEntry gpu = p40_entry();
  NvmlFacts nvml;
  nvml.max_mem_clock_mhz = NvmlValue<int>::measured(877);
  nvml.memory_bus_width_bits = NvmlValue<int>::measured(4096);  // HBM2 of a V100: 898 GB/s
  gpu.nvml = nvml;
  const auto bandwidth = memory_bandwidth_limit(gpu, nullptr);
  ASSERT_TRUE(bandwidth);
  EXPECT_NEAR(bandwidth->value, 898.0e9, 1e9);
  nvml.memory_bus_width_bits = NvmlValue<int>::not_supported("old driver");
  gpu.nvml = nvml;
  EXPECT_FALSE(memory_bandwidth_limit(gpu, nullptr));
}

TEST(PhysicsLimits, ACardNotInTheTableIsBoundByItsArchitectureAndSmCount) {
  const GpuEntry gpu = testing::unlisted_ampere_entry();
  ASSERT_EQ(find_card(gpu.pci.vendor_id, gpu.pci.device_id), nullptr);
  const auto tensor = compute_peak(gpu, nullptr, "fp16", "fp32", "cublas", Throughput{});
  ASSERT_TRUE(tensor);
  EXPECT_NEAR(tensor->tflops, 84 * 1024 * 1800e6 / 1e12, 1e-9);  // 154.8 TFLOPS
  EXPECT_EQ(tensor->arithmetic, "fp16 tensor cores, fp32 accumulate");
  EXPECT_EQ(tensor->clock_mhz, 1800);
  EXPECT_NE(tensor->rate_source.find("compute capability 8.6 (Ampere GA10x), 84 SMs (CUDA device properties): 128 "
                                     "fp32 lanes per SM; 1024 ops per clock per SM"),
            std::string::npos)
      << tensor->rate_source;
  const auto int8 = compute_peak(gpu, nullptr, "int8", "int32", "cublaslt", Throughput{});
  ASSERT_TRUE(int8);
  EXPECT_NEAR(int8->tflops, 84 * 2048 * 1800e6 / 1e12, 1e-9);
  EXPECT_EQ(int8->arithmetic, "int8 tensor cores");
  const auto fp32 = compute_peak(gpu, nullptr, "fp32", "fp32", "cublas", Throughput{});
  ASSERT_TRUE(fp32);
  EXPECT_NEAR(fp32->tflops, 84 * 256 * 1800e6 / 1e12, 1e-9);
  // No fp8 on Ampere: no arithmetic, no bound.
  EXPECT_FALSE(compute_peak(gpu, nullptr, "fp8", "fp32", "cublaslt", Throughput{}));
}

TEST(PhysicsLimits, HalfTwoAndDp4aOfAnUnlistedPascalComeFromItsArchitecture) {
  GpuEntry gp100 = testing::unlisted_ampere_entry(56);
  gp100.compute_capability = "6.0";
  const auto half2 = compute_peak(gp100, nullptr, "fp16", "fp16", "cublas", Throughput{});
  ASSERT_TRUE(half2);
  EXPECT_EQ(half2->arithmetic, "fp16 units (half2)");
  EXPECT_NEAR(half2->tflops, 56 * 256 * 1800e6 / 1e12, 1e-9);  // twice the fp32 rate
  GpuEntry gp102 = testing::unlisted_ampere_entry(30);
  gp102.compute_capability = "6.1";
  const auto slow_half2 = compute_peak(gp102, nullptr, "fp16", "fp16", "cublas", Throughput{});
  ASSERT_TRUE(slow_half2);
  EXPECT_NEAR(slow_half2->tflops, 30 * 4 * 1800e6 / 1e12, 1e-9);  // 1/64 of the fp32 rate
  const auto dp4a = compute_peak(gp102, nullptr, "int8", "int32", "cublas", Throughput{});
  ASSERT_TRUE(dp4a);
  EXPECT_EQ(dp4a->arithmetic, "DP4A int8");
  EXPECT_NEAR(dp4a->tflops, 30 * 1024 * 1800e6 / 1e12, 1e-9);
  // fp16 data with fp32 accumulate on Pascal runs on the FP32 units: held to the fp32 peak.
  const auto fp32_units = compute_peak(gp102, nullptr, "fp16", "fp32", "cublas", Throughput{});
  ASSERT_TRUE(fp32_units);
  EXPECT_EQ(fp32_units->arithmetic, "fp32");
}

TEST(PhysicsLimits, WithoutAnSmCountTheNvmlCoreCountGivesIt) {
  const GpuEntry gpu = testing::unlisted_ampere_entry(std::nullopt);
  const auto peak = compute_peak(gpu, nullptr, "bf16", "fp32", "cublas", Throughput{});
  ASSERT_TRUE(peak);
  EXPECT_NEAR(peak->tflops, 84 * 1024 * 1800e6 / 1e12, 1e-9);  // 10752 cores / 128 lanes = 84 SMs
  EXPECT_NE(peak->rate_source.find("84 SMs (NVML: 10752 CUDA cores / 128 fp32 lanes per SM)"), std::string::npos)
      << peak->rate_source;
  // A core count that is no whole number of SMs: the SM count is not derived; fp32 units only.
  GpuEntry odd = gpu;
  odd.nvml->gpu_core_count = NvmlValue<int>::measured(10750);
  EXPECT_FALSE(compute_peak(odd, nullptr, "bf16", "fp32", "cublas", Throughput{}));
  EXPECT_TRUE(compute_peak(odd, nullptr, "fp32", "fp32", "cublas", Throughput{}));
}

TEST(PhysicsLimits, AnArchitectureTheTableLacksKeepsTheCoreCountBound) {
  GpuEntry gpu = testing::unlisted_ampere_entry();
  gpu.compute_capability = "12.0";
  EXPECT_FALSE(compute_peak(gpu, nullptr, "fp16", "fp32", "cublas", Throughput{}));
  const auto fp32 = compute_peak(gpu, nullptr, "fp32", "fp32", "cublas", Throughput{});
  ASSERT_TRUE(fp32);
  EXPECT_NE(fp32->rate_source.find("NVML: 10752 CUDA cores x 2"), std::string::npos) << fp32->rate_source;
}

TEST(PhysicsLimits, ATableCardKeepsItsTableFiguresWhateverItsFacts) {
  GpuEntry gpu = p40_entry();
  gpu.compute_capability = "6.1";
  gpu.sm_count = 99;  // a wrong count must not move the table's peak
  const auto peak = compute_peak(gpu, find_card_by_key("p40"), "fp32", "fp32", "cublas", Throughput{});
  ASSERT_TRUE(peak);
  EXPECT_NEAR(peak->tflops, find_card_by_key("p40")->fp32_tflops, 0.01);
  EXPECT_EQ(peak->rate_source, "Tesla P40 (card table)");
}

TEST(PhysicsLimits, TensorWorkOnACardNotInTheTableHasNoBound) {
  GpuEntry gpu = p40_entry();
  NvmlFacts nvml;
  nvml.gpu_core_count = NvmlValue<int>::measured(3840);
  nvml.max_sm_clock_mhz = NvmlValue<int>::measured(1531);
  gpu.nvml = nvml;
  EXPECT_FALSE(compute_peak(gpu, nullptr, "fp16", "fp32", "cublas", Throughput{}));  // tensor cores or not: unknown
  EXPECT_TRUE(compute_peak(gpu, nullptr, "fp16", "fp32", "vulkan-tiled", Throughput{}));  // our shader: fp32 units
}

}  // namespace
}  // namespace rigcheck
