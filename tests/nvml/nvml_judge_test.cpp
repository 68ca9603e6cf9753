// The NVML judgements from fixtures: the machine, and the advice a person should get.
#include <gtest/gtest.h>

#include "reports/nvml/clock_reasons.hpp"
#include "reports/nvml/nvml_driver.hpp"
#include "reports/nvml/pcie_findings.hpp"
#include "reports/nvml/vram_ecc.hpp"

namespace rigcheck {
namespace {

template <class T>
NvmlValue<T> m(T v) {
  return NvmlValue<T>::measured(v);
}

GpuEntry p40(bool ecc_on) {
  GpuEntry gpu;
  NvmlFacts f;
  f.bdf = "0000:13:00.0";
  f.ecc_enabled_current = m(ecc_on);
  f.ecc_enabled_pending = m(ecc_on);
  f.retired_pages_pending = m(false);
  f.remapped_rows_pending = NvmlValue<bool>::not_supported("not supported on this device");
  f.pcie_gen_max = m(3);
  f.pcie_width_max = m(16);
  f.power_limit_enforced_watts = m(250.0);
  if (ecc_on) {
    f.ecc_volatile_corrected = m<std::uint64_t>(0);
    f.ecc_volatile_uncorrected = m<std::uint64_t>(0);
    f.ecc_aggregate_uncorrected = m<std::uint64_t>(0);
  }
  gpu.nvml = f;
  return gpu;
}

// Rows of (t, util, power, gen, width, replay, reasons).
Telemetry series(const std::vector<std::array<double, 7>>& rows) {
  Telemetry t;
  t.columns = {"t_s", "util_gpu_pct", "power_w", "pcie_gen", "pcie_width", "pcie_replay_count", "clock_event_reasons"};
  for (const auto& r : rows) t.rows.push_back({r[0], r[1], r[2], r[3], r[4], r[5], r[6]});
  return t;
}

TEST(VramEcc, EccOffSkipsAndPointsAtTheVramTest) {
  auto check = judge_vram_ecc(p40(false), Policy{});
  EXPECT_EQ(check.id, "vram.ecc");
  EXPECT_EQ(check.status, CheckStatus::skip);
  EXPECT_NE(check.summary.find("invisible to the driver"), std::string::npos);
  EXPECT_NE(check.summary.find("vram.integrity"), std::string::npos);
}

TEST(VramEcc, PendingRetiredPagesFailWithRebootAdvice) {
  auto gpu = p40(true);
  gpu.nvml->retired_pages_pending = m(true);
  gpu.nvml->retired_pages_double_bit = m<std::uint64_t>(2);
  gpu.nvml->ecc_volatile_uncorrected = m<std::uint64_t>(2);
  auto check = judge_vram_ecc(gpu, Policy{});
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_NE(check.summary.find("pending retirement"), std::string::npos);
  ASSERT_FALSE(check.advice.empty());
  EXPECT_NE(check.advice[0].find("Reboot"), std::string::npos);
  EXPECT_EQ(check.metrics.at("retired_pages_double_bit").value, 2.0);
}

TEST(VramEcc, CorrectedCountAbovePolicyWarns) {
  auto gpu = p40(true);
  gpu.nvml->ecc_volatile_corrected = m<std::uint64_t>(101);
  EXPECT_EQ(judge_vram_ecc(gpu, Policy{}).status, CheckStatus::warn);
  gpu.nvml->ecc_volatile_corrected = m<std::uint64_t>(100);
  EXPECT_EQ(judge_vram_ecc(gpu, Policy{}).status, CheckStatus::pass);
}

TEST(VramEcc, NoNvmlOrNoEccSkipWithTheReason) {
  GpuEntry none;
  auto check = judge_vram_ecc(none, Policy{});
  EXPECT_EQ(check.status, CheckStatus::skip);
  EXPECT_NE(check.summary.find("no NVML facts"), std::string::npos);
  auto geforce = p40(false);
  geforce.nvml->ecc_enabled_current = NvmlValue<bool>::not_supported("not supported on this device");
  EXPECT_NE(judge_vram_ecc(geforce, Policy{}).summary.find("no ECC"), std::string::npos);
}

TEST(ReplayCounter, GrowthAgainstThePolicy) {
  auto gpu = p40(false);
  EXPECT_FALSE(replay_counter_finding(gpu, Policy{}));  // no series
  gpu.telemetry = series({{0, 100, 240, 3, 16, 1000, 0}, {60, 100, 240, 3, 16, 1005, 0}});
  EXPECT_EQ(replay_counter_finding(gpu, Policy{})->status, CheckStatus::pass);
  gpu.telemetry = series({{0, 100, 240, 3, 16, 1000, 0}, {60, 100, 240, 3, 16, 1009, 0}});
  auto warn = replay_counter_finding(gpu, Policy{});
  EXPECT_EQ(warn->status, CheckStatus::warn);
  EXPECT_NE(warn->advice[0].find("riser"), std::string::npos);
  gpu.telemetry = series({{0, 100, 240, 3, 16, 1000, 0}, {60, 100, 240, 3, 16, 1081, 0}});
  EXPECT_EQ(replay_counter_finding(gpu, Policy{})->status, CheckStatus::fail);
  gpu.telemetry = series({{0, 100, 240, 3, 16, 1000, 0}, {60, 100, 240, 3, 16, 1080, 0}});
  EXPECT_EQ(replay_counter_finding(gpu, Policy{})->status, CheckStatus::warn);  // 80 is not above 80
}

TEST(LinkUnderLoad, IdleDownshiftIsNotAFinding) {
  auto gpu = p40(false);
  gpu.telemetry = series({{0, 0, 50, 1, 16, 0, 1}, {1, 0, 50, 1, 16, 0, 1}});
  EXPECT_FALSE(link_under_load_finding(gpu, Policy{}));
  gpu.telemetry = series({{0, 0, 50, 1, 16, 0, 1}, {1, 100, 240, 3, 16, 0, 0}});
  auto f = link_under_load_finding(gpu, Policy{});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, CheckStatus::pass);
}

TEST(LinkUnderLoad, SlowOrNarrowLinkUnderLoad) {
  auto gpu = p40(false);
  // Busy by power alone (util column null-free but low), trained at Gen1.
  gpu.telemetry = series({{0, 10, 200, 1, 16, 0, 0}, {1, 10, 210, 1, 16, 0, 0}});
  auto slow = link_under_load_finding(gpu, Policy{});
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->status, CheckStatus::fail);
  EXPECT_NE(slow->summary.find("Gen1"), std::string::npos);
  gpu.telemetry = series({{0, 100, 240, 3, 8, 0, 0}});
  EXPECT_EQ(link_under_load_finding(gpu, Policy{})->status, CheckStatus::fail);  // x8 of x16
  gpu.telemetry = series({{0, 100, 240, 3, 12, 0, 0}});
  EXPECT_EQ(link_under_load_finding(gpu, Policy{})->status, CheckStatus::warn);
}

