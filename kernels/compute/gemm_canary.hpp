#pragma once
// The compute canary: proves, on the device under test, that the GEMM result check works. One
// small GEMM per precision whose exact answer is known (integer-valued operands, one planted
// outlier, every value and every partial sum exact in every precision's storage, accumulator and
// output), compared exactly; then one element of the device's answer is corrupted on purpose and
// the comparison that judges the real runs (check_gemm with the precision's tolerance) must report
// exactly that element. Backends run the GEMM; judging it is here, the same for all of them.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/compute/gemm_tolerance.hpp"
#include "reports/self_check.hpp"

namespace rigcheck {

struct GemmCanary {
  // Small enough that every element is checked (m <= 24 rows, n <= 96 columns), multiples of 16
  // (fp8 tensor-core tiles) and of 4 (cuBLAS int8).
  std::uint64_t m = 16, n = 32, k = 32;
  std::vector<float> a, b;  // row-major m x k and k x n; integers in [-2, 2], A's outlier 16
  std::uint64_t outlier_index = 0;  // in A
};

// The same operands for every precision: |C| <= 31*4 + 16*2 = 156, exact even in bf16 (integers
// to 256) and in fp8 (integers to 16 as inputs).
GemmCanary make_gemm_canary();

// What the corruption adds to one element of the device's answer: far beyond any tolerance there.
inline constexpr double kGemmCanaryCorruption = 32;

// The self-check of one precision from the device's answer `c_at(row * n + col)` to the canary.
// `variant` names the arithmetic in the detail ("fp32 accumulate").
SelfCheck judge_gemm_canary(const GemmCanary& canary, std::string_view precision, std::string_view variant,
                            const std::function<double(std::uint64_t)>& c_at, const GemmTolerance& tolerance);

// The self-check of a precision whose canary GEMM could not run (`why`).
SelfCheck gemm_canary_not_run(std::string_view precision, std::string_view why);

}  // namespace rigcheck
