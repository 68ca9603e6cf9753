// The cuBLAS/cuBLASLt entry points rigcheck calls, each forwarding to the library loaded at run
// time (see cublas_loader.hpp). Every function is defined with the header's own declaration in
// scope, so a signature that drifts from the toolkit's is a compile error. A new cuBLAS call
// elsewhere in kernels/cuda/ needs a line here: the link fails until it has one.
#include "kernels/cuda/cublas_loader.hpp"

#include <dlfcn.h>

#include <array>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <cublasLt.h>
#include <cublas_v2.h>
#include <fmt/format.h>

namespace rigcheck {
namespace {

enum class Library { cublas, cublas_lt };

// Sonames of the toolkit the code was compiled against (cuBLAS keeps its ABI within a major).
// The loader path is searched first; then the build machine's toolkit folder, where it is.
// RIGCHECK_CUBLAS_DIR=<folder> replaces both (cuBLAS kept elsewhere, or a test of it missing).
const std::array<std::string, 2> kSonames = {fmt::format("libcublas.so.{}", CUBLAS_VER_MAJOR),
                                             fmt::format("libcublasLt.so.{}", CUBLAS_VER_MAJOR)};

struct Loaded {
  void* lt = nullptr;
  void* blas = nullptr;
  std::string lt_path, blas_path;
  std::optional<std::string> failure;
};

void* open_library(const std::string& soname, std::string& path, std::string& why) {
  std::vector<std::string> candidates;
  if (const char* dir = std::getenv("RIGCHECK_CUBLAS_DIR"); dir && *dir) {
    candidates.push_back(std::string(dir) + "/" + soname);  // the user's choice, and nothing else
  } else {
    candidates.push_back(soname);
#ifdef RIGCHECK_CUDA_TOOLKIT_LIBDIR
    candidates.push_back(std::string(RIGCHECK_CUDA_TOOLKIT_LIBDIR) + "/" + soname);
#endif
  }
  for (const auto& candidate : candidates) {
    if (void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL)) {
      path = candidate;
      return handle;
    }
    if (why.empty()) {
      const char* text = dlerror();
      why = text ? text : soname + ": dlopen failed";
    }
  }
  return nullptr;
}

const Loaded& loaded() {
  static Loaded state;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string why;
    // cuBLASLt first: libcublas needs it, and then finds it already loaded.
    state.lt = open_library(kSonames[1], state.lt_path, why);
    if (state.lt) state.blas = open_library(kSonames[0], state.blas_path, why);
    if (!state.lt || !state.blas)
      state.failure = fmt::format("cuBLAS could not be loaded, so the CUDA GEMM paths cannot run ({}); install "
                                  "the CUDA {} libraries (libcublas) or add their folder to the loader path",
                                  why, CUBLAS_VER_MAJOR);
  });
  return state;
}

// dlsym returns void*; POSIX guarantees function pointers round-trip through it.
template <class Fn>
Fn resolve(Library library, const char* symbol) {
  const Loaded& l = loaded();
  void* handle = library == Library::cublas ? l.blas : l.lt;
  return handle ? reinterpret_cast<Fn>(dlsym(handle, symbol)) : nullptr;
}

}  // namespace

std::optional<std::string> cublas_load_failure() { return loaded().failure; }

std::string cublas_runtime_summary() {
  if (auto why = cublas_load_failure()) return "not found: " + *why;
  const std::size_t version = cublasLtGetVersion();  // e.g. 130100 = 13.1.0
  return fmt::format("{}.{}.{} loaded ({}, {})", version / 10000, version / 100 % 100, version % 100,
                     loaded().blas_path, loaded().lt_path);
}

}  // namespace rigcheck

