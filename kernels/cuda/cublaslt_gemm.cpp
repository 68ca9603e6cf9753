#include "kernels/cuda/cublaslt_gemm.hpp"

#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "kernels/cuda/cuda_check.hpp"

// fp8 matmul (CUDA_R_8F_E4M3, the A/B scale pointers) arrived with cuBLAS 11.11 (CUDA 11.8).
#if CUBLAS_VER_MAJOR > 11 || (CUBLAS_VER_MAJOR == 11 && CUBLAS_VER_MINOR >= 11)
#define RIGCHECK_CUBLASLT_FP8 1
#else
#define RIGCHECK_CUBLASLT_FP8 0
#endif

namespace rigcheck {
namespace {

// NVIDIA recommends 32 MiB of workspace for cuBLASLt on Hopper (cuBLAS docs, cublasSetWorkspace).
constexpr std::uint64_t kWorkspaceBytes = 32ull << 20;

std::string_view type_name(cudaDataType_t type) {
  return type == CUDA_R_16BF ? "bf16" : type == CUDA_R_16F ? "fp16" : "fp32";
}

}  // namespace

std::string fp8_gemm_unsupported_reason(int cc) {
#if !RIGCHECK_CUBLASLT_FP8
  return fmt::format("this build's cuBLAS {}.{} has no fp8 matmul (needs cuBLAS 11.11, CUDA 11.8)", CUBLAS_VER_MAJOR,
                     CUBLAS_VER_MINOR);
#else
  if (cc < 89) return fmt::format("fp8 tensor cores need sm_89 (Ada) or sm_90+ (Hopper); this card is sm_{}", cc);
  return {};
#endif
}

std::string_view CublasLtFp8Gemm::output_name() const { return type_name(output_type_); }

CublasLtFp8Gemm::~CublasLtFp8Gemm() {
  if (c_layout_) cublasLtMatrixLayoutDestroy(c_layout_);
  if (a_layout_) cublasLtMatrixLayoutDestroy(a_layout_);
  if (bt_layout_) cublasLtMatrixLayoutDestroy(bt_layout_);
  if (desc_) cublasLtMatmulDescDestroy(desc_);
  if (workspace_) cudaFree(workspace_);
  if (scale_one_) cudaFree(scale_one_);
}

Result<std::unique_ptr<CublasLtFp8Gemm>> CublasLtFp8Gemm::create(cublasLtHandle_t handle, std::uint64_t m,
                                                                 std::uint64_t n, std::uint64_t k) {
#if !RIGCHECK_CUBLASLT_FP8
  (void)handle;
  (void)m;
  (void)n;
  (void)k;
  return Error{fp8_gemm_unsupported_reason(0)};
#else
  if (m % 16 != 0 || n % 16 != 0 || k % 16 != 0)
    return Error{fmt::format("fp8 GEMM {}x{}x{}: m, n and k must be multiples of 16", m, n, k)};
  std::unique_ptr<CublasLtFp8Gemm> g(new CublasLtFp8Gemm());
  g->handle_ = handle;
  g->workspace_bytes_ = kWorkspaceBytes;
  if (auto rc = cudaMalloc(&g->workspace_, kWorkspaceBytes); rc != cudaSuccess)
    return cuda_error("cudaMalloc (cuBLASLt workspace)", rc);
  if (auto rc = cudaMalloc(reinterpret_cast<void**>(&g->scale_one_), sizeof(float)); rc != cudaSuccess)
    return cuda_error("cudaMalloc (fp8 scale)", rc);
  const float one = 1.0f;
  if (auto rc = cudaMemcpy(g->scale_one_, &one, sizeof(one), cudaMemcpyHostToDevice); rc != cudaSuccess)
    return cuda_error("cudaMemcpy (fp8 scale)", rc);

  if (auto st = cublasLtMatmulDescCreate(&g->desc_, CUBLAS_COMPUTE_32F, CUDA_R_32F); st != CUBLAS_STATUS_SUCCESS)
    return cublas_error("cublasLtMatmulDescCreate", st);
  // "TN": the only fp8 layout on sm_89 / sm_90 (cuBLAS docs, cublasLtMatmul, FP8 requirements).
  const cublasOperation_t transa = CUBLAS_OP_T, transb = CUBLAS_OP_N;
  const float* scale = g->scale_one_;
  for (auto [attribute, value, bytes, name] :
       {std::tuple{CUBLASLT_MATMUL_DESC_TRANSA, static_cast<const void*>(&transa), sizeof(transa), "TRANSA"},
        std::tuple{CUBLASLT_MATMUL_DESC_TRANSB, static_cast<const void*>(&transb), sizeof(transb), "TRANSB"},
        std::tuple{CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, static_cast<const void*>(&scale), sizeof(scale), "A_SCALE_POINTER"},
        std::tuple{CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, static_cast<const void*>(&scale), sizeof(scale), "B_SCALE_POINTER"}}) {
    if (auto st = cublasLtMatmulDescSetAttribute(g->desc_, attribute, value, bytes); st != CUBLAS_STATUS_SUCCESS)
      return cublas_error(fmt::format("cublasLtMatmulDescSetAttribute ({})", name), st);
  }
  // Column-major layouts of the stored matrices: B^T is k x n (ld k) under op T, A is k x m (ld k).
  const auto ld_k = static_cast<std::int64_t>(k);
  if (auto st = cublasLtMatrixLayoutCreate(&g->bt_layout_, CUDA_R_8F_E4M3, k, n, ld_k); st != CUBLAS_STATUS_SUCCESS)
    return cublas_error("cublasLtMatrixLayoutCreate (B^T)", st);
  if (auto st = cublasLtMatrixLayoutCreate(&g->a_layout_, CUDA_R_8F_E4M3, k, m, ld_k); st != CUBLAS_STATUS_SUCCESS)
    return cublas_error("cublasLtMatrixLayoutCreate (A)", st);

  struct Preference {
    cublasLtMatmulPreference_t p = nullptr;
    ~Preference() { if (p) cublasLtMatmulPreferenceDestroy(p); }
  } preference;
  if (auto st = cublasLtMatmulPreferenceCreate(&preference.p); st != CUBLAS_STATUS_SUCCESS)
    return cublas_error("cublasLtMatmulPreferenceCreate", st);
  const std::uint64_t workspace = kWorkspaceBytes;
  if (auto st = cublasLtMatmulPreferenceSetAttribute(preference.p, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace,
                                                     sizeof(workspace));
      st != CUBLAS_STATUS_SUCCESS)
    return cublas_error("cublasLtMatmulPreferenceSetAttribute (MAX_WORKSPACE_BYTES)", st);

  // bf16 is what fp8 inference and training write (Transformer Engine); fp16 and fp32 are the
  // other outputs cuBLASLt allows for e4m3 x e4m3. C and D share one layout (beta = 0).
  std::string tried;
  for (cudaDataType_t output : {CUDA_R_16BF, CUDA_R_16F, CUDA_R_32F}) {
    cublasLtMatrixLayout_t c_layout = nullptr;
    if (auto st = cublasLtMatrixLayoutCreate(&c_layout, output, n, m, static_cast<std::int64_t>(n));
        st != CUBLAS_STATUS_SUCCESS)
      return cublas_error("cublasLtMatrixLayoutCreate (C)", st);
    cublasLtMatmulHeuristicResult_t found{};
    int returned = 0;
    const auto st = cublasLtMatmulAlgoGetHeuristic(handle, g->desc_, g->bt_layout_, g->a_layout_, c_layout, c_layout,
                                                   preference.p, 1, &found, &returned);
    if (st == CUBLAS_STATUS_SUCCESS && returned > 0 && found.state == CUBLAS_STATUS_SUCCESS) {
      g->c_layout_ = c_layout;
      g->algo_ = found;
      g->output_type_ = output;
      return Result<std::unique_ptr<CublasLtFp8Gemm>>(std::move(g));
    }
    cublasLtMatrixLayoutDestroy(c_layout);
    tried += fmt::format("{}{} output: {}", tried.empty() ? "" : ", ", type_name(output),
                         st != CUBLAS_STATUS_SUCCESS ? cublas_status_name(st) : std::string_view("no algorithm"));
  }
  return Error{fmt::format("cublasLtMatmulAlgoGetHeuristic found no e4m3 kernel (cuBLASLt {}): {}",
                           cublasLtGetVersion(), tried)};
#endif
}

Result<bool> CublasLtFp8Gemm::run(const void* a, const void* b_transposed, void* c, cudaStream_t stream) const {
  const float alpha = 1.0f, beta = 0.0f;
  const auto st = cublasLtMatmul(handle_, desc_, &alpha, b_transposed, bt_layout_, a, a_layout_, &beta, c, c_layout_, c,
                                 c_layout_, &algo_.algo, workspace_, workspace_bytes_, stream);
  if (st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasLtMatmul (fp8)", st);
  return true;
}

}  // namespace rigcheck
