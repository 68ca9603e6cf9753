// The references themselves: fp16 bits, sampling that covers edge tiles, and a check that
// notices one wrong element.
#include <gtest/gtest.h>

#include "kernels/compute/cpu_reference.hpp"

namespace rigcheck {
namespace {

TEST(CpuReference, HalfBitsRoundTrip) {
  EXPECT_EQ(float_to_half_bits(1.0f), 0x3c00u);
  EXPECT_EQ(float_to_half_bits(-2.0f), 0xc000u);
  EXPECT_EQ(float_to_half_bits(0.0f), 0x0000u);
  EXPECT_EQ(float_to_half_bits(1.0f + 1.0f / 2048), 0x3c00u);  // tie rounds to even
  EXPECT_EQ(float_to_half_bits(1.0f + 3.0f / 2048), 0x3c02u);
  for (float x : random_floats(1000, 7, true)) EXPECT_EQ(half_bits_to_float(float_to_half_bits(x)), x) << x;
}

TEST(CpuReference, RandomInputsAreNeverAllZero) {
  const auto v = random_floats(256, 1, false);
  int zeros = 0;
  for (float x : v) zeros += x == 0.0f;
  EXPECT_LT(zeros, 2);
  for (float x : random_int8_values(256, 2)) EXPECT_TRUE(x >= -127 && x <= 127);
}

TEST(CpuReference, SamplesIncludeBothEdges) {
  const auto all = sample_indices(10, 24);
  EXPECT_EQ(all.size(), 10u);
  const auto some = sample_indices(50257, 96);
  EXPECT_LE(some.size(), 96u);
  EXPECT_EQ(some.front(), 0u);
  EXPECT_EQ(some.back(), 50256u);
}

TEST(CpuReference, GemmCheckFindsOneWrongElement) {
  const std::uint64_t m = 5, n = 7, k = 9;
  const auto a = random_floats(m * k, 3, false), b = random_floats(k * n, 4, false);
  std::vector<double> c(m * n, 0);
  for (std::uint64_t i = 0; i < m; ++i)
    for (std::uint64_t j = 0; j < n; ++j)
      for (std::uint64_t kk = 0; kk < k; ++kk) c[i * n + j] += double(a[i * k + kk]) * b[kk * n + j];
  auto at = [&](std::uint64_t i) { return c[i]; };
  EXPECT_TRUE(check_gemm(a, b, at, m, n, k, gemm_tolerance(GemmNumber::fp32, GemmNumber::fp32)).passed());
  c[17] += 0.01;
  const auto r = check_gemm(a, b, at, m, n, k, gemm_tolerance(GemmNumber::fp32, GemmNumber::fp32));
  EXPECT_EQ(r.mismatches, 1u);
  EXPECT_EQ(r.checked_elements, m * n);
}

}  // namespace
}  // namespace rigcheck
