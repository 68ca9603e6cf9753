// power.sustained from series fixtures: the machine, and what a person should be told.
#include <gtest/gtest.h>

#include "burn_scenarios.hpp"
#include "reports/burn/judge_power.hpp"

namespace rigcheck {
namespace {

using namespace burn_fixtures;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& l : lines)
    if (contains(l, part)) return true;
  return false;
}

Check judge(const Machine& mc, const Policy& policy = {}) { return judge_power_sustained(mc.gpu, mc.burn, policy); }

TEST(PowerSustained, CoolP40AtItsLimitPasses) {
  auto check = judge(cool_p40());
  EXPECT_EQ(check.id, "power.sustained");
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_NEAR(check.metrics.at("mean_power_steady").value, 249.0, 0.5);
  EXPECT_EQ(check.metrics.at("mean_power_steady").unit, "watts");
  EXPECT_NEAR(check.metrics.at("power_fraction_of_limit").value, 0.996, 0.001);
  EXPECT_EQ(check.metrics.at("hw_power_brake_share").value, 0.0);
  // Clocks below max under SW power cap are the card holding its limit, not a finding.
  EXPECT_GT(check.metrics.at("sm_clock_drop").value, 0.05);
  EXPECT_EQ(check.metrics.count("sm_clock_drop_unexplained"), 0u);
  EXPECT_TRUE(check.advice.empty());
}

TEST(PowerSustained, SteadyWindowLeavesOutTheWarmup) {
  auto check = judge(cool_p40());
  EXPECT_DOUBLE_EQ(check.metrics.at("load_seconds").value, 600.0);
  EXPECT_DOUBLE_EQ(check.metrics.at("steady_window_seconds").value, 570.0);  // 20% capped at 30 s
}

TEST(PowerSustained, PowerBrakeAtLoadFailsWithCableAndSupplyAdvice) {
  auto check = judge(power_brake_at_load());
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_TRUE(contains(check.summary, "HW power brake")) << check.summary;
  EXPECT_NEAR(check.metrics.at("hw_power_brake_share").value, 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(check.metrics.at("time_to_first_power_brake").value, 0.0);
  ASSERT_GE(check.advice.size(), 2u);
  EXPECT_TRUE(contains(check.advice[0], "EPS-12V"));
  EXPECT_TRUE(contains(check.advice[0], "PCIe 6+2"));
  EXPECT_TRUE(contains(check.advice[1], "600 W"));
  // The low power is reported too, as evidence under the failure.
  EXPECT_TRUE(any_contains(check.evidence, "56%"));
}

TEST(PowerSustained, BrakeShareAtThePolicyBoundary) {
  // Brake for 10 s of 600: a share of 1/60 fails at the default (any brake) and passes a policy
  // that tolerates 2%.
  auto mc = cool_p40();
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double t) {
    const std::uint64_t r = (t >= 100 && t < 110) ? (kPowerBrake | kPowerCap) : kPowerCap;
    return Sample{249.0, 60.0, 1420.0, r, std::nullopt};
  });
  EXPECT_EQ(judge(mc).status, CheckStatus::fail);
  EXPECT_DOUBLE_EQ(judge(mc).metrics.at("time_to_first_power_brake").value, 99.0);
  Policy tolerant;
  tolerant.power.power_brake_share_fail_above = 0.02;
  EXPECT_EQ(judge(mc, tolerant).status, CheckStatus::pass);
}

TEST(PowerSustained, LowPowerWarnsAgainstTheDcgmBar) {
  auto mc = cool_p40();
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double) { return Sample{180.0, 60.0, 1531.0, 0, std::nullopt}; });
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::warn);
  EXPECT_NEAR(check.metrics.at("power_fraction_of_limit").value, 0.72, 1e-9);
  EXPECT_TRUE(contains(check.summary, "180 W")) << check.summary;
  // 0.75 x 250 W = 187.5 W is DCGM's bar: 190 W passes.
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double) { return Sample{190.0, 60.0, 1531.0, 0, std::nullopt}; });
  EXPECT_EQ(judge(mc).status, CheckStatus::pass);
}

