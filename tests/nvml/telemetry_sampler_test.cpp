// The real sampler thread against the fake NVML.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "probes/nvml/nvml_probe.hpp"
#include "probes/nvml/telemetry_sampler.hpp"
#include "reports/nvml/pcie_findings.hpp"
#include "tests/nvml/fake_scenario.hpp"

namespace rigcheck {
namespace {

using namespace std::chrono_literals;

std::vector<std::pair<std::string, Telemetry>> sample_for(const NvmlProbe& probe, std::chrono::milliseconds run,
                                                          std::chrono::milliseconds interval = 10ms) {
  TelemetrySampler sampler(probe.session);
  EXPECT_TRUE(sampler.start(interval));
  std::this_thread::sleep_for(run);
  return sampler.stop();
}

TEST(TelemetrySampler, RecordsEveryGpuWithMonotonicTimestamps) {
  test::use_scenario("p40_healthy_ecc_off");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  ASSERT_TRUE(probe.session);
  auto series = sample_for(probe, 200ms);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].first, "0000:13:00.0");
  const Telemetry& t = series[0].second;
  EXPECT_DOUBLE_EQ(t.interval_s, 0.01);
  EXPECT_EQ(t.decimation, 1);
  ASSERT_EQ(t.columns.size(), 13u);
  EXPECT_EQ(t.columns[0], "t_s");
  EXPECT_FALSE(t.error);
  ASSERT_GE(t.rows.size(), 5u);
  for (std::size_t i = 1; i < t.rows.size(); ++i) EXPECT_GT(*t.rows[i][0], *t.rows[i - 1][0]);

  const auto power = *t.column("power_w");
  EXPECT_DOUBLE_EQ(*t.rows[0][power], 51.0);  // milliwatts -> watts
  EXPECT_DOUBLE_EQ(*t.rows.back()[power], 248.0);
  const auto reasons = *t.column("clock_event_reasons");
  EXPECT_DOUBLE_EQ(*t.rows.back()[reasons], 12.0);
  // A passive card has no fan: null cells and the reason, never 0.
  const auto fan = *t.column("fan_pct");
  for (const auto& row : t.rows) EXPECT_FALSE(row[fan].has_value());
  EXPECT_EQ(t.unavailable.at("fan_pct"), "not supported on this device");
  EXPECT_EQ(t.unavailable.at("temp_mem_c"), "not supported on this device");
}

TEST(TelemetrySampler, ADeviceLostMidRunEndsItsSeriesWithAnErrorAndTheOthersGoOn) {
  test::use_scenario("device_lost_mid_sampling");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  ASSERT_TRUE(probe.session);
  auto series = sample_for(probe, 150ms);
  ASSERT_EQ(series.size(), 2u);
  const Telemetry& good = series[0].second;
  const Telemetry& lost = series[1].second;
  EXPECT_FALSE(good.error);
  EXPECT_GT(good.rows.size(), 5u);
  ASSERT_TRUE(lost.error);
  EXPECT_EQ(lost.rows.size(), 3u);  // the scenario fails after 3 samples
  EXPECT_NE(lost.error->message.find("NVML_ERROR_GPU_IS_LOST"), std::string::npos);
  EXPECT_GE(lost.error->t_s, *lost.rows.back()[0]);
}

TEST(TelemetrySampler, ReplayCounterClimbingUnderLoadFailsThePolicy) {
  test::use_scenario("replay_climbing");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  ASSERT_EQ(probe.devices.size(), 1u);
  auto series = sample_for(probe, 250ms);
  ASSERT_EQ(series.size(), 1u);
  GpuEntry gpu;
  gpu.nvml = probe.devices[0].second;
  gpu.telemetry = series[0].second;
  ASSERT_GE(gpu.telemetry->rows.size(), 6u);
  auto replay = replay_counter_finding(gpu, Policy{});
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, CheckStatus::fail);
  // The facts read took 1200; the sampler saw 1210 .. 1450.
  EXPECT_DOUBLE_EQ(replay->metrics.at("pcie_replay_growth").value, 240.0);
  auto link = link_under_load_finding(gpu, Policy{});
  ASSERT_TRUE(link);
  EXPECT_EQ(link->status, CheckStatus::fail);  // Gen1 under load on a Gen3 link
}

TEST(TelemetrySampler, OldDriverSamplesThroughTheThrottleReasonsName) {
  test::use_scenario("old_driver");
  auto probe = probe_nvml(FAKE_NVML_OLD_PATH);
  auto series = sample_for(probe, 60ms);
  ASSERT_EQ(series.size(), 1u);
  const Telemetry& t = series[0].second;
  ASSERT_FALSE(t.rows.empty());
  EXPECT_TRUE(t.rows[0][*t.column("clock_event_reasons")].has_value());
  EXPECT_EQ(t.unavailable.at("temp_mem_c"), "driver lacks nvmlDeviceGetFieldValues");
}

TEST(TelemetrySampler, TimeTracesAndMemoryTemperature) {
  test::use_scenario("h100_ecc_clean");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  auto series = sample_for(probe, 150ms);
  ASSERT_EQ(series.size(), 1u);
  const Telemetry& t = series[0].second;
  ASSERT_FALSE(t.rows.empty());
  EXPECT_DOUBLE_EQ(*t.rows[0][*t.column("temp_mem_c")], 48.0);
  EXPECT_DOUBLE_EQ(*t.rows.back()[*t.column("power_w")], 348.0);
}

TEST(TelemetrySampler, StartStopRules) {
  TelemetrySampler none(nullptr);
  EXPECT_FALSE(none.start());
  EXPECT_TRUE(none.stop().empty());

  test::use_scenario("p40_healthy_ecc_off");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  TelemetrySampler sampler(probe.session);
  EXPECT_FALSE(sampler.start(0ms));
  EXPECT_TRUE(sampler.start(5ms));
  EXPECT_FALSE(sampler.start(5ms));  // already running
  EXPECT_TRUE(sampler.running());
  auto first = sampler.stop();
  EXPECT_FALSE(sampler.running());
  EXPECT_EQ(first.size(), 2u);
  EXPECT_TRUE(sampler.start(5ms));  // restartable; the destructor stops it
}

TEST(TelemetrySampler, StopIsPromptEvenWithALongInterval) {
  test::use_scenario("p40_healthy_ecc_off");
  auto probe = probe_nvml(FAKE_NVML_PATH);
  TelemetrySampler sampler(probe.session);
  ASSERT_TRUE(sampler.start(10s));
  std::this_thread::sleep_for(20ms);
  const auto t0 = std::chrono::steady_clock::now();
  auto series = sampler.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].second.rows.size(), 1u);  // the sample taken at start
}

TEST(TelemetrySampler, SessionOutlivesTheProbeWhileSampling) {
  test::use_scenario("p40_healthy_ecc_off");
  TelemetrySampler sampler(probe_nvml(FAKE_NVML_PATH).session);  // the probe result dies here
  ASSERT_TRUE(sampler.start(5ms));
  std::this_thread::sleep_for(30ms);
  auto series = sampler.stop();
  ASSERT_EQ(series.size(), 2u);
  EXPECT_GE(series[0].second.rows.size(), 2u);
}

}  // namespace
}  // namespace rigcheck
