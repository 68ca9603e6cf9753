// thermal.sustained (with the throughput decline) from series fixtures.
#include <gtest/gtest.h>

#include "burn_scenarios.hpp"
#include "reports/burn/judge_thermal.hpp"
#include "reports/nvml/clock_reasons.hpp"

namespace rigcheck {
namespace {

using namespace burn_fixtures;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& l : lines)
    if (contains(l, part)) return true;
  return false;
}

Check judge(const Machine& mc, const Policy& policy = {}) { return judge_thermal_sustained(mc.gpu, mc.burn, policy); }

TEST(ThermalSustained, CoolP40Passes) {
  auto check = judge(cool_p40());
  EXPECT_EQ(check.id, "thermal.sustained");
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_NEAR(check.metrics.at("temp_peak").value, 68.0, 0.1);
  EXPECT_EQ(check.metrics.at("temp_peak").unit, "celsius");
  EXPECT_NEAR(check.metrics.at("temp_steady").value, 68.0, 0.1);
  EXPECT_NEAR(check.metrics.at("slowdown_margin").value, 24.0, 0.1);
  EXPECT_EQ(check.metrics.at("heat_throttle_share").value, 0.0);
  EXPECT_EQ(check.metrics.count("time_to_first_thermal_event"), 0u);
  EXPECT_NEAR(check.metrics.at("throughput_last_to_first").value, 1.0, 1e-9);
  EXPECT_TRUE(check.advice.empty());
}

TEST(ThermalSustained, PassiveCardInADesktopFailsAtMinuteFour) {
  auto check = judge(passive_desktop());
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_TRUE(contains(check.summary, "heat slowed the card")) << check.summary;
  EXPECT_DOUBLE_EQ(check.metrics.at("time_to_first_thermal_event").value, 240.0);
  EXPECT_NEAR(check.metrics.at("sw_thermal_share").value, 0.6, 0.01);
  EXPECT_NEAR(check.metrics.at("hw_slowdown_share").value, 0.06, 0.01);
  EXPECT_DOUBLE_EQ(check.metrics.at("temp_peak").value, 92.0);
  EXPECT_DOUBLE_EQ(check.metrics.at("slowdown_margin").value, 0.0);
  // No fan reported: the passive-card advice.
  EXPECT_TRUE(any_contains(check.advice, "blower"));
  EXPECT_TRUE(any_contains(check.advice, "40 mm high-static-pressure"));
  EXPECT_TRUE(any_contains(check.evidence, "slows down at 92 °C and shuts down at 95 °C"));
}

TEST(ThermalSustained, PassiveCardThroughputDeclineWarnsAndNamesHeat) {
  auto check = judge(passive_desktop());
  EXPECT_NEAR(check.metrics.at("throughput_last_to_first").value, 900.0 / 1420.0, 1e-6);
  EXPECT_DOUBLE_EQ(check.metrics.at("edge_window_seconds").value, 60.0);
  // The decline is folded in under the failure: its summary names the thermal cause.
  EXPECT_TRUE(any_contains(check.evidence, "throughput fell 37%")) << check.summary;
  EXPECT_TRUE(any_contains(check.evidence, "thermal slowdown 100% of the last window"));
  EXPECT_TRUE(any_contains(check.advice, "slows as it heats"));
}

TEST(ThermalSustained, DeclineAloneWarnsWithItsReason) {
  // A card that stays below slowdown but loses 20% to the power cap as it warms.
  auto mc = cool_p40();
  mc.burn = burn(kTenMinutes, [](double t) { return t < 300 ? 10.0 : 8.0; });
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double t) {
    return Sample{249.0, 70.0, 1420.0, t < 300 ? 0 : kPowerCap, 60.0};
  });
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::warn);
  EXPECT_TRUE(contains(check.summary, "throughput fell 20%")) << check.summary;
  EXPECT_TRUE(contains(check.summary, "SW power cap"));
  EXPECT_TRUE(any_contains(check.advice, "power.sustained"));
}

TEST(ThermalSustained, ShortRunsCompareTheFirstAndLastFifth) {
  auto mc = cool_p40();
  mc.burn = burn(60, [](double t) { return t < 49 ? 10.0 : 8.5; });
  auto check = judge(mc);
  EXPECT_DOUBLE_EQ(check.metrics.at("edge_window_seconds").value, 12.0);
  EXPECT_EQ(check.status, CheckStatus::warn) << check.summary;
  EXPECT_TRUE(contains(check.summary, "no clock-event reason") || contains(check.summary, "SW power cap"));
}