TEST(PowerSustained, ClockDropWithoutThermalReasonWarns) {
  auto mc = cool_p40();
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double) { return Sample{240.0, 60.0, 1200.0, 0, std::nullopt}; });
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::warn);
  EXPECT_TRUE(contains(check.summary, "1200 MHz")) << check.summary;
  EXPECT_NEAR(check.metrics.at("sm_clock_drop_unexplained").value, 1.0 - 1200.0 / 1531.0, 1e-9);
  EXPECT_TRUE(any_contains(check.advice, "locked clocks"));

  // Application clocks set (0x2) is not a reason to be slow: warn, and say how to see and reset them.
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double) { return Sample{240.0, 60.0, 1200.0, kAppClocks, std::nullopt}; });
  check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::warn);
  EXPECT_TRUE(any_contains(check.advice, "nvidia-smi -rac"));
}

TEST(PowerSustained, ClockDropWithHeatIsLeftToThermal) {
  auto check = judge(passive_desktop());
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_GT(check.metrics.at("sm_clock_drop").value, 0.10);
}

TEST(PowerSustained, CombinedMaskCountsAsPowerCap) {
  auto check = judge(combined_mask());
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_NEAR(check.metrics.at("sw_power_cap_share").value, 1.0, 1e-9);
}

TEST(PowerSustained, NoisyHealthyTracePasses) {
  auto check = judge(noisy_healthy());
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_NEAR(check.metrics.at("power_fraction_of_limit").value, 0.95, 0.02);
  EXPECT_LT(check.metrics.at("sm_clock_drop_unexplained").value, 0.05);
}

TEST(PowerSustained, LoweredPowerLimitWarns) {
  auto mc = cool_p40();
  mc.gpu.nvml->power_limit_enforced_watts = m(150.0);
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double) { return Sample{149.0, 50.0, 1100.0, kPowerCap, std::nullopt}; });
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::warn);
  EXPECT_TRUE(contains(check.summary, "below the card's default 250 W")) << check.summary;
}

TEST(PowerSustained, NoNvmlSkipsWithTheReason) {
  auto mc = cool_p40();
  mc.gpu.nvml.reset();
  mc.gpu.telemetry.reset();
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::skip);
  EXPECT_TRUE(contains(check.summary, "NVML is not available")) << check.summary;
}

TEST(PowerSustained, NoBurnOrNoSeriesSkips) {
  auto mc = cool_p40();
  mc.burn.reset();
  EXPECT_EQ(judge(mc).status, CheckStatus::skip);
  EXPECT_TRUE(contains(judge(mc).summary, "rigcheck burn"));

  mc = cool_p40();
  mc.gpu.telemetry.reset();
  EXPECT_TRUE(contains(judge(mc).summary, "no telemetry series"));

  mc = cool_p40();
  mc.gpu.telemetry->rows.clear();
  mc.gpu.telemetry->error = TelemetryError{0.1, "NVML_ERROR_GPU_IS_LOST"};
  EXPECT_TRUE(contains(judge(mc).summary, "NVML_ERROR_GPU_IS_LOST"));
}

TEST(PowerSustained, MissingColumnsAndFactsSayWhy) {
  auto mc = cool_p40();
  mc.gpu.nvml->power_limit_enforced_watts = NvmlValue<double>::not_supported("not supported on this device");
  mc.gpu.nvml->max_sm_clock_mhz = NvmlValue<int>::not_available("NVML_ERROR_UNKNOWN");
  auto& t = *mc.gpu.telemetry;
  for (auto& row : t.rows) row[4].reset();  // no clock-event reasons
  t.unavailable["clock_event_reasons"] = "nvmlDeviceGetCurrentClocksEventReasons missing";
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::skip);
  EXPECT_TRUE(contains(check.summary, "not supported on this device")) << check.summary;
  EXPECT_TRUE(contains(check.summary, "nvmlDeviceGetCurrentClocksEventReasons missing"));
  EXPECT_TRUE(contains(check.summary, "NVML_ERROR_UNKNOWN"));
  EXPECT_NEAR(check.metrics.at("mean_power_steady").value, 249.0, 0.5);  // measured, still reported
}

}  // namespace
}  // namespace rigcheck
