#include "kernels/compute/gemm_tolerance.hpp"

#include <cmath>

#include <fmt/format.h>

namespace rigcheck {
namespace {

// One row per format: significant bits (the implicit one included) and how many unit roundoffs
// of sum_k |a*b| its accumulation may cost (c_acc, derived in docs/compute.md).
struct GemmNumberRow {
  GemmNumber number;
  std::string_view name;
  int significant_bits;  // 0: integer, exact
  double accumulation_factor;
};
constexpr GemmNumberRow kGemmNumbers[] = {
    {GemmNumber::int32, "int32", 0, 0},
    {GemmNumber::fp32, "fp32", 24, 64},  // tensor cores truncate the running sum: ~22 u at k = 6400
    {GemmNumber::fp16, "fp16", 11, 8},   // rounded to nearest at every step: ~4 u at k = 6400
    {GemmNumber::bf16, "bf16", 8, 0},    // an output format only: no GEMM accumulates in bf16
    {GemmNumber::fp8_tensor_sum, "fp8 tensor-core sum", 14, 16},  // truncated per 32 products: ~6 u
};

const GemmNumberRow& row_of(GemmNumber number) {
  for (const auto& row : kGemmNumbers)
    if (row.number == number) return row;
  return kGemmNumbers[0];
}

}  // namespace

std::string_view to_string(GemmNumber number) { return row_of(number).name; }

double unit_roundoff(GemmNumber number) {
  const int bits = row_of(number).significant_bits;
  return bits == 0 ? 0.0 : std::ldexp(1.0, -bits);
}

std::string GemmTolerance::rule() const {
  if (exact()) return "exact";
  return fmt::format("|c - ref| <= {:.3g} * |ref| + {:.3g} * sum_k |a*b|", output_roundoff, accumulation_bound);
}

GemmTolerance gemm_tolerance(GemmNumber accumulator, GemmNumber output) {
  return {unit_roundoff(output), row_of(accumulator).accumulation_factor * unit_roundoff(accumulator)};
}

}  // namespace rigcheck
