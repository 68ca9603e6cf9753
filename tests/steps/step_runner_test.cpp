// The step runner in this process over the fake backend: measurements land where they belong,
// faults and wrong results are judged, a failed step costs only that step.
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

TEST(StepRunner, EveryStepRecordsWhatTheDeviceMeasured) {
  fake::Spec spec;
  auto gpu = fake_gpu();
  gpu.transfer_bytes_per_s = 9e9;
  gpu.gemm_tflops = 7.5;
  spec.devices = {gpu};
  InProcessExecutor executor;
  Report report = run_and_judge(devices_of(spec), executor);
  ASSERT_EQ(report.gpus.size(), 1u);
  const auto& m = report.gpus[0].measurements;
  EXPECT_TRUE(m.step_failures.empty());
  ASSERT_TRUE(m.vram);
  EXPECT_EQ(m.vram->error_count, 0u);
  ASSERT_TRUE(m.transfers);
  EXPECT_DOUBLE_EQ(m.transfers->samples.front().median_bytes_per_s, 9e9);
  ASSERT_TRUE(m.compute);
  EXPECT_DOUBLE_EQ(m.compute->gemm.front().throughput.tflops_median, 7.5);
  ASSERT_TRUE(m.burn);
  EXPECT_DOUBLE_EQ(m.burn->intervals.front().tflops, 7.5);
  EXPECT_EQ(report.gpus[0].backend, "fake");
  EXPECT_NE(report.verdict.status, VerdictStatus::untested);
}

TEST(StepRunner, FaultsAtGivenWordsFailTheVramCheck) {
  fake::Spec spec;
  auto gpu = fake_gpu();
  gpu.fault_words = {10, 1000};
  spec.devices = {gpu};
  InProcessExecutor executor;
  Report report = run_and_judge(devices_of(spec), executor, {}, {StepKind::vram});
  const auto& vram = *report.gpus[0].measurements.vram;
  EXPECT_GE(vram.error_count, 2u);
  ASSERT_FALSE(vram.records.empty());
  EXPECT_EQ(vram.records.front().address_bytes, 40u);
  const Check* integrity = find_check(report.gpus[0], "vram.integrity");
  ASSERT_NE(integrity, nullptr);
  EXPECT_EQ(integrity->status, CheckStatus::fail);
  EXPECT_EQ(report.verdict.status, VerdictStatus::unsound);
  EXPECT_EQ(exit_code_for(report, false), 1);
}

TEST(StepRunner, WrongGemmResultsFailComputeAndStability) {
  fake::Spec spec;
  auto gpu = fake_gpu();
  gpu.wrong_gemm = true;
  spec.devices = {gpu};
  InProcessExecutor executor;
  Report report = run_and_judge(devices_of(spec), executor, {}, {StepKind::compute, StepKind::burn});
  const Check* gemm = find_check(report.gpus[0], "compute.gemm.fp32");
  ASSERT_NE(gemm, nullptr);
  EXPECT_EQ(gemm->status, CheckStatus::fail);
  const Check* stability = find_check(report.gpus[0], "stability.compute");
  ASSERT_NE(stability, nullptr);
  EXPECT_EQ(stability->status, CheckStatus::fail);
  EXPECT_EQ(report.verdict.status, VerdictStatus::unsound);
}

class FailedStep : public ::testing::TestWithParam<std::tuple<fake::Workload, fake::Fault>> {};

