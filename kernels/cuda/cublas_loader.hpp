#pragma once
// cuBLAS and cuBLASLt are loaded at run time, not linked: rigcheck then starts on a machine
// without the CUDA toolkit (cudart is linked statically; the driver is dlopened by cudart), and
// only the GEMM paths need these libraries. cublas_loader.cpp defines each cuBLAS entry point we
// call as a forwarder to the loaded library; when it is missing, every call fails with
// CUBLAS_STATUS_NOT_INITIALIZED and cublas_load_failure() says why (cublas_error() names it).
// Searched: the loader path, then the build's toolkit folder; or only $RIGCHECK_CUBLAS_DIR when set.
#include <optional>
#include <string>

namespace rigcheck {

// Why cuBLAS/cuBLASLt could not be loaded ("libcublasLt.so.13: cannot open shared object file:
// ..."), or nothing when both are loaded. Loads them on the first call; thread-safe.
std::optional<std::string> cublas_load_failure();

// For `rigcheck --version`: "cuBLAS 13.1.0 loaded from libcublas.so.13" or "cuBLAS not found
// (...)". Loads the libraries like the first GEMM would.
std::string cublas_runtime_summary();

}  // namespace rigcheck
