// The step runner with every step in a worker process (rigcheck's worker code over the fake
// backend): a worker that hangs, crashes or loses its device costs that step, the run goes on,
// the report is complete and the exit code is 3; Ctrl-C reaches a hung worker in time.
#include <cstdlib>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/step_worker_protocol.hpp"
#include "reports/report_json.hpp"
#include "tests/steps/step_fixture.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using testing::devices_of;
using testing::fake_gpu;
using testing::run_and_judge;

WorkerLaunch fake_worker_launch() {
  WorkerLaunch launch;
  launch.executable = RIGCHECK_FAKE_STEP_WORKER;
  launch.silence_limit_s = 1.0;
  launch.burn_margin_s = 1.0;
  launch.interrupt_grace_s = 0.5;
  return launch;
}

// The worker reads its fake device from the environment: the same spec the parent lists.
std::vector<StepDevice> worker_devices(const fake::Spec& spec) {
  ::setenv(fake::kSpecVariable, fake::spec_to_json(spec).c_str(), 1);
  return devices_of(spec);
}

TEST(StepWorker, ACleanWorkerGivesTheSameMeasurements) {
  fake::Spec spec;
  auto gpu = fake_gpu();
  gpu.gemm_tflops = 3.25;
  gpu.fault_words = {5};
  spec.devices = {gpu};
  WorkerExecutor executor(fake_worker_launch());
  Report report = run_and_judge(worker_devices(spec), executor);
  const auto& m = report.gpus[0].measurements;
  EXPECT_TRUE(m.step_failures.empty()) << (m.step_failures.empty() ? "" : m.step_failures[0].what);
  ASSERT_TRUE(m.vram);
  EXPECT_GE(m.vram->error_count, 1u);
  ASSERT_TRUE(m.compute);
  EXPECT_DOUBLE_EQ(m.compute->gemm.front().throughput.tflops_median, 3.25);
  EXPECT_TRUE(m.transfers);
  EXPECT_TRUE(m.burn);
  EXPECT_EQ(report.gpus[0].backend, "fake");
}

TEST(StepWorker, AWorkersProgressReachesTheParentAsStatus) {
  fake::Spec spec;
  spec.devices = {fake_gpu()};
  WorkerExecutor executor(fake_worker_launch());
  std::vector<StepProgress> statuses;
  StepRunnerHooks hooks;
  hooks.on_event = [&](const StepEvent& event) {
    if (event.kind == StepEvent::Kind::status && event.step == StepKind::vram) statuses.push_back(event.status);
  };
  run_and_judge(worker_devices(spec), executor, hooks, {StepKind::vram});
  ASSERT_FALSE(statuses.empty());  // sent by the worker process, read from its pipe
  EXPECT_DOUBLE_EQ(statuses.back().fraction_done, 1.0);  // the last one always comes
  EXPECT_THAT(statuses.back().subtest, HasSubstr("under test"));
  EXPECT_EQ(statuses.back().rate_unit, RateUnit::bytes_per_s);
  ASSERT_TRUE(statuses.back().errors);
}

TEST(StepWorker, StatusMessagesRoundTrip) {
  StepProgress p;
  p.fraction_done = 0.25;
  p.subtest = "fp16 GEMM square";
  p.rate = 2e12;
  p.rate_unit = RateUnit::flops_per_s;
  p.errors = 3;
  p.seconds_left = 12;
  const auto back = step_progress_from_json(step_progress_json(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->subtest, p.subtest);
  EXPECT_EQ(back->rate_unit, RateUnit::flops_per_s);
  EXPECT_EQ(back->errors, p.errors);
  EXPECT_EQ(back->seconds_left, p.seconds_left);
  EXPECT_FALSE(step_progress_from_json("{\"fraction_done\": \"half\"}"));
}

class BrokenWorker : public ::testing::TestWithParam<std::tuple<fake::Workload, fake::Fault>> {};

TEST_P(BrokenWorker, CostsOneStepAndTheReportIsComplete) {
  const auto [workload, fault] = GetParam();
  fake::Spec spec;
  auto gpu = fake_gpu();
  gpu.faults[workload] = fault;
  spec.devices = {gpu};
  WorkerExecutor executor(fake_worker_launch());
  Report report = run_and_judge(worker_devices(spec), executor);
  const auto& m = report.gpus[0].measurements;
  if (workload == fake::Workload::vram && fault == fake::Fault::lose_device) {
    // A lost device is a finding of the VRAM test itself (measurements.vram.device_error).
    ASSERT_TRUE(m.vram && m.vram->device_error);
    // How vram.integrity judges device_error is the VRAM judge's business (reports/vram/).
    return;
  }
  ASSERT_EQ(m.step_failures.size(), 1u);
  const auto step = std::string(step_info(static_cast<StepKind>(workload)).name);
  EXPECT_EQ(m.step_failures[0].step, step);
  const char* expected = fault == fake::Fault::hang    ? "no answer for 1 s in the "
                         : fault == fake::Fault::crash ? "the worker was killed by SIGSEGV in the "
                                                       : "device lost";
  EXPECT_THAT(m.step_failures[0].what, HasSubstr(expected));
  // The steps after it ran.
  EXPECT_EQ(m.burn.has_value(), workload != fake::Workload::burn);
  EXPECT_EQ(m.compute.has_value(), workload != fake::Workload::compute);
  EXPECT_EQ(report.verdict.status, VerdictStatus::untested);
  EXPECT_EQ(exit_code_for(report, false), 3);
  // The report is whole: it serializes and loads back with the failure in it.
  auto loaded = parse_report(report_to_json_text(report));
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->gpus[0].measurements.step_failures.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(EveryStep, BrokenWorker,
                         ::testing::Combine(::testing::Values(fake::Workload::vram, fake::Workload::transfers,
                                                              fake::Workload::compute, fake::Workload::burn),
                                            ::testing::Values(fake::Fault::hang, fake::Fault::crash,
                                                              fake::Fault::lose_device)));

TEST(StepWorker, CtrlCReachesAHungWorkerAndThePartialReportIsDueAtOnce) {
  fake::Spec spec;
  auto gpu = fake_gpu();
  gpu.faults[fake::Workload::vram] = fake::Fault::hang;
  spec.devices = {gpu};
  auto launch = fake_worker_launch();
  launch.silence_limit_s = 60;  // only the interrupt can end it
  WorkerExecutor executor(launch);
  const auto start = std::chrono::steady_clock::now();
  StepRunnerHooks hooks;
  hooks.cancelled = [start] { return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(300); };
  Report report = run_and_judge(worker_devices(spec), executor, hooks);
  const double took_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(took_s, 2.0);
  EXPECT_TRUE(report.interrupted);
  EXPECT_EQ(exit_code_for(report, false), 3);
}

TEST(StepWorker, AWorkerThatCannotStartIsThatStepsError) {
  fake::Spec spec;
  spec.devices = {fake_gpu()};
  auto launch = fake_worker_launch();
  launch.executable = "/nonexistent/rigcheck-worker";
  WorkerExecutor executor(launch);
  Report report = run_and_judge(worker_devices(spec), executor, {}, {StepKind::vram});
  ASSERT_EQ(report.gpus[0].measurements.step_failures.size(), 1u);
  EXPECT_THAT(report.gpus[0].measurements.step_failures[0].what, HasSubstr("could not start the worker"));
}

}  // namespace
}  // namespace rigcheck