TEST(ThermalSustained, CombinedMaskCountsForBothReasons) {
  auto mc = combined_mask();
  // The shares: each bit of 0x44 is counted, so SW power cap covers the load and HW thermal half.
  auto shares = clock_event_reason_shares(*mc.gpu.telemetry, mc.burn->load_start_t_s, mc.burn->load_end_t_s);
  EXPECT_NEAR(shares.sw_power_cap, 1.0, 1e-9);
  EXPECT_NEAR(shares.hw_thermal, 0.5, 1e-9);
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::fail) << check.summary;
  EXPECT_NEAR(check.metrics.at("hw_thermal_share").value, 0.5, 1e-9);
  EXPECT_NEAR(check.metrics.at("heat_throttle_share").value, 0.5, 1e-9);
  EXPECT_DOUBLE_EQ(check.metrics.at("time_to_first_thermal_event").value, 300.0);
}

TEST(ThermalSustained, PowerBrakeSlowdownIsNotHeat) {
  // HW slowdown (0x8) set together with HW power brake (0x80): the brake is the cause.
  auto check = judge(power_brake_at_load());
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_NEAR(check.metrics.at("hw_slowdown_share").value, 1.0, 1e-9);
  EXPECT_EQ(check.metrics.at("heat_throttle_share").value, 0.0);
}

TEST(ThermalSustained, SmallMarginWarns) {
  auto mc = cool_p40();
  mc.gpu.telemetry = series(kTenMinutes + 2, [](double t) {
    return Sample{249.0, warm(t, 40, 88.5, 60), 1420.0, kPowerCap, 100.0};
  });
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::warn);
  EXPECT_TRUE(contains(check.summary, "only 4 °C below the 92 °C slowdown")) << check.summary;
  // A card with a fan gets fan advice, not the passive-card advice.
  EXPECT_TRUE(any_contains(check.advice, "fan reached 100%"));
  EXPECT_FALSE(any_contains(check.advice, "blower"));
  Policy relaxed;
  relaxed.thermal.slowdown_margin_warn_celsius = 3;
  EXPECT_EQ(judge(mc, relaxed).status, CheckStatus::pass);
}

TEST(ThermalSustained, NoisyHealthyTracePasses) {
  auto check = judge(noisy_healthy());
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_GT(check.metrics.at("slowdown_margin").value, 5.0);
  EXPECT_GT(check.metrics.at("throughput_last_to_first").value, 0.9);
}

TEST(ThermalSustained, NoNvmlSkipsWithTheReason) {
  auto mc = cool_p40();
  mc.gpu.nvml.reset();
  mc.gpu.telemetry.reset();
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::skip);
  EXPECT_TRUE(contains(check.summary, "NVML is not available")) << check.summary;
  // The throughput comes from device timestamps and is still reported.
  EXPECT_NEAR(check.metrics.at("throughput_last_to_first").value, 1.0, 1e-9);
}

TEST(ThermalSustained, NoNvmlStillWarnsOnDecline) {
  auto mc = cool_p40();
  mc.gpu.nvml.reset();
  mc.gpu.telemetry.reset();
  mc.burn = burn(kTenMinutes, [](double t) { return t < 300 ? 10.0 : 7.0; });
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::warn);
  EXPECT_TRUE(contains(check.summary, "no telemetry to name a reason")) << check.summary;
  EXPECT_TRUE(any_contains(check.evidence, "NVML is not available"));
}

TEST(ThermalSustained, MissingTemperatureColumnSaysWhy) {
  auto mc = cool_p40();
  for (auto& row : mc.gpu.telemetry->rows) row[2].reset();
  mc.gpu.telemetry->unavailable["temp_gpu_c"] = "NVML_ERROR_NOT_SUPPORTED";
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::skip);
  EXPECT_TRUE(contains(check.summary, "temp_gpu_c: NVML_ERROR_NOT_SUPPORTED")) << check.summary;
}

TEST(ThermalSustained, NoSlowdownThresholdStillJudgesThrottling) {
  auto mc = combined_mask();
  mc.gpu.nvml->temp_slowdown_celsius = NvmlValue<int>::not_supported("not supported on this device");
  auto check = judge(mc);
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_EQ(check.metrics.count("slowdown_margin"), 0u);
  EXPECT_TRUE(any_contains(check.evidence, "slowdown temperature not supported on this device"));
}

}  // namespace
}  // namespace rigcheck
