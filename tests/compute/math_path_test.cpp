// Issue 17 item 5: each precision is rated by the arithmetic actually run on the card.
#include <gtest/gtest.h>

#include "reports/compute/judge_compute.hpp"
#include "reports/compute/math_path.hpp"
#include "tests/compute/compute_test_fixtures.hpp"

namespace rigcheck {
namespace {

Check find(const std::vector<Check>& checks, const std::string& id) {
  for (const auto& c : checks)
    if (c.id == id) return c;
  throw std::runtime_error("no check " + id);
}

GemmMeasurement cublas_fp16(double tflops, const char* accumulate) {
  auto g = testing::gemm_row("fp16", tflops);
  g.implementation = "cublas";
  g.accumulate = accumulate;
  return g;
}

TEST(MathPath, Fp16DataWithFp32AccumulateRunsOnFp32UnitsBeforeVolta) {
  EXPECT_EQ(math_path_run(*find_card_by_key("p40"), "fp16", "fp32", "cublas"), MathPath::fp32);
  EXPECT_EQ(math_path_run(*find_card_by_key("m40"), "fp16", "fp32", "cublas"), MathPath::fp32);
  EXPECT_EQ(math_path_run(*find_card_by_key("v100"), "fp16", "fp32", "cublas"), MathPath::tensor_fp16_acc32);
  EXPECT_EQ(math_path_run(*find_card_by_key("p40"), "fp16", "fp16", "cublas"), MathPath::fp16_half2);
  EXPECT_EQ(math_path_run(*find_card_by_key("m40"), "fp16", "fp16", "cublas"), std::nullopt);
}

TEST(MathPath, OurOwnKernelsComputeInFp32) {
  EXPECT_EQ(math_path_run(*find_card_by_key("h100-pcie"), "fp16", "fp32", "cuda-fused"), MathPath::fp32);
  EXPECT_EQ(math_path_run(*find_card_by_key("3090"), "bf16", "fp32", "vulkan-tiled"), MathPath::fp32);
  EXPECT_EQ(math_path_run(*find_card_by_key("3090"), "bf16", "fp32", "cuda-unfused"), MathPath::tensor_bf16);
  EXPECT_EQ(math_path_run(*find_card_by_key("p40"), "int8", "int32", "vulkan-tiled"), std::nullopt)
      << "int32 multiplies, not DP4A: no listed rate";
  EXPECT_EQ(math_path_run(*find_card_by_key("p40"), "int8", "int32", "cublas"), MathPath::int8_dp4a);
}

TEST(MathPath, P40Fp16GemmAtFp32SpeedIsRatedAgainstTheFp32Peak) {
  // About 10 TFLOPS: before, 5000% of the 0.18 TFLOPS half2 peak; now about 85% of 11.76.
  ComputeResult r;
  r.backend = "cuda";
  r.gemm.push_back(cublas_fp16(10.0, "fp32"));
  const Check c = find(judge_compute(r, find_card_by_key("p40"), Policy{}), "compute.gemm.fp16");
  EXPECT_EQ(c.status, CheckStatus::pass) << c.summary;
  ASSERT_TRUE(c.metrics.count("fraction_of_peak")) << c.summary;
  EXPECT_NEAR(c.metrics.at("fraction_of_peak").value, 10.0 / 11.76, 1e-3);
  EXPECT_NE(c.summary.find("fp32 units"), std::string::npos) << c.summary;
}

TEST(MathPath, GeForceFp32AccumulateIsHeldToItsOwnHalfRatePeak) {
  ComputeResult r;
  r.backend = "cuda";
  r.gemm.push_back(cublas_fp16(60.0, "fp32"));
  const Check c = find(judge_compute(r, find_card_by_key("3090"), Policy{}), "compute.gemm.fp16");
  EXPECT_NEAR(c.metrics.at("spec_peak").value, 71.0, 0.1);
}

}  // namespace
}  // namespace rigcheck
