#pragma once
// How far a GEMM output may be from the CPU reference (docs/compute.md "Tolerances"):
//   |c - ref| <= u_out * |ref| + c_acc * u_acc * sum_k |a*b|
// u_out and u_acc are the unit roundoffs (2^-p for p significant bits) of the output type and of
// the accumulator; the reference uses the device's (already rounded) inputs, so only accumulation
// and output rounding count. Integer GEMMs are exact.
#include <string>
#include <string_view>

namespace rigcheck {

// The number formats a GEMM accumulates in or writes. fp8_tensor_sum: the partial sums of fp8
// tensor cores, which keep about 14 significant bits between promotions to fp32.
enum class GemmNumber { int32, fp32, fp16, bf16, fp8_tensor_sum };
std::string_view to_string(GemmNumber number);
double unit_roundoff(GemmNumber number);  // 0 for int32

struct GemmTolerance {
  double output_roundoff = 0;     // u_out
  double accumulation_bound = 0;  // c_acc * u_acc: the share of sum_k |a*b| accumulation may cost
  bool exact() const { return output_roundoff == 0 && accumulation_bound == 0; }
  double bound(double reference_magnitude, double sum_abs_products) const {
    return output_roundoff * reference_magnitude + accumulation_bound * sum_abs_products;
  }
  std::string rule() const;  // the text stored in ReferenceCheck::tolerance_rule
};

// The rule for a GEMM that accumulates in `accumulator` and writes `output`.
GemmTolerance gemm_tolerance(GemmNumber accumulator, GemmNumber output);

}  // namespace rigcheck
