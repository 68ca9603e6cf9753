// The GEMM tolerance (docs/compute.md "Tolerances") against simulated devices: every GEMM variant
// rigcheck runs, on every GEMM shape the profiles plan, with the inputs of the real runs. A device
// that rounds as real hardware does (round to nearest at every step, or truncating partial sums
// as tensor cores do) must pass; one that drops a block of k must fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include <fmt/format.h>

#include "kernels/compute/cpu_reference.hpp"
#include "kernels/compute/gemm_tolerance.hpp"
#include "kernels/compute/run_vulkan_compute.hpp"

namespace rigcheck {
namespace {

// `x` rounded to `bits` significant bits: to nearest even, or toward zero. bits 0: unchanged.
double round_to_bits(double x, int bits, bool toward_zero) {
  if (bits == 0 || x == 0) return x;
  if (bits == 24 && !toward_zero) return static_cast<double>(static_cast<float>(x));  // the same, faster
  int exponent = 0;
  std::frexp(x, &exponent);
  const double scaled = std::ldexp(x, bits - exponent);
  return std::ldexp(toward_zero ? std::trunc(scaled) : std::nearbyint(scaled), exponent - bits);
}

// A GEMM variant as one of the backends runs it (kernels/compute/vk_measure.cpp,
// kernels/cuda/run_cuda_compute.cpp): input precision, formats, and how its hardware accumulates.
struct Variant {
  const char* precision;
  GemmNumber accumulator, output;
  int accumulator_bits, output_bits;  // 0: exact (integer)
  int truncating_block;  // tensor-core model: products summed exactly in blocks of this many, each
                         // block added to the running sum rounding toward zero; 0: none (fp16
                         // accumulators round to nearest)
};
constexpr Variant kVariants[] = {
    {"fp32", GemmNumber::fp32, GemmNumber::fp32, 24, 24, 8},
    {"tf32", GemmNumber::fp32, GemmNumber::fp32, 24, 24, 8},
    {"fp16", GemmNumber::fp32, GemmNumber::fp32, 24, 24, 8},
    {"fp16", GemmNumber::fp16, GemmNumber::fp16, 11, 11, 0},
    {"bf16", GemmNumber::fp32, GemmNumber::fp32, 24, 24, 8},
    {"int8", GemmNumber::int32, GemmNumber::int32, 0, 0, 0},
    {"fp8", GemmNumber::fp8_tensor_sum, GemmNumber::bf16, 14, 8, 32},
    {"fp8", GemmNumber::fp8_tensor_sum, GemmNumber::fp16, 14, 11, 32},
    {"fp8", GemmNumber::fp8_tensor_sum, GemmNumber::fp32, 14, 24, 32},
};

enum class Accumulation { round_each_step, truncate_each_block };

// C of a simulated device (row-major m x n), leaving out k indices [dropped_begin, dropped_end).
std::vector<double> simulate(const Variant& v, Accumulation how, const std::vector<float>& a,
                             const std::vector<float>& b, std::uint64_t m, std::uint64_t n, std::uint64_t k,
                             std::uint64_t dropped_begin = 0, std::uint64_t dropped_end = 0) {
  std::vector<double> c(m * n);
  const auto block = static_cast<std::uint64_t>(v.truncating_block);
  for (std::uint64_t row = 0; row < m; ++row) {
    for (std::uint64_t col = 0; col < n; ++col) {
      double sum = 0, partial = 0;
      for (std::uint64_t kk = 0; kk < k; ++kk) {
        const double product =
            (kk >= dropped_begin && kk < dropped_end) ? 0.0 : double(a[row * k + kk]) * double(b[kk * n + col]);
        if (how == Accumulation::round_each_step) {
          sum = round_to_bits(sum + product, v.accumulator_bits, false);
        } else {
          partial += product;
          if ((kk + 1) % block == 0 || kk + 1 == k) {
            sum = round_to_bits(sum + partial, v.accumulator_bits, true);
            partial = 0;
          }
        }
      }
      c[row * n + col] = round_to_bits(sum, v.output_bits, false);
    }
  }
  return c;
}

// The k of every GEMM the profiles plan (GPU and CPU device, quick or not), with a shape naming it.
std::vector<GemmShape> planned_depths() {
  std::vector<GemmShape> out;
  std::set<std::uint32_t> seen;
  for (bool cpu : {false, true}) {
    for (bool quick : {false, true}) {
      ComputeOptions options;
      options.quick = quick;
      for (const auto& shape : plan_compute(options, cpu).gemm)
        if (seen.insert(shape.k).second) out.push_back(shape);
    }
  }
  return out;
}

// The reference check compares 24 rows x 96 columns of C whatever its size, so a 24 x 96 block
// with the shape's k has the same statistics as the full GEMM (and costs a 200th of it).
constexpr std::uint64_t kRows = kGemmCheckedRows, kColumns = kGemmCheckedColumns;

ReferenceCheck check(const Variant& v, const std::vector<float>& a, const std::vector<float>& b,
                     const std::vector<double>& c, std::uint64_t k) {
  return check_gemm(a, b, [&](std::uint64_t i) { return c[i]; }, kRows, kColumns, k,
                    gemm_tolerance(v.accumulator, v.output));
}

TEST(GemmTolerance, RuleText) {
  EXPECT_EQ(gemm_tolerance(GemmNumber::int32, GemmNumber::int32).rule(), "exact");
  const auto fp32 = gemm_tolerance(GemmNumber::fp32, GemmNumber::fp32);
  EXPECT_DOUBLE_EQ(fp32.output_roundoff, std::ldexp(1.0, -24));
  EXPECT_DOUBLE_EQ(fp32.accumulation_bound, 64 * std::ldexp(1.0, -24));
  EXPECT_EQ(fp32.rule(), "|c - ref| <= 5.96e-08 * |ref| + 3.81e-06 * sum_k |a*b|");
  EXPECT_DOUBLE_EQ(gemm_tolerance(GemmNumber::fp8_tensor_sum, GemmNumber::bf16).output_roundoff, std::ldexp(1.0, -8));
}

// The exact C and sum_k |a*b| of each element.
struct Exact {
  std::vector<double> sum, magnitude;
};
Exact exact_gemm(const std::vector<float>& a, const std::vector<float>& b, std::uint64_t k) {
  Exact e{std::vector<double>(kRows * kColumns), std::vector<double>(kRows * kColumns)};
  for (std::uint64_t row = 0; row < kRows; ++row) {
    for (std::uint64_t col = 0; col < kColumns; ++col) {
      for (std::uint64_t kk = 0; kk < k; ++kk) {
        const double product = double(a[row * k + kk]) * double(b[kk * kColumns + col]);
        e.sum[row * kColumns + col] += product;
        e.magnitude[row * kColumns + col] += std::fabs(product);
      }
    }
  }
  return e;
}

// How many u_acc * sum_k |a*b| the worst element of `c` needs beyond its output rounding.
double worst_accumulation_error(const Variant& v, const Exact& exact, const std::vector<double>& c) {
  const double u_out = unit_roundoff(v.output), u_acc = unit_roundoff(v.accumulator);
  double worst = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const double beyond_output = std::fabs(c[i] - exact.sum[i]) - u_out * std::fabs(exact.sum[i]);
    worst = std::max(worst, beyond_output / (u_acc * exact.magnitude[i]));
  }
  return worst;
}

double accumulation_factor(const Variant& v) {
  return gemm_tolerance(v.accumulator, v.output).accumulation_bound / unit_roundoff(v.accumulator);
}

// Correct results, rounded as hardware rounds, pass at every precision and depth.
TEST(GemmTolerance, RealisticRoundingPasses) {
  for (const auto& shape : planned_depths()) {
    const std::uint64_t k = shape.k;
    std::string inputs_of;
    std::vector<float> a, b;
    Exact exact;
    for (const auto& v : kVariants) {
      if (inputs_of != v.precision) {
        inputs_of = v.precision;
        a = random_inputs_for(v.precision, kRows * k, 1);
        b = random_inputs_for(v.precision, k * kColumns, 2);
        exact = exact_gemm(a, b, k);
      }
      for (auto how : {Accumulation::round_each_step, Accumulation::truncate_each_block}) {
        if (how == Accumulation::truncate_each_block && v.truncating_block == 0) continue;
        const auto c = simulate(v, how, a, b, kRows, kColumns, k);
        const auto r = check(v, a, b, c, k);
        EXPECT_TRUE(r.passed()) << fmt::format("{} ({} acc, {} out) {} k={} {}: {} of {} beyond {}", v.precision,
                                               to_string(v.accumulator), to_string(v.output), shape.name, k,
                                               how == Accumulation::round_each_step ? "rounding" : "truncating",
                                               r.mismatches, r.checked_elements, r.tolerance_rule);
        // With room to spare (a factor 1.5 at least) for hardware that rounds a little worse.
        if (v.accumulator != GemmNumber::int32) {
          EXPECT_LE(1.5 * worst_accumulation_error(v, exact, c), accumulation_factor(v))
              << v.precision << " " << to_string(v.accumulator) << " k=" << k;
        }
      }
    }
  }
}

// One block of k missing from the sum fails at every precision and depth: k/16 (a split-k slice),
// and for fp32 accumulation also the 32-wide k tile of the kernels (fp16 accumulation at large k
// rounds away more than 32 products hold, so there a 32-wide tile is not told apart).
TEST(GemmTolerance, DroppedKSliceFails) {
  for (const auto& shape : planned_depths()) {
    const std::uint64_t k = shape.k;
    for (const auto& v : kVariants) {
      const auto a = random_inputs_for(v.precision, kRows * k, 1), b = random_inputs_for(v.precision, k * kColumns, 2);
      std::vector<std::uint64_t> slices = {k / 16};
      if (v.accumulator == GemmNumber::fp32 || v.accumulator == GemmNumber::int32) slices.push_back(32);
      for (std::uint64_t slice : slices) {
        const auto c = simulate(v, Accumulation::round_each_step, a, b, kRows, kColumns, k, k / 2, k / 2 + slice);
        const auto r = check(v, a, b, c, k);
        // Many elements, not one by chance.
        EXPECT_GT(r.mismatches, r.checked_elements / 10)
            << fmt::format("{} ({} acc, {} out) {} k={} without {} of k: {} of {} beyond {}", v.precision,
                           to_string(v.accumulator), to_string(v.output), shape.name, k, slice, r.mismatches,
                           r.checked_elements, r.tolerance_rule);
      }
    }
  }
}

}  // namespace
}  // namespace rigcheck