TEST_P(FailedStep, CostsThatStepOnlyAndTheRunCannotBeSound) {
  const auto [workload, fault] = GetParam();
  fake::Spec spec;
  auto gpu = fake_gpu();
  gpu.faults[workload] = fault;
  spec.devices = {gpu};
  InProcessExecutor executor;
  Report report = run_and_judge(devices_of(spec), executor);
  const auto& m = report.gpus[0].measurements;
  if (workload == fake::Workload::vram && fault == fake::Fault::lose_device) {
    // The VRAM test keeps what it found before the device was lost: a finding about the card.
    ASSERT_TRUE(m.vram);
    ASSERT_TRUE(m.vram->device_error);
    EXPECT_THAT(*m.vram->device_error, HasSubstr("device lost"));
    // A device lost before any error was found leaves the memory unvouched for: `error`, never sound.
    const Check* integrity = find_check(report.gpus[0], "vram.integrity");
    ASSERT_NE(integrity, nullptr);
    EXPECT_EQ(integrity->status, m.vram->error_count > 0 ? CheckStatus::fail : CheckStatus::error);
    EXPECT_NE(report.verdict.status, VerdictStatus::sound);
    return;
  }
  ASSERT_EQ(m.step_failures.size(), 1u);
  const auto step = std::string(step_info(static_cast<StepKind>(workload)).name);
  EXPECT_EQ(m.step_failures[0].step, step);
  EXPECT_THAT(m.step_failures[0].what, HasSubstr(fault == fake::Fault::lose_device ? "device lost" : "cannot run"));
  // The other steps ran.
  EXPECT_EQ(m.vram.has_value(), workload != fake::Workload::vram);
  EXPECT_EQ(m.transfers.has_value(), workload != fake::Workload::transfers);
  EXPECT_EQ(m.compute.has_value(), workload != fake::Workload::compute);
  EXPECT_EQ(m.burn.has_value(), workload != fake::Workload::burn);
  const Check* check = find_check(report.gpus[0], "run." + step);
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(check->status, CheckStatus::error);
  EXPECT_NE(report.verdict.status, VerdictStatus::sound);
  if (report.verdict.status == VerdictStatus::untested) {
    EXPECT_EQ(exit_code_for(report, false), 3);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryStep, FailedStep,
                         ::testing::Combine(::testing::Values(fake::Workload::vram, fake::Workload::transfers,
                                                              fake::Workload::compute, fake::Workload::burn),
                                            ::testing::Values(fake::Fault::lose_device, fake::Fault::cannot_open)));

TEST(StepRunner, AFailedBackendFallsBackToTheSameCardOnTheNextBackend) {
  fake::Spec first;
  first.backend_name = "first";
  auto broken = fake_gpu();
  broken.faults[fake::Workload::vram] = fake::Fault::cannot_open;
  first.devices = {broken};
  fake::Spec second;
  second.backend_name = "second";
  second.devices = {fake_gpu()};
  std::vector<std::shared_ptr<Backend>> backends{fake::make_fake_backend(first), fake::make_fake_backend(second)};
  auto devices = enumerate_devices(backends).devices;
  ASSERT_EQ(devices.size(), 1u);
  ASSERT_TRUE(devices[0].fallback);
  InProcessExecutor executor;
  Report report = run_and_judge(devices, executor, {}, {StepKind::vram});
  EXPECT_TRUE(report.gpus[0].measurements.vram);
  EXPECT_EQ(report.gpus[0].backend, "second");
  EXPECT_THAT(::testing::PrintToString(report.notes), HasSubstr("ran it on second instead"));
}

TEST(StepRunner, AScreensGpuIsListedButNotLoadedUnlessNamed) {
  fake::Spec spec;
  spec.devices = {fake_gpu()};
  auto devices = devices_of(spec);
  devices[0].drives_display = true;
  InProcessExecutor executor;
  Report report = run_and_judge(devices, executor);
  ASSERT_EQ(report.gpus.size(), 1u);
  EXPECT_FALSE(report.gpus[0].measurements.vram);
  EXPECT_FALSE(report.gpus[0].measurements.burn);
  EXPECT_THAT(::testing::PrintToString(report.notes), HasSubstr("drives a screen: probed but not loaded"));
  EXPECT_EQ(report.verdict.status, VerdictStatus::untested);  // no test ran on any selected GPU
}

TEST(StepRunner, ANamedScreensGpuIsTestedWithinItsCap) {
  fake::Spec spec;
  spec.devices = {fake_gpu()};
  auto devices = devices_of(spec);
  devices[0].drives_display = true;
  devices[0].named = true;
  devices[0].memory_cap_bytes = 8ull << 20;
  InProcessExecutor executor;
  Report report = run_and_judge(devices, executor, {}, {StepKind::vram});
  ASSERT_TRUE(report.gpus[0].measurements.vram);
  EXPECT_LE(report.gpus[0].measurements.vram->tested_bytes, 8ull << 20);
  EXPECT_THAT(::testing::PrintToString(report.notes), HasSubstr("drives a screen: the VRAM test used at most"));
}

TEST(StepRunner, StopsBetweenStepsWhenCancelled) {
  fake::Spec spec;
  spec.devices = {fake_gpu()};
  InProcessExecutor executor;
  StepRunnerHooks hooks;
  bool pressed = false;  // Ctrl-C as soon as the first step finished
  std::vector<StepEvent> events;
  hooks.cancelled = [&] { return pressed; };
  hooks.on_event = [&](const StepEvent& e) {
    events.push_back(e);
    if (e.kind == StepEvent::Kind::device_finished) pressed = true;
  };
  Report report = run_and_judge(devices_of(spec), executor, hooks);
  EXPECT_TRUE(report.interrupted);
  EXPECT_TRUE(report.gpus[0].measurements.vram);
  EXPECT_FALSE(report.gpus[0].measurements.transfers);
  EXPECT_EQ(report.verdict.status, VerdictStatus::untested);
  EXPECT_FALSE(events.empty());
  EXPECT_EQ(events.front().kind, StepEvent::Kind::step_started);
}

}  // namespace
}  // namespace rigcheck
