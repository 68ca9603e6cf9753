// stability.compute: any result that differs from the first fails, with when and where.
#include <gtest/gtest.h>

#include "burn_scenarios.hpp"
#include "reports/burn/judge_stability.hpp"

namespace rigcheck {
namespace {

using namespace burn_fixtures;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(StabilityCompute, CleanBurnPassesWithItsCount) {
  auto mc = cool_p40();
  auto check = judge_stability_compute(mc.gpu, mc.burn, Policy{});
  EXPECT_EQ(check.id, "stability.compute");
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_EQ(check.metrics.at("checks_done").value, 300.0);
  EXPECT_TRUE(contains(check.summary, "300 recomputed results"));
}

TEST(StabilityCompute, AMismatchOnAHotCardFailsWithWhenAndWhere) {
  auto mc = passive_desktop();
  mc.burn->stability.mismatches = 2;
  mc.burn->stability.mismatched_elements = 3;
  mc.burn->stability.first_mismatches = {{301.0, 150, 4097, 1.25, 1.2500305}, {421.0, 210, 88, -3.0, -2.9999}};
  auto check = judge_stability_compute(mc.gpu, mc.burn, Policy{});
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_TRUE(contains(check.summary, "2 of 300 recomputed results differed")) << check.summary;
  EXPECT_TRUE(contains(check.summary, "first 300 s into the load at 92 °C")) << check.summary;
  EXPECT_DOUBLE_EQ(check.metrics.at("time_to_first_mismatch").value, 300.0);
  EXPECT_DOUBLE_EQ(check.metrics.at("temp_at_first_mismatch").value, 92.0);
  bool where = false;
  for (const auto& e : check.evidence) where = where || contains(e, "iteration 150 element 4097: expected 1.25, got 1.2500305");
  EXPECT_TRUE(where);
  ASSERT_EQ(check.advice.size(), 2u);
  EXPECT_TRUE(contains(check.advice[1], "cooling"));
}

TEST(StabilityCompute, ADeviceFaultUnderLoadFailsEvenWithoutMismatches) {
  auto mc = cool_p40();
  mc.burn->interrupted = true;
  mc.burn->duration_achieved_s = 212;
  mc.burn->device_error = "cudaEventQuery: cudaErrorLaunchFailure (unspecified launch failure)";
  auto check = judge_stability_compute(mc.gpu, mc.burn, Policy{});
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_TRUE(contains(check.summary, "failed under sustained load after 212 s")) << check.summary;
  EXPECT_TRUE(contains(check.summary, "cudaErrorLaunchFailure"));
  ASSERT_FALSE(check.advice.empty());
  EXPECT_TRUE(contains(check.advice[0], "Xid"));
}

TEST(StabilityCompute, WithoutNvmlTheLoadIsStillJudged) {
  auto mc = cool_p40();
  mc.gpu.nvml.reset();
  mc.gpu.telemetry.reset();
  mc.burn->stability.mismatches = 1;
  mc.burn->stability.first_mismatches = {{31.0, 15, 7, 2.0, 2.5}};
  auto check = judge_stability_compute(mc.gpu, mc.burn, Policy{});
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_EQ(check.metrics.count("temp_at_first_mismatch"), 0u);
  EXPECT_TRUE(contains(check.summary, "first 30 s into the load")) << check.summary;
}

TEST(StabilityCompute, SkipsWhenNoBurnRanOrNothingWasCompared) {
  auto mc = cool_p40();
  EXPECT_EQ(judge_stability_compute(mc.gpu, std::nullopt, Policy{}).status, CheckStatus::skip);
  mc.burn->stability.checks_done = 0;
  auto check = judge_stability_compute(mc.gpu, mc.burn, Policy{});
  EXPECT_EQ(check.status, CheckStatus::skip);
  EXPECT_TRUE(contains(check.summary, "compared no results"));
}

}  // namespace
}  // namespace rigcheck
