// The self-checks over the step runner and the fake backend: a healthy fake device proves its
// VRAM detector (per pattern) and its timer; a deliberately broken detector — a verify that skips
// every other block, a timer that runs fast — is caught, and the verdict is `untested`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/steps/step_fixture.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using testing::devices_of;
using testing::fake_gpu;
using testing::find_check;
using testing::run_and_judge;

Report vram_step_over(const fake::DeviceSpec& gpu) { return testing::steps_over(gpu, {StepKind::vram}); }

std::vector<SelfCheck> of_kind(const GpuEntry& gpu, SelfCheckKind kind) { return testing::self_checks_of(gpu, kind); }

TEST(SelfCheckSteps, AHealthyDeviceProvesItsVramDetectorForEveryPatternAndItsTimer) {
  Report report = vram_step_over(fake_gpu());
  const auto& gpu = report.gpus[0];
  ASSERT_TRUE(gpu.self_checks.has_value());
  const auto vram = of_kind(gpu, SelfCheckKind::vram_detector);
  EXPECT_EQ(vram.size(), all_vram_patterns().size());
  for (const auto& sc : vram) EXPECT_EQ(sc.outcome, SelfCheckOutcome::passed) << sc.subject << ": " << sc.detail;
  const auto timer = of_kind(gpu, SelfCheckKind::timer);
  ASSERT_EQ(timer.size(), 1u);
  EXPECT_EQ(timer[0].outcome, SelfCheckOutcome::passed) << timer[0].detail;
  EXPECT_EQ(gpu.measurements.vram->error_count, 0u);  // canary flips are not VRAM errors
  EXPECT_EQ(find_check(gpu, "vram.integrity")->status, CheckStatus::pass);
  EXPECT_EQ(report.verdict.status, VerdictStatus::sound);
}

TEST(SelfCheckSteps, AVerifyThatSkipsEveryOtherBlockIsCaughtAndTheVerdictIsUntested) {
  auto broken = fake_gpu();
  broken.verify_skips_odd_blocks = true;
  Report report = vram_step_over(broken);
  const auto& gpu = report.gpus[0];
  const auto vram = of_kind(gpu, SelfCheckKind::vram_detector);
  ASSERT_FALSE(vram.empty());
  for (const auto& sc : vram) {
    EXPECT_EQ(sc.outcome, SelfCheckOutcome::failed) << sc.subject;
    EXPECT_THAT(sc.detail, HasSubstr("missed"));
  }
  const Check* integrity = find_check(gpu, "vram.integrity");
  ASSERT_NE(integrity, nullptr);
  EXPECT_EQ(integrity->status, CheckStatus::error);
  EXPECT_EQ(integrity->summary, "the VRAM detector failed its self-test on this device: results not trusted");
  EXPECT_EQ(report.verdict.status, VerdictStatus::untested);
  EXPECT_EQ(exit_code_for(report, false), 3);
}

TEST(SelfCheckSteps, ATimerThatRunsFastIsCaughtAndTheVerdictIsUntested) {
  auto broken = fake_gpu();
  broken.timer_scale = 10;
  fake::Spec spec;
  spec.devices = {broken};
  InProcessExecutor executor;
  Report report = run_and_judge(devices_of(spec), executor, {}, {StepKind::vram, StepKind::compute});
  const auto& gpu = report.gpus[0];
  const auto timer = of_kind(gpu, SelfCheckKind::timer);
  ASSERT_EQ(timer.size(), 1u);
  EXPECT_EQ(timer[0].outcome, SelfCheckOutcome::failed) << timer[0].detail;
  const Check* gemm = find_check(gpu, "compute.gemm.fp32");  // a figure per second
  ASSERT_NE(gemm, nullptr);
  EXPECT_EQ(gemm->status, CheckStatus::error);
  EXPECT_THAT(gemm->summary, HasSubstr("timer"));
  EXPECT_EQ(find_check(gpu, "vram.integrity")->status, CheckStatus::pass);  // not timed
  EXPECT_EQ(report.verdict.status, VerdictStatus::untested);
  EXPECT_EQ(exit_code_for(report, false), 3);
}

TEST(SelfCheckSteps, TheBurnCanaryPassesOnAHealthyDeviceAndABlindComparisonIsCaught) {
  fake::Spec spec;
  spec.devices = {fake_gpu()};
  InProcessExecutor executor;
  Report healthy = run_and_judge(devices_of(spec), executor, {}, {StepKind::burn});
  const auto passed = of_kind(healthy.gpus[0], SelfCheckKind::burn_comparison);
  ASSERT_EQ(passed.size(), 1u);
  EXPECT_EQ(passed[0].outcome, SelfCheckOutcome::passed) << passed[0].detail;

  spec.devices[0].comparison_blind = true;
  Report blind = run_and_judge(devices_of(spec), executor, {}, {StepKind::burn});
  const auto failed = of_kind(blind.gpus[0], SelfCheckKind::burn_comparison);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].outcome, SelfCheckOutcome::failed);
  const Check* stability = find_check(blind.gpus[0], "stability.compute");
  ASSERT_NE(stability, nullptr);
  EXPECT_EQ(stability->status, CheckStatus::error);
  EXPECT_EQ(blind.verdict.status, VerdictStatus::untested);
  EXPECT_EQ(exit_code_for(blind, false), 3);
}

TEST(SelfCheckSteps, RealFaultsInTheCanaryRegionAreTheCardsNotTheDetectors) {
  auto gpu_spec = fake_gpu();
  gpu_spec.fault_words = {10, 11};  // inside the canary region (its head)
  Report report = vram_step_over(gpu_spec);
  for (const auto& sc : of_kind(report.gpus[0], SelfCheckKind::vram_detector))
    EXPECT_EQ(sc.outcome, SelfCheckOutcome::passed) << sc.subject << ": " << sc.detail;
  EXPECT_EQ(find_check(report.gpus[0], "vram.integrity")->status, CheckStatus::fail);
  EXPECT_EQ(report.verdict.status, VerdictStatus::unsound);
}

TEST(SelfCheckSteps, SelfChecksTravelBackFromAWorkerProcess) {
  StepOutcome outcome;
  outcome.self_checks = {{SelfCheckKind::timer, "", SelfCheckOutcome::failed, "device 10 ms, host 100 ms"}};
  auto back = step_outcome_from_json(step_outcome_json(outcome));
  ASSERT_TRUE(back) << back.error();
  ASSERT_EQ(back->self_checks.size(), 1u);
  EXPECT_EQ(back->self_checks[0].outcome, SelfCheckOutcome::failed);
  EXPECT_EQ(back->self_checks[0].detail, "device 10 ms, host 100 ms");
}

}  // namespace
}  // namespace rigcheck
