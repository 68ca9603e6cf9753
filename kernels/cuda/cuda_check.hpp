#pragma once
// CUDA runtime and cuBLAS status codes as the one-line Error every failed call becomes.
#include <string>
#include <string_view>

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include "reports/result.hpp"

namespace rigcheck {

std::string_view cublas_status_name(cublasStatus_t status);
Error cuda_error(std::string_view call, cudaError_t code);        // "cudaMalloc: cudaErrorMemoryAllocation (out of memory)"
Error cublas_error(std::string_view call, cublasStatus_t status);  // "cublasGemmEx: CUBLAS_STATUS_NOT_SUPPORTED"

}  // namespace rigcheck
