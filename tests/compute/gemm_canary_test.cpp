// The compute canary: its operands are exact everywhere, its judge passes the exact answer under
// every GEMM variant's tolerance and fails a wrong one, a dropped k-slice, and a comparison that
// cannot see a corrupted element; on the first Vulkan device (lavapipe in CI) it passes for real.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "kernels/compute/cpu_reference.hpp"
#include "kernels/compute/gemm_canary.hpp"
#include "kernels/compute/run_vulkan_compute.hpp"
#include "vulkan_device_fixture.hpp"

namespace rigcheck {
namespace {

// The exact C of the canary, leaving out k indices [drop_begin, drop_end).
std::vector<double> exact_answer(const GemmCanary& g, std::uint64_t drop_begin = 0, std::uint64_t drop_end = 0) {
  std::vector<double> c(g.m * g.n, 0.0);
  for (std::uint64_t row = 0; row < g.m; ++row)
    for (std::uint64_t col = 0; col < g.n; ++col)
      for (std::uint64_t kk = 0; kk < g.k; ++kk)
        if (kk < drop_begin || kk >= drop_end) c[row * g.n + col] += double(g.a[row * g.k + kk]) * g.b[kk * g.n + col];
  return c;
}

// Every variant the backends judge: (accumulator, output).
const std::pair<GemmNumber, GemmNumber> kVariants[] = {
    {GemmNumber::fp32, GemmNumber::fp32},           {GemmNumber::fp16, GemmNumber::fp16},
    {GemmNumber::int32, GemmNumber::int32},         {GemmNumber::fp8_tensor_sum, GemmNumber::bf16},
    {GemmNumber::fp8_tensor_sum, GemmNumber::fp16}, {GemmNumber::fp8_tensor_sum, GemmNumber::fp32},
};

TEST(GemmCanary, OperandsAndAnswerAreExactInEveryPrecision) {
  const GemmCanary g = make_gemm_canary();
  EXPECT_LE(g.m, kGemmCheckedRows);  // every element is compared
  EXPECT_LE(g.n, kGemmCheckedColumns);
  EXPECT_EQ(g.m % 16 + g.n % 16 + g.k % 16, 0u);
  EXPECT_EQ(g.a[g.outlier_index], 16.0f);
  for (float x : g.a) EXPECT_EQ(e4m3_bits_to_float(float_to_e4m3_bits(x)), x);
  for (float x : g.b) EXPECT_EQ(e4m3_bits_to_float(float_to_e4m3_bits(x)), x);
  const auto c = exact_answer(g);
  double largest = 0;
  for (double x : c) largest = std::max(largest, std::fabs(x));
  EXPECT_LE(largest, 256.0);  // integers exact in bf16 (8 significant bits) and in every other output
  EXPECT_GT(largest, 32.0);   // the outlier's row stands out
  EXPECT_GT(std::count_if(c.begin(), c.end(), [](double x) { return x != 0; }), static_cast<long>(c.size() / 2));
}

TEST(GemmCanary, ExactAnswerPassesUnderEveryTolerance) {
  const GemmCanary g = make_gemm_canary();
  const auto c = exact_answer(g);
  for (const auto& [acc, out] : kVariants) {
    const SelfCheck sc = judge_gemm_canary(g, "fp32", "test", [&](std::uint64_t i) { return c[i]; }, gemm_tolerance(acc, out));
    EXPECT_EQ(sc.kind, SelfCheckKind::gemm_detector);
    EXPECT_EQ(sc.subject, "fp32");
    EXPECT_EQ(sc.outcome, SelfCheckOutcome::passed) << sc.detail;
  }
}

TEST(GemmCanary, WrongAnswersFail) {
  const GemmCanary g = make_gemm_canary();
  const auto tolerance = gemm_tolerance(GemmNumber::fp8_tensor_sum, GemmNumber::bf16);  // the loosest
  // A dropped k-slice (16 of 32 products, and the smallest: 2 products).
  for (std::uint64_t slice : {16u, 2u}) {
    const auto c = exact_answer(g, 8, 8 + slice);
    const SelfCheck sc = judge_gemm_canary(g, "fp8", "test", [&](std::uint64_t i) { return c[i]; }, tolerance);
    EXPECT_EQ(sc.outcome, SelfCheckOutcome::failed) << slice;
    EXPECT_NE(sc.detail.find("differ from the exact answer"), std::string::npos) << sc.detail;
  }
  // One element off by half: inside the real tolerance of a large row, but not exact.
  auto c = exact_answer(g);
  c[5 * g.n + 3] += 0.5;
  EXPECT_EQ(judge_gemm_canary(g, "fp8", "test", [&](std::uint64_t i) { return c[i]; }, tolerance).outcome,
            SelfCheckOutcome::failed);
  // NaN anywhere fails.
  c = exact_answer(g);
  c[0] = std::nan("");
  EXPECT_EQ(judge_gemm_canary(g, "fp8", "test", [&](std::uint64_t i) { return c[i]; }, tolerance).outcome,
            SelfCheckOutcome::failed);
}

TEST(GemmCanary, AComparisonBlindToTheCorruptionFails) {
  const GemmCanary g = make_gemm_canary();
  const auto c = exact_answer(g);
  GemmTolerance blind;  // accepts anything within 1000 * sum|a*b|
  blind.accumulation_bound = 1000;
  const SelfCheck sc = judge_gemm_canary(g, "fp16", "test", [&](std::uint64_t i) { return c[i]; }, blind);
  EXPECT_EQ(sc.outcome, SelfCheckOutcome::failed);
  EXPECT_NE(sc.detail.find("0 mismatches instead of 1"), std::string::npos) << sc.detail;
}

TEST(GemmCanary, NotRunSaysWhy) {
  const SelfCheck sc = gemm_canary_not_run("int8", "no int8 storage");
  EXPECT_EQ(sc.outcome, SelfCheckOutcome::not_run);
  EXPECT_NE(sc.detail.find("no int8 storage"), std::string::npos);
}

// For real on the device: each precision's shader reproduces the canary exactly.
TEST(VulkanGemmCanary, PassesOnTheDevice) {
  REQUIRE_COMPUTE_DEVICE(kernels);
  const GemmCanary g = make_gemm_canary();
  for (const char* precision : {"fp32", "fp16", "int8"}) {
    if (!kernels->unsupported_reason("gemm", precision).empty()) continue;
    auto c = run_vulkan_gemm_once(*kernels, precision, g.a, g.b, 16, 32, 32);
    ASSERT_TRUE(c) << c.error();
    const GemmNumber number = std::string_view(precision) == "int8" ? GemmNumber::int32 : GemmNumber::fp32;
    const SelfCheck sc =
        judge_gemm_canary(g, precision, "test", [&](std::uint64_t i) { return (*c)[i]; }, gemm_tolerance(number, number));
    EXPECT_EQ(sc.outcome, SelfCheckOutcome::passed) << precision << ": " << sc.detail;
  }
}

// run_vulkan_compute records one canary per GEMM precision it runs, before the measurements.
TEST(VulkanGemmCanary, RecordedPerPrecision) {
  ComputeOptions o;
  o.shapes = "square";
  o.square_size = 64;
  o.samples = 1;
  o.precisions = {"fp32", "fp16", "int8", "tf32"};
  auto result = run_vulkan_compute(0, o, {});
  if (!result) GTEST_SKIP() << "no usable Vulkan device: " << result.error();
  std::vector<std::string> subjects;
  for (const auto& sc : result->self_checks) {
    EXPECT_EQ(sc.kind, SelfCheckKind::gemm_detector);
    EXPECT_EQ(sc.outcome, SelfCheckOutcome::passed) << sc.subject << ": " << sc.detail;
    subjects.push_back(sc.subject);
  }
  EXPECT_EQ(subjects.front(), "fp32");
  EXPECT_EQ(std::count(subjects.begin(), subjects.end(), "tf32"), 0);  // skipped: no canary
  EXPECT_EQ(subjects.size(), result->gemm.size());  // one square GEMM per precision run
}

}  // namespace
}  // namespace rigcheck
