#pragma once
// fp8 GEMM through cuBLASLt: e4m3 A and B, fp32 accumulate, bf16 output (else fp16 or fp32, the
// first type cuBLASLt has a kernel for). cuBLASLt runs fp8 only in the "TN" layout (column-major
// op(A) = T, op(B) = N), so B is handed over transposed; tensor-wide scale factors of 1.
// Needs sm_89+ and cuBLAS 11.11+ (CUDA 11.8; fp8 on sm_89 came with cuBLAS 12.1): whether this
// card and library run it is only known from a trial call.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <cublasLt.h>
#include <cuda_runtime.h>

#include "kernels/compute/cpu_reference.hpp"  // float_to_e4m3_bits
#include "reports/result.hpp"

namespace rigcheck {

// Empty when this build and a card of compute capability `cc` (major*10 + minor) may run fp8.
std::string fp8_gemm_unsupported_reason(int cc);

// Row-major C (m x n) = A (m x k) * B (k x n) with A as m x k row-major e4m3 and B as its
// transpose, n x k row-major e4m3 (each output column's k values contiguous). Pointers 256-byte
// aligned (cudaMalloc); m, n, k multiples of 16 (fp8 tensor-core tiles).
class CublasLtFp8Gemm {
 public:
  static Result<std::unique_ptr<CublasLtFp8Gemm>> create(cublasLtHandle_t handle, std::uint64_t m, std::uint64_t n,
                                                         std::uint64_t k);
  ~CublasLtFp8Gemm();
  CublasLtFp8Gemm(const CublasLtFp8Gemm&) = delete;
  CublasLtFp8Gemm& operator=(const CublasLtFp8Gemm&) = delete;

  Result<bool> run(const void* a, const void* b_transposed, void* c, cudaStream_t stream) const;
  cudaDataType_t output_type() const { return output_type_; }
  std::string_view output_name() const;  // "bf16" | "fp16" | "fp32"
  std::uint64_t output_bytes() const { return output_type_ == CUDA_R_32F ? 4 : 2; }

 private:
  CublasLtFp8Gemm() = default;
  cublasLtHandle_t handle_ = nullptr;
  cublasLtMatmulDesc_t desc_ = nullptr;
  // cuBLASLt computes column-major C^T = B^T A^T: its A operand is our B^T, its B operand our A.
  cublasLtMatrixLayout_t bt_layout_ = nullptr, a_layout_ = nullptr, c_layout_ = nullptr;
  cublasLtMatmulHeuristicResult_t algo_{};
  cudaDataType_t output_type_ = CUDA_R_32F;
  void* workspace_ = nullptr;
  std::uint64_t workspace_bytes_ = 0;
  float* scale_one_ = nullptr;  // device 1.0f: the A and B scale factors
};

}  // namespace rigcheck
