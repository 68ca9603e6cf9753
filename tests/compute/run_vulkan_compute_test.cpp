// The entry point end to end on the first Vulkan device with tiny shapes, judged as `rigcheck
// compute` would judge it on lavapipe (no card entry: pass on correctness, no ratio).
#include <gtest/gtest.h>

#include <algorithm>

#include "kernels/compute/run_vulkan_compute.hpp"
#include "reports/compute/judge_compute.hpp"

namespace rigcheck {
namespace {

ComputeOptions tiny() {
  ComputeOptions o;
  o.square_size = 96;
  o.tokens = 8;
  o.seq_len = 40;
  o.attention_batch = 1;
  o.samples = 2;
  o.models = {"gpt2"};
  o.vocabulary = 1000;  // the full 50257-column LM head takes ~40 s on lavapipe
  return o;
}

TEST(ComputePlan, GptShapesFollowTheModel) {
  ComputeOptions o;
  o.models = {"gpt2-xl"};
  const ComputePlan plan = plan_compute(o, false);
  ASSERT_EQ(plan.gemm.size(), 6u);
  EXPECT_EQ(plan.gemm[0].name, "square");
  EXPECT_EQ(plan.gemm[1].n, 4800u);  // QKV: d -> 3d
  EXPECT_EQ(plan.gemm[4].k, 6400u);  // MLP down: 4d -> d
  EXPECT_EQ(plan.gemm[5].n, 50257u);
  ASSERT_EQ(plan.attention.size(), 1u);
  EXPECT_EQ(plan.attention[0].heads, 25u);
  EXPECT_EQ(plan.attention[0].seq_len, 1024u);
  const ComputePlan cpu = plan_compute(ComputeOptions{}, true);
  EXPECT_EQ(cpu.gemm[0].m, 512u);
  EXPECT_EQ(cpu.attention.size(), 1u);
  ComputeOptions square;
  square.shapes = "square";
  EXPECT_EQ(plan_compute(square, true).gemm.size(), 1u);
  EXPECT_TRUE(plan_compute(square, true).attention.empty());
}

TEST(RunVulkanCompute, EveryPrecisionIsMeasuredOrSkippedAndJudged) {
  auto result = run_vulkan_compute(0, tiny(), {});
  if (!result) GTEST_SKIP() << "no usable Vulkan device: " << result.error();
  EXPECT_EQ(result->backend, "vulkan");
  EXPECT_FALSE(result->interrupted);
  for (const auto& n : result->notes) EXPECT_EQ(n.find("not measured"), std::string::npos) << n;
  const auto checks = judge_compute(*result, nullptr, Policy{});
  for (const auto& c : checks) {
    SCOPED_TRACE(c.id + ": " + c.summary);
    if (c.id == "compute.gemm.fp32" || c.id == "compute.attention.fp32") {
      EXPECT_EQ(c.status, CheckStatus::pass);
    } else {
      EXPECT_TRUE(c.status == CheckStatus::pass || c.status == CheckStatus::skip);
    }
    if (c.status == CheckStatus::skip) {
      EXPECT_NE(c.summary.find("not measured"), std::string::npos);
    }
  }
  // 6 GEMM shapes per precision run (square + 5 layers), two attention paths per precision.
  const auto fp32_gemms = std::count_if(result->gemm.begin(), result->gemm.end(),
                                        [](const GemmMeasurement& g) { return g.precision == "fp32"; });
  EXPECT_EQ(fp32_gemms, 6);
}

TEST(ComputePlan, TheProgressWeighsSubTestsByTheirFlops) {
  ComputeOptions o;
  o.models = {"gpt2"};
  const ComputePlan plan = plan_compute(o, false);
  const GemmShape& lm_head = plan.gemm.back();
  ASSERT_EQ(lm_head.name, "gpt2.lm_head");
  EXPECT_DOUBLE_EQ(planned_flops(lm_head), 2.0 * 4096 * 50257 * 768);
  // The LM head alone is more than a third of gpt2's GEMM work: the bar must not count it as 1/6.
  EXPECT_GT(planned_flops(lm_head) / planned_flops(plan.gemm), 1.0 / 3);
  EXPECT_DOUBLE_EQ(planned_flops(plan.attention[0]), 4.0 * 8 * 12 * 1024 * 1024 * 64);
  ComputeProgress progress;
  progress.plan(plan.gemm.size(), planned_flops(plan.gemm));
  progress.finish(plan.gemm.size() - 1, planned_flops(plan.gemm) - planned_flops(lm_head));
  EXPECT_LT(progress.fraction_done(), 0.67);  // by count it would say 5/6
  progress.finish(1, planned_flops(lm_head));
  EXPECT_DOUBLE_EQ(progress.fraction_done(), 1.0);
}

TEST(RunVulkanCompute, ProgressRisesByFlopsAndEndsAtTheWhole) {
  auto options = tiny();
  options.precisions = {"fp32"};
  std::vector<ComputeProgress> seen;
  options.progress = [&](const ComputeProgress& p) { seen.push_back(p); };
  auto result = run_vulkan_compute(0, options, {});
  if (!result) GTEST_SKIP() << "no usable Vulkan device: " << result.error();
  ASSERT_FALSE(seen.empty());
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i].fraction_done(), seen[i - 1].fraction_done());
  EXPECT_GT(seen.back().work_total, 0);
  EXPECT_DOUBLE_EQ(seen.back().fraction_done(), 1.0);
  EXPECT_EQ(seen.back().done, seen.back().total);
}

TEST(RunVulkanCompute, CancelStopsEarly) {
  auto result = run_vulkan_compute(0, tiny(), [] { return true; });
  if (!result) GTEST_SKIP() << "no usable Vulkan device: " << result.error();
  EXPECT_TRUE(result->interrupted);
  EXPECT_TRUE(result->gemm.empty());
}

TEST(RunVulkanCompute, MissingDeviceIsAnError) {
  auto result = run_vulkan_compute(999, tiny(), {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("999"), std::string::npos);
}

}  // namespace
}  // namespace rigcheck
