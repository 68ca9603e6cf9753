// The compute judges: correctness first, then throughput against the card's spec peak.
#include <gtest/gtest.h>

#include <algorithm>

#include "compute_test_fixtures.hpp"
#include "reports/compute/judge_compute.hpp"

namespace rigcheck {
namespace {

// By value: callers pass temporaries (judge_compute(...)), which a reference would outlive.
Check find(const std::vector<Check>& checks, const std::string& id) {
  auto it = std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return c.id == id; });
  if (it == checks.end()) {
    ADD_FAILURE() << "no check " << id;
    return Check{};
  }
  return *it;
}

TEST(JudgeCompute, OneCheckPerPrecision) {
  const auto checks = judge_compute(ComputeResult{}, nullptr, Policy{});
  EXPECT_EQ(checks.size(), 9u);  // 6 GEMM + 3 attention precisions
  for (const auto& c : checks) EXPECT_EQ(c.status, CheckStatus::skip) << c.id;
  EXPECT_NE(find(checks, "compute.gemm.fp8").summary.find("not run"), std::string::npos);
}

TEST(JudgeCompute, LavapipePassesWithoutRatio) {
  ComputeResult r;
  r.backend = "vulkan";
  r.gemm.push_back(testing::gemm_row("fp32", 0.02));
  r.gemm.push_back(testing::gemm_row("fp32", 0.03));
  r.attention.push_back(testing::attention_row("fp32", "vulkan-unfused", 0.005));
  r.attention.push_back(testing::attention_row("fp32", "vulkan-fused", 0.01));
  const auto checks = judge_compute(r, nullptr, Policy{});
  const Check& gemm = find(checks, "compute.gemm.fp32");
  EXPECT_EQ(gemm.status, CheckStatus::pass);
  EXPECT_NEAR(gemm.metrics.at("throughput").value, 0.03, 1e-9);
  EXPECT_EQ(gemm.metrics.count("fraction_of_peak"), 0u);
  EXPECT_NE(gemm.summary.find("no card entry"), std::string::npos) << gemm.summary;
  const Check& attention = find(checks, "compute.attention.fp32");
  EXPECT_EQ(attention.status, CheckStatus::pass);
  EXPECT_NE(attention.summary.find("vulkan-fused"), std::string::npos);
}

TEST(JudgeCompute, P40FarBelowItsClassWarns) {
  const CardSpec* p40 = find_card_by_key("p40");
  ASSERT_NE(p40, nullptr);
  ComputeResult r;
  r.gemm.push_back(testing::gemm_row("fp32", 3.0));   // about a quarter of 11.76
  r.gemm.push_back(testing::gemm_row("int8", 40.0));  // near the DP4A peak
  const auto checks = judge_compute(r, p40, Policy{});
  const Check& fp32 = find(checks, "compute.gemm.fp32");
  EXPECT_EQ(fp32.status, CheckStatus::warn);
  EXPECT_NE(fp32.summary.find("far below its class"), std::string::npos) << fp32.summary;
  EXPECT_NEAR(fp32.metrics.at("fraction_of_peak").value, 3.0 / p40->fp32_tflops, 1e-6);
  EXPECT_FALSE(fp32.advice.empty());
  const Check& int8 = find(checks, "compute.gemm.int8");
  if (p40->int8_tops) {
    EXPECT_EQ(int8.status, CheckStatus::pass) << int8.summary;
  }
  EXPECT_EQ(int8.metrics.at("throughput").unit, "TOPS");
}

TEST(JudgeCompute, ThrottledSmClockIsShownWithTheSlowResult) {
  const CardSpec* p40 = find_card_by_key("p40");
  ASSERT_NE(p40, nullptr);
  ComputeResult r;
  r.gemm.push_back(testing::gemm_row("fp32", 3.0));
  r.gemm.back().throughput.sm_clock_mhz_median = 1303;
  r.gemm.back().throughput.sm_clock_mhz_min = 544;
  const Check fp32 = find(judge_compute(r, p40, Policy{}), "compute.gemm.fp32");
  EXPECT_EQ(fp32.status, CheckStatus::warn);
  EXPECT_NE(fp32.summary.find("lowest 544 MHz"), std::string::npos) << fp32.summary;
  ASSERT_FALSE(fp32.evidence.empty());
  EXPECT_NE(fp32.evidence.front().find("SM clock median 1303 MHz"), std::string::npos) << fp32.evidence.front();
}

TEST(JudgeCompute, PolicyThresholdDecides) {
  const CardSpec* p40 = find_card_by_key("p40");
  ASSERT_NE(p40, nullptr);
  ComputeResult r;
  r.gemm.push_back(testing::gemm_row("fp32", 3.0));
  Policy lenient;
  lenient.compute.min_fraction_of_peak_warn = 0.2;
  EXPECT_EQ(find(judge_compute(r, p40, lenient), "compute.gemm.fp32").status, CheckStatus::pass);
}

TEST(JudgeCompute, MismatchFailsEvenWhenFast) {
  ComputeResult r;
  r.gemm.push_back(testing::gemm_row("fp16", 50.0, 3));
  r.gemm.push_back(testing::gemm_row("fp16", 10.0));
  const Check& c = find(judge_compute(r, nullptr, Policy{}), "compute.gemm.fp16");
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_NE(c.summary.find("3 of 100"), std::string::npos) << c.summary;
  EXPECT_EQ(c.metrics.at("mismatches").value, 3);
}

TEST(JudgeCompute, SkipCarriesTheReasonAndCardNote) {
  const CardSpec* m40 = find_card_by_key("m40");
  ASSERT_NE(m40, nullptr);
  ComputeResult r;
  r.backend = "cuda";
  r.skipped.push_back({"gemm", "fp16", "sm_52 has no fp16 arithmetic"});
  const Check& c = find(judge_compute(r, m40, Policy{}), "compute.gemm.fp16");
  EXPECT_EQ(c.status, CheckStatus::skip);
  EXPECT_NE(c.summary.find("sm_52 has no fp16 arithmetic"), std::string::npos);
  if (!m40->precision_note.empty()) {
    EXPECT_FALSE(c.advice.empty());
  }
}

TEST(JudgeCompute, SpecPeakPerPrecision) {
  const CardSpec* p40 = find_card_by_key("p40");
  ASSERT_NE(p40, nullptr);
  EXPECT_DOUBLE_EQ(*spec_peak_tflops(*p40, "fp32"), p40->fp32_tflops);
  EXPECT_EQ(spec_peak_tflops(*p40, "bf16"), p40->bf16_tflops);
  EXPECT_FALSE(spec_peak_tflops(*p40, "nonsense"));
}

}  // namespace
}  // namespace rigcheck
