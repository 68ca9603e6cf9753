// What the GPT-2 estimates take from a report's measurements (reports/judge/gpt2_inputs.cpp): the
// square GEMM figure that matched its reference, unless the physics guard calls it impossible or
// the device's timer or GEMM result check failed its self-test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/judge/gpt2_inputs.hpp"
#include "tests/physics/physics_test_entries.hpp"

namespace rigcheck {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

// A Tesla P40 (fp32 peak 11.76 TFLOPS at 1531 MHz) whose square fp32 GEMM ran at `tflops`.
Report p40_measured(double tflops, SelfChecks self_checks) {
  Report report;
  GpuEntry gpu = testing::with_gemm(testing::p40_entry(), testing::gemm_at(tflops));
  gpu.memory_bytes = 24ull << 30;
  gpu.self_checks = std::move(self_checks);
  report.gpus.push_back(gpu);
  return report;
}

TEST(Gpt2Inputs, APossibleFigureThatMatchedItsReferenceIsUsed) {
  auto inputs = gpt2_inputs_from_report(p40_measured(9.5, SelfChecks{}));
  ASSERT_TRUE(inputs);
  ASSERT_TRUE(inputs->measured_tflops.count("fp32"));
  EXPECT_DOUBLE_EQ(inputs->measured_tflops.at("fp32"), 9.5);
}

TEST(Gpt2Inputs, AFigureAboveThePeakIsLeftOutWithTheReason) {
  auto inputs = gpt2_inputs_from_report(p40_measured(40, SelfChecks{}));
  ASSERT_TRUE(inputs);
  EXPECT_FALSE(inputs->measured_tflops.count("fp32"));
  EXPECT_THAT(inputs->input_basis, Contains(HasSubstr("measured fp32 GEMM figure not used: 40.0 TFLOPS measured (cublas square")));
}

TEST(Gpt2Inputs, AFigureWhoseTimerFailedItsSelfCheckIsLeftOut) {
  SelfChecks timer_failed{{SelfCheckKind::timer, "", SelfCheckOutcome::failed, "device 10x the host clock"}};
  auto inputs = gpt2_inputs_from_report(p40_measured(9.5, timer_failed));
  ASSERT_TRUE(inputs);
  EXPECT_FALSE(inputs->measured_tflops.count("fp32"));
  EXPECT_THAT(inputs->input_basis, Contains(HasSubstr("not used: the timer self-check failed")));
  // A GEMM canary of another precision, or backends that disagree, leave the figure in.
  SelfChecks other{{SelfCheckKind::gemm_detector, "fp16", SelfCheckOutcome::failed, "x"},
                   {SelfCheckKind::cross_backend, "compute.gemm.fp32", SelfCheckOutcome::failed, "x"}};
  EXPECT_TRUE(gpt2_inputs_from_report(p40_measured(9.5, other))->measured_tflops.count("fp32"));
}

}  // namespace
}  // namespace rigcheck
