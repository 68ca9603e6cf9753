// Vulkan attention for real: the unfused path (QK^T GEMM, causal softmax, PV GEMM) and the fused
// online-softmax kernel, at sequence lengths that are not multiples of the 64-row / 32-key tiles
// (257: five row blocks, the last with one row; nine key tiles, the last with one key), on 2 x 2
// batch x heads.
#include <gtest/gtest.h>

#include <tuple>

#include "vulkan_device_fixture.hpp"

namespace rigcheck {
namespace {

class VulkanAttention : public ::testing::TestWithParam<std::tuple<std::string, std::uint32_t, bool>> {};

TEST_P(VulkanAttention, BothPathsMatchCpuReference) {
  REQUIRE_COMPUTE_DEVICE(kernels);
  const auto& [precision, seq_len, causal] = GetParam();
  if (auto why = kernels->unsupported_reason("attention", precision); !why.empty()) GTEST_SKIP() << why;
  AttentionShape shape{"test", 2, 2, seq_len, 64, causal};
  auto a = measure_vulkan_attention(*kernels, shape, precision, testing::quick_settings());
  ASSERT_TRUE(a.ok()) << a.error();
  ASSERT_EQ(a->size(), 2u);
  for (const auto& m : *a) {
    EXPECT_TRUE(m.reference.passed()) << m.implementation << ": " << m.reference.mismatches << " of "
                                      << m.reference.checked_elements << " wrong, max error "
                                      << m.reference.max_abs_error;
    EXPECT_GT(m.throughput.tflops_median, 0);
    EXPECT_DOUBLE_EQ(m.flops_full, 4.0 * 4 * seq_len * seq_len * 64);
    EXPECT_DOUBLE_EQ(m.flops_causal, causal ? m.flops_full / 2 : m.flops_full);
  }
  EXPECT_EQ((*a)[0].implementation, "vulkan-unfused");
  EXPECT_EQ((*a)[1].implementation, "vulkan-fused");
}

INSTANTIATE_TEST_SUITE_P(Shapes, VulkanAttention,
                         ::testing::Combine(::testing::Values("fp32", "fp16"), ::testing::Values(1u, 37u, 100u, 130u, 257u),
                                            ::testing::Bool()),
                         [](const auto& p) {
                           return std::get<0>(p.param) + "_s" + std::to_string(std::get<1>(p.param)) +
                                  (std::get<2>(p.param) ? "_causal" : "_full");
                         });

}  // namespace
}  // namespace rigcheck
