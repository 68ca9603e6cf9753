// The Vulkan GEMM shaders for real (lavapipe in CI) at sizes that are not multiples of the
// 64x64x16 tile, each precision against the CPU reference.
#include <gtest/gtest.h>

#include <tuple>

#include "vulkan_device_fixture.hpp"

namespace rigcheck {
namespace {

class VulkanGemm : public ::testing::TestWithParam<std::tuple<std::string, GemmShape>> {};

TEST_P(VulkanGemm, MatchesCpuReference) {
  REQUIRE_COMPUTE_DEVICE(kernels);
  const auto& [precision, shape] = GetParam();
  if (auto why = kernels->unsupported_reason("gemm", precision); !why.empty()) GTEST_SKIP() << why;
  auto g = measure_vulkan_gemm(*kernels, shape, precision, testing::quick_settings());
  ASSERT_TRUE(g.ok()) << g.error();
  EXPECT_TRUE(g->reference.passed()) << g->reference.mismatches << " of " << g->reference.checked_elements
                                     << " wrong, max error " << g->reference.max_abs_error;
  EXPECT_EQ(g->reference.checked_elements, std::min<std::uint64_t>(shape.m, 24) * std::min<std::uint64_t>(shape.n, 96));
  EXPECT_EQ(g->throughput.samples, 2u);
  EXPECT_GT(g->throughput.tflops_median, 0);
  EXPECT_DOUBLE_EQ(g->flops_per_run, 2.0 * shape.m * shape.n * shape.k);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, VulkanGemm,
    ::testing::Combine(::testing::Values("fp32", "fp16", "int8"),
                       ::testing::Values(GemmShape{"tiny", 1, 1, 1}, GemmShape{"ragged", 70, 45, 33},
                                         GemmShape{"tall", 130, 67, 200}, GemmShape{"square", 128, 128, 128})),
    [](const auto& p) { return std::get<0>(p.param) + "_" + std::get<1>(p.param).name; });

TEST(VulkanGemmUnsupported, Tf32IsASkipReason) {
  REQUIRE_COMPUTE_DEVICE(kernels);
  EXPECT_NE(kernels->unsupported_reason("gemm", "tf32").find("CUDA"), std::string::npos);
  auto g = measure_vulkan_gemm(*kernels, {"x", 8, 8, 8}, "bf16", testing::quick_settings());
  EXPECT_FALSE(g.ok());
}

}  // namespace
}  // namespace rigcheck