TEST(NvmlDriver, InitFailureGivesTheMessageAndTheFix) {
  NvmlSystemFacts s;
  EXPECT_FALSE(nvml_driver_finding(s));  // no library: host.driver decides
  s.loaded = true;
  s.library = "libnvidia-ml.so.1";
  s.init_error = "NVML_ERROR_DRIVER_NOT_LOADED: Driver Not Loaded";
  s.fix_hint = "the nvidia kernel module is not loaded (see host.driver)";
  auto f = nvml_driver_finding(s);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, CheckStatus::fail);
  EXPECT_NE(f->summary.find("Driver Not Loaded"), std::string::npos);
  EXPECT_EQ(f->advice.at(0), *s.fix_hint);
  s.initialized = true;
  s.init_error.reset();
  s.device_count = m(1);
  EXPECT_EQ(nvml_driver_finding(s)->status, CheckStatus::pass);
  s.problems = {"device 1: nvmlDeviceGetHandleByIndex failed: NVML_ERROR_INSUFFICIENT_POWER"};
  EXPECT_EQ(nvml_driver_finding(s)->status, CheckStatus::warn);
}

TEST(ClockReasons, BitsAreTestedNotCompared) {
  // 0xC = SW power cap + HW slowdown at once: it counts for both.
  auto t = series({{0, 0, 0, 0, 0, 0, 0x4}, {1, 0, 0, 0, 0, 0, 0xC}, {2, 0, 0, 0, 0, 0, 0x88}, {3, 0, 0, 0, 0, 0, 0}});
  auto s = clock_event_reason_shares(t);
  EXPECT_EQ(s.samples, 4u);
  EXPECT_DOUBLE_EQ(s.seconds, 4.0);
  EXPECT_DOUBLE_EQ(s.sw_power_cap, 0.5);
  EXPECT_DOUBLE_EQ(s.hw_slowdown, 0.5);
  EXPECT_DOUBLE_EQ(s.hw_power_brake, 0.25);
  EXPECT_DOUBLE_EQ(s.hw_thermal, 0.0);
  auto window = clock_event_reason_shares(t, 1.0, 3.0);
  EXPECT_EQ(window.samples, 2u);
  EXPECT_DOUBLE_EQ(window.hw_slowdown, 1.0);
}

TEST(ClockReasons, TimeWeightedAcrossGaps) {
  // The first state lasted 3 s, the others 1 s each (the median step weighs the last row).
  auto t = series({{0, 0, 0, 0, 0, 0, 0x40}, {3, 0, 0, 0, 0, 0, 0}, {4, 0, 0, 0, 0, 0, 0}, {5, 0, 0, 0, 0, 0, 0}});
  auto s = clock_event_reason_shares(t);
  EXPECT_DOUBLE_EQ(s.hw_thermal, 0.5);
  EXPECT_TRUE(clock_event_reason_shares(Telemetry{}).all().size() == 9);
}

}  // namespace
}  // namespace rigcheck
