#pragma once
// Host side of every measurement: random inputs (never zeros), fp16 bits, and the CPU references
// (double accumulation) that GEMM and attention outputs are checked against, on a sub-block of
// rows and columns for large shapes.
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "kernels/compute/gemm_tolerance.hpp"
#include "reports/compute/compute_result.hpp"

namespace rigcheck {

// IEEE binary16 for finite values in the normal range and zero (all this code ever converts).
std::uint16_t float_to_half_bits(float value);
float half_bits_to_float(std::uint16_t bits);
// OCP e4m3 (NVIDIA's __nv_fp8_e4m3): round to nearest even, saturate to ±448, NaN -> 0x7f.
std::uint8_t float_to_e4m3_bits(float value);
float e4m3_bits_to_float(std::uint8_t bits);

// Uniform in [-1, 1]. fp16_exact: multiples of 1/1024 (at most 11 significant bits), so fp16 and
// TF32 hold them without rounding and the reference sees exactly the device's inputs.
std::vector<float> random_floats(std::size_t count, std::uint64_t seed, bool fp16_exact);
// Uniform in [-127, 127] (int8 values, kept as float for the reference).
std::vector<float> random_int8_values(std::size_t count, std::uint64_t seed);

// The random inputs of a GEMM or attention run at `precision` (fp32 tf32 fp16 bf16 int8 fp8), each
// exact in that precision's storage: the reference sees what the device sees, so only
// accumulation and output rounding count against the tolerance.
std::vector<float> random_inputs_for(std::string_view precision, std::size_t count, std::uint64_t seed);

// Which of `count` indices to check: all up to `max_samples`, otherwise the first and last few
// (edge tiles) and evenly spaced ones between.
std::vector<std::uint64_t> sample_indices(std::uint64_t count, std::uint64_t max_samples);

// Attention tolerances (docs/compute.md); GEMM tolerances: gemm_tolerance.hpp.
inline constexpr double kAttentionFp32AbsTolerance = 1e-4;
inline constexpr double kAttentionFp16AbsTolerance = 2e-3;  // P rounded to fp16 in the unfused path

// The rows and columns of C that check_gemm compares (sample_indices of each). A device path
// downloads only gemm_checked_rows(m) of C: the whole output of a large GEMM (the LM head at
// T = 4096 holds 200M elements) would cost gigabytes of host memory to compare 2304 of them.
inline constexpr std::uint64_t kGemmCheckedRows = 24;
inline constexpr std::uint64_t kGemmCheckedColumns = 96;
std::vector<std::uint64_t> gemm_checked_rows(std::uint64_t m);

// The checked rows of a row-major m x n output as a device path downloaded them: `values` holds
// rows()[i]'s n elements at [i * n]. at() reads element row * n + col for check_gemm; a row not
// downloaded reads NaN (a mismatch, never a match).
class GemmCheckedRows {
 public:
  GemmCheckedRows(std::uint64_t m, std::uint64_t n);
  const std::vector<std::uint64_t>& rows() const { return rows_; }
  std::vector<double>& values() { return values_; }
  double at(std::uint64_t index) const;

 private:
  std::uint64_t n_;
  std::vector<std::uint64_t> rows_;
  std::vector<double> values_;
};

// C = A (m x k) * B (k x n), row-major; `c_at(row * n + col)` reads the device's output, only ever
// in the rows gemm_checked_rows(m). The one comparison every GEMM result goes through.
ReferenceCheck check_gemm(const std::vector<float>& a, const std::vector<float>& b,
                          const std::function<double(std::uint64_t)>& c_at, std::uint64_t m, std::uint64_t n,
                          std::uint64_t k, const GemmTolerance& tolerance);

// O = softmax(Q K^T / sqrt(d) + causal mask) V per head; tensors [heads][seq_len][d].
ReferenceCheck check_attention(const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v,
                               const std::vector<float>& o, std::uint64_t heads, std::uint64_t seq_len,
                               std::uint64_t head_dim, bool causal, double abs_tolerance);

}  // namespace rigcheck
