// The CUDA/Vulkan cross-check over the step runner: two fake backends that reach the same card
// (same PCI address) in this process and in a worker process. Agreement is recorded as passed;
// a disagreement is a note with both figures and a `warn` on the check it bears on, never
// `untested`; a card that one backend alone reaches gets no cross-check step at all.
#include <cstdlib>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/suite.hpp"
#include "tests/steps/step_fixture.hpp"

namespace rigcheck {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::fake_gpu;
using testing::find_check;
using testing::run_and_judge;
using testing::self_checks_of;

const std::vector<StepKind> kSteps{StepKind::vram, StepKind::compute, StepKind::cross_check};

fake::DeviceSpec card(double copy_bytes_per_s) {
  auto gpu = fake_gpu("0000:03:00.0");
  gpu.copy_bytes_per_s = copy_bytes_per_s;
  return gpu;
}

fake::Spec backend(std::string name, fake::DeviceSpec gpu) {
  fake::Spec spec;
  spec.backend_name = std::move(name);
  spec.devices = {std::move(gpu)};
  return spec;
}

// The card as the run sees it: CUDA first, Vulkan its fallback.
std::vector<StepDevice> both_backends(const fake::Spec& cuda, const fake::Spec& vulkan) {
  std::shared_ptr<Backend> first = fake::make_fake_backend(cuda);
  std::shared_ptr<Backend> second = fake::make_fake_backend(vulkan);
  return enumerate_devices({first, second}).devices;
}

Report cross_checked(const fake::Spec& cuda, const fake::Spec& vulkan) {
  InProcessExecutor executor;
  return run_and_judge(both_backends(cuda, vulkan), executor, {}, kSteps);
}

std::optional<SelfCheck> cross_record(const GpuEntry& gpu, const std::string& subject) {
  for (const auto& sc : self_checks_of(gpu, SelfCheckKind::cross_backend))
    if (sc.subject == subject) return sc;
  return std::nullopt;
}

TEST(CrossCheckSteps, BackendsThatAgreeAreRecordedAsPassedAndTheVerdictStaysSound) {
  Report report = cross_checked(backend("cuda", card(300e9)), backend("vulkan", card(260e9)));
  ASSERT_EQ(report.gpus.size(), 1u);
  const auto& gpu = report.gpus[0];
  EXPECT_EQ(gpu.backend, "cuda");
  const auto vram = cross_record(gpu, "vram.integrity");
  ASSERT_TRUE(vram);
  EXPECT_EQ(vram->outcome, SelfCheckOutcome::passed) << vram->detail;
  const auto fp32 = cross_record(gpu, "compute.gemm.fp32");
  ASSERT_TRUE(fp32);
  EXPECT_EQ(fp32->outcome, SelfCheckOutcome::passed) << fp32->detail;
  EXPECT_EQ(find_check(gpu, "vram.integrity")->status, CheckStatus::pass);
  EXPECT_EQ(find_check(gpu, "compute.gemm.fp32")->status, CheckStatus::pass);
  EXPECT_TRUE(gpu.measurements.step_failures.empty());
  EXPECT_EQ(report.verdict.status, VerdictStatus::sound);
}

TEST(CrossCheckSteps, CopiesFarApartWarnOnVramIntegrityWithBothFiguresAndTheRunIsNotUntested) {
  Report report = cross_checked(backend("cuda", card(300e9)), backend("vulkan", card(100e9)));
  const auto& gpu = report.gpus[0];
  const Check* integrity = find_check(gpu, "vram.integrity");
  ASSERT_NE(integrity, nullptr);
  EXPECT_EQ(integrity->status, CheckStatus::warn);
  EXPECT_THAT(integrity->summary, HasSubstr("CUDA and Vulkan disagree"));
  EXPECT_THAT(integrity->evidence.back(), HasSubstr("300 GB/s"));
  EXPECT_THAT(integrity->evidence.back(), HasSubstr("100 GB/s"));
  EXPECT_THAT(report.notes, Contains(HasSubstr("cuda and vulkan disagree on vram.integrity")));
  EXPECT_EQ(find_check(gpu, "compute.gemm.fp32")->status, CheckStatus::pass);
  EXPECT_EQ(report.verdict.status, VerdictStatus::sound);
  EXPECT_EQ(exit_code_for(report, false), 0);
  EXPECT_EQ(exit_code_for(report, true), 1);  // --strict: a warning fails the gate
}

TEST(CrossCheckSteps, AWrongGemmOnTheSecondBackendWarnsOnThatPrecision) {
  auto vulkan_card = card(300e9);
  vulkan_card.wrong_gemm = true;
  Report report = cross_checked(backend("cuda", card(300e9)), backend("vulkan", vulkan_card));
  const auto& gpu = report.gpus[0];
  EXPECT_EQ(cross_record(gpu, "compute.gemm.fp32")->outcome, SelfCheckOutcome::failed);
  EXPECT_EQ(find_check(gpu, "compute.gemm.fp32")->status, CheckStatus::warn);
  EXPECT_EQ(find_check(gpu, "vram.integrity")->status, CheckStatus::pass);
  EXPECT_NE(report.verdict.status, VerdictStatus::untested);
}

TEST(CrossCheckSteps, OnlyPrecisionsBothBackendsRunAreCompared) {
  auto cuda_card = card(300e9);
  cuda_card.precisions = {"fp32", "fp16"};
  StepSettings settings = testing::quick_settings();
  Report report = new_report("standard");
  auto devices = both_backends(backend("cuda", cuda_card), backend("vulkan", card(300e9)));
  settings.precisions = {"fp32", "fp16"};
  InProcessExecutor executor;
  run_steps(report, devices, {StepKind::cross_check}, settings, executor, {});
  const auto& gpu = report.gpus[0];
  EXPECT_TRUE(cross_record(gpu, "compute.gemm.fp32"));
  EXPECT_FALSE(cross_record(gpu, "compute.gemm.fp16"));
  EXPECT_THAT(report.notes, Contains(HasSubstr("fp16 GEMM ran on cuda only: not cross-checked")));
}

TEST(CrossCheckSteps, ASecondBackendThatCannotRunIsNotRunAndChangesNoCheck) {
  auto vulkan_card = card(300e9);
  vulkan_card.faults[fake::Workload::vram] = fake::Fault::cannot_open;
  Report report = cross_checked(backend("cuda", card(300e9)), backend("vulkan", vulkan_card));
  const auto& gpu = report.gpus[0];
  const auto records = self_checks_of(gpu, SelfCheckKind::cross_backend);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].outcome, SelfCheckOutcome::not_run);
  EXPECT_THAT(records[0].detail, HasSubstr("vulkan could not run it"));
  EXPECT_EQ(find_check(gpu, "vram.integrity")->status, CheckStatus::pass);
  EXPECT_EQ(report.verdict.status, VerdictStatus::sound);
}

