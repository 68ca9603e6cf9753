// The compute canary over the step runner and the fake backend: a healthy fake device proves its
// GEMM check (gemm_detector, fp32); a GEMM that drops a k-slice is caught by the canary even where
// the measurement itself passed, the compute checks are `error` and the verdict is `untested`.
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

Report compute_step_over(const fake::DeviceSpec& gpu) {
  return testing::steps_over(gpu, {StepKind::vram, StepKind::compute});
}

std::vector<SelfCheck> gemm_canaries(const GpuEntry& gpu) {
  return testing::self_checks_of(gpu, SelfCheckKind::gemm_detector);
}

TEST(ComputeCanarySteps, AHealthyDeviceProvesItsGemmCheck) {
  Report report = compute_step_over(fake_gpu());
  const auto canaries = gemm_canaries(report.gpus[0]);
  ASSERT_EQ(canaries.size(), 1u);  // the fake computes fp32 only
  EXPECT_EQ(canaries[0].subject, "fp32");
  EXPECT_EQ(canaries[0].outcome, SelfCheckOutcome::passed) << canaries[0].detail;
  EXPECT_EQ(find_check(report.gpus[0], "compute.gemm.fp32")->status, CheckStatus::pass);
  EXPECT_EQ(report.verdict.status, VerdictStatus::sound);
}

TEST(ComputeCanarySteps, AGemmThatDropsAKSliceIsCaughtAndTheVerdictIsUntested) {
  auto broken = fake_gpu();
  broken.gemm_drops_k_slice = true;
  Report report = compute_step_over(broken);
  const auto& gpu = report.gpus[0];
  const auto canaries = gemm_canaries(gpu);
  ASSERT_EQ(canaries.size(), 1u);
  EXPECT_EQ(canaries[0].outcome, SelfCheckOutcome::failed);
  EXPECT_THAT(canaries[0].detail, HasSubstr("differ from the exact answer"));
  const Check* gemm = find_check(gpu, "compute.gemm.fp32");
  ASSERT_NE(gemm, nullptr);
  EXPECT_EQ(gemm->status, CheckStatus::error);  // its own reference check passed: not trusted anyway
  EXPECT_THAT(gemm->summary, HasSubstr("GEMM result check failed its self-test"));
  EXPECT_EQ(find_check(gpu, "vram.integrity")->status, CheckStatus::pass);
  EXPECT_EQ(report.verdict.status, VerdictStatus::untested);
  EXPECT_EQ(exit_code_for(report, false), 3);
}

}  // namespace
}  // namespace rigcheck
