#pragma once
// How a row-major C (m x n) = A (m x k) B (k x n) is handed to column-major cuBLAS(Lt): plain C
// is column-major C^T = B^T A^T, so B goes first. NN: B as stored (n-contiguous rows). TN: B
// uploaded transposed (k-contiguous, n x k) with op T, A as stored (k-contiguous) with op N: both
// operands contiguous along k. cuBLASLt's int8 and fp8 tensor-core kernels in regular (not COL32)
// ordering exist only for TN; int8 in NN gets NOT_SUPPORTED or a slow kernel without tensor cores.
// Plain C++ (no CUDA headers), so the choice is tested on any machine.
#include <string_view>

namespace rigcheck {

enum class GemmOperandOrder { nn, tn };

constexpr GemmOperandOrder gemm_operand_order(std::string_view precision) {
  return precision == "int8" || precision == "fp8" ? GemmOperandOrder::tn : GemmOperandOrder::nn;
}

}  // namespace rigcheck