TEST(CrossCheckSteps, ACardOneBackendAloneReachesHasNoCrossCheckStep) {
  fake::Spec spec = backend("cuda", card(300e9));
  std::vector<StepKind> started;
  StepRunnerHooks hooks;
  hooks.on_event = [&](const StepEvent& event) {
    if (event.kind == StepEvent::Kind::step_started) started.push_back(event.step);
  };
  InProcessExecutor executor;
  Report report = run_and_judge(testing::devices_of(spec), executor, hooks, kSteps);
  EXPECT_THAT(started, ::testing::ElementsAre(StepKind::vram, StepKind::compute));
  EXPECT_TRUE(self_checks_of(report.gpus[0], SelfCheckKind::cross_backend).empty());
  EXPECT_TRUE(report.gpus[0].measurements.step_failures.empty());
  EXPECT_EQ(report.verdict.status, VerdictStatus::sound);
}

TEST(CrossCheckSteps, TheStandardAndBurnInProfilesCrossCheckAndQuickDoesNot) {
  EXPECT_TRUE(plan_for_profile("standard", 0).cross_check);
  EXPECT_TRUE(plan_for_profile("burn-in", 0).cross_check);
  EXPECT_FALSE(plan_for_profile("quick", 0).cross_check);
  const auto steps = steps_of(plan_for_profile("standard", 0));
  EXPECT_THAT(steps, Contains(StepKind::cross_check));
}

TEST(CrossCheckSteps, InterruptedItComparesNothingAndSaysSo) {
  auto devices = both_backends(backend("cuda", card(300e9)), backend("vulkan", card(100e9)));
  StepHooks hooks;
  hooks.cancelled = [] { return true; };
  const auto outcome = run_cross_check(testing::quick_settings(), devices[0], hooks);
  EXPECT_TRUE(outcome.self_checks.empty());
  EXPECT_THAT(outcome.notes, Contains(HasSubstr("cross-check interrupted")));
  EXPECT_FALSE(outcome.error);
}

WorkerLaunch fake_worker_launch() {
  WorkerLaunch launch;
  launch.executable = RIGCHECK_FAKE_STEP_WORKER;
  launch.silence_limit_s = 5.0;
  return launch;
}

TEST(CrossCheckSteps, InAWorkerProcessBothBackendsAreReachedAndACrashCostsOnlyTheCrossCheck) {
  const auto cuda = backend("cuda", card(300e9));
  auto vulkan_card = card(100e9);
  ::setenv(fake::kSpecVariable, fake::specs_to_json({cuda, backend("vulkan", vulkan_card)}).c_str(), 1);
  WorkerExecutor executor(fake_worker_launch());
  Report report = run_and_judge(both_backends(cuda, backend("vulkan", vulkan_card)), executor, {}, kSteps);
  EXPECT_EQ(cross_record(report.gpus[0], "vram.integrity")->outcome, SelfCheckOutcome::failed);
  EXPECT_EQ(find_check(report.gpus[0], "vram.integrity")->status, CheckStatus::warn);

  vulkan_card.faults[fake::Workload::compute] = fake::Fault::crash;
  const auto crashing = backend("vulkan", vulkan_card);
  ::setenv(fake::kSpecVariable, fake::specs_to_json({cuda, crashing}).c_str(), 1);
  Report crashed = run_and_judge(both_backends(cuda, crashing), executor, {}, kSteps);
  const auto& m = crashed.gpus[0].measurements;
  ASSERT_EQ(m.step_failures.size(), 1u);
  EXPECT_EQ(m.step_failures[0].step, "cross-check");
  EXPECT_THAT(m.step_failures[0].what, HasSubstr("SIGSEGV"));
  EXPECT_TRUE(m.vram && m.compute);  // the card's own results are kept
  ::unsetenv(fake::kSpecVariable);
}

}  // namespace
}  // namespace rigcheck