// extern "C" comes from the headers' declarations.
#define RIGCHECK_FORWARD(library, name, params, args)                                                        \
  cublasStatus_t CUBLASWINAPI name params {                                                                  \
    using Fn = cublasStatus_t(CUBLASWINAPI*) params; /* not decltype: some names are overloaded in C++ */ \
    static const auto fn = rigcheck::resolve<Fn>(rigcheck::Library::library, #name);                        \
    return fn ? fn args : CUBLAS_STATUS_NOT_INITIALIZED;                                                      \
  }

RIGCHECK_FORWARD(cublas, cublasCreate_v2, (cublasHandle_t* handle), (handle))
RIGCHECK_FORWARD(cublas, cublasDestroy_v2, (cublasHandle_t handle), (handle))
RIGCHECK_FORWARD(cublas, cublasSetStream_v2, (cublasHandle_t handle, cudaStream_t stream), (handle, stream))
RIGCHECK_FORWARD(cublas, cublasSetMathMode, (cublasHandle_t handle, cublasMath_t mode), (handle, mode))
RIGCHECK_FORWARD(cublas, cublasSgemm_v2,
                 (cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k,
                  const float* alpha, const float* A, int lda, const float* B, int ldb, const float* beta, float* C,
                  int ldc),
                 (handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc))
RIGCHECK_FORWARD(cublas, cublasGemmEx,
                 (cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k,
                  const void* alpha, const void* A, cudaDataType Atype, int lda, const void* B, cudaDataType Btype,
                  int ldb, const void* beta, void* C, cudaDataType Ctype, int ldc, cublasComputeType_t computeType,
                  cublasGemmAlgo_t algo),
                 (handle, transa, transb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc,
                  computeType, algo))
RIGCHECK_FORWARD(cublas, cublasGemmStridedBatchedEx,
                 (cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k,
                  const void* alpha, const void* A, cudaDataType Atype, int lda, long long int strideA, const void* B,
                  cudaDataType Btype, int ldb, long long int strideB, const void* beta, void* C, cudaDataType Ctype,
                  int ldc, long long int strideC, int batchCount, cublasComputeType_t computeType,
                  cublasGemmAlgo_t algo),
                 (handle, transa, transb, m, n, k, alpha, A, Atype, lda, strideA, B, Btype, ldb, strideB, beta, C,
                  Ctype, ldc, strideC, batchCount, computeType, algo))

RIGCHECK_FORWARD(cublas_lt, cublasLtCreate, (cublasLtHandle_t* handle), (handle))
RIGCHECK_FORWARD(cublas_lt, cublasLtDestroy, (cublasLtHandle_t handle), (handle))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatmulDescCreate,
                 (cublasLtMatmulDesc_t* desc, cublasComputeType_t computeType, cudaDataType_t scaleType),
                 (desc, computeType, scaleType))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatmulDescDestroy, (cublasLtMatmulDesc_t desc), (desc))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatmulDescSetAttribute,
                 (cublasLtMatmulDesc_t desc, cublasLtMatmulDescAttributes_t attr, const void* buf, size_t size),
                 (desc, attr, buf, size))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatrixLayoutCreate,
                 (cublasLtMatrixLayout_t* layout, cudaDataType type, uint64_t rows, uint64_t cols, int64_t ld),
                 (layout, type, rows, cols, ld))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatrixLayoutDestroy, (cublasLtMatrixLayout_t layout), (layout))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatrixLayoutSetAttribute,
                 (cublasLtMatrixLayout_t layout, cublasLtMatrixLayoutAttribute_t attr, const void* buf, size_t size),
                 (layout, attr, buf, size))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatmulPreferenceCreate, (cublasLtMatmulPreference_t* pref), (pref))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatmulPreferenceDestroy, (cublasLtMatmulPreference_t pref), (pref))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatmulPreferenceSetAttribute,
                 (cublasLtMatmulPreference_t pref, cublasLtMatmulPreferenceAttributes_t attr, const void* buf,
                  size_t size),
                 (pref, attr, buf, size))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatmulAlgoGetHeuristic,
                 (cublasLtHandle_t handle, cublasLtMatmulDesc_t desc, cublasLtMatrixLayout_t Adesc,
                  cublasLtMatrixLayout_t Bdesc, cublasLtMatrixLayout_t Cdesc, cublasLtMatrixLayout_t Ddesc,
                  cublasLtMatmulPreference_t preference, int requestedAlgoCount,
                  cublasLtMatmulHeuristicResult_t heuristicResultsArray[], int* returnAlgoCount),
                 (handle, desc, Adesc, Bdesc, Cdesc, Ddesc, preference, requestedAlgoCount, heuristicResultsArray,
                  returnAlgoCount))
RIGCHECK_FORWARD(cublas_lt, cublasLtMatmul,
                 (cublasLtHandle_t handle, cublasLtMatmulDesc_t desc, const void* alpha, const void* A,
                  cublasLtMatrixLayout_t Adesc, const void* B, cublasLtMatrixLayout_t Bdesc, const void* beta,
                  const void* C, cublasLtMatrixLayout_t Cdesc, void* D, cublasLtMatrixLayout_t Ddesc,
                  const cublasLtMatmulAlgo_t* algo, void* workspace, size_t workspaceSizeInBytes, cudaStream_t stream),
                 (handle, desc, alpha, A, Adesc, B, Bdesc, beta, C, Cdesc, D, Ddesc, algo, workspace,
                  workspaceSizeInBytes, stream))

// Not a status: 0 when cuBLASLt is not loaded.
size_t CUBLASWINAPI cublasLtGetVersion(void) {
  static const auto fn = rigcheck::resolve<decltype(&cublasLtGetVersion)>(rigcheck::Library::cublas_lt,
                                                                           "cublasLtGetVersion");
  return fn ? fn() : 0;
}
