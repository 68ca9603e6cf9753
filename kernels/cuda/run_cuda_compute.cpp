#include "kernels/cuda/run_cuda_compute.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <fmt/format.h>

#include "kernels/compute/cpu_reference.hpp"
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_kernels.hpp"

namespace rigcheck {
namespace {

using cuda_kernels::Storage;

class DeviceMemory {
 public:
  ~DeviceMemory() { if (ptr_) cudaFree(ptr_); }
  DeviceMemory() = default;
  DeviceMemory(const DeviceMemory&) = delete;
  DeviceMemory& operator=(const DeviceMemory&) = delete;
  Result<bool> allocate(std::uint64_t bytes) {
    if (auto rc = cudaMalloc(&ptr_, bytes); rc != cudaSuccess) return cuda_error("cudaMalloc", rc);
    return true;
  }
  void* get() const { return ptr_; }
  template <class T> T* as() const { return static_cast<T*>(ptr_); }

 private:
  void* ptr_ = nullptr;
};

struct Context {
  cublasHandle_t handle = nullptr;
  cudaStream_t stream = nullptr;
  cudaEvent_t start = nullptr, stop = nullptr;
  ~Context() {
    if (start) cudaEventDestroy(start);
    if (stop) cudaEventDestroy(stop);
    if (handle) cublasDestroy(handle);
    if (stream) cudaStreamDestroy(stream);
  }
};

// One GEMM variant of cuBLAS: storage of A/B and C, compute type, and what the card needs.
struct GemmVariant {
  const char* precision;
  const char* accumulate;
  cudaDataType_t ab_type, c_type;
  cublasComputeType_t compute;
  int min_cc;  // major*10 + minor
  const char* needs;
  double rel_tolerance;  // docs/compute.md
};

const GemmVariant kGemmVariants[] = {
    {"fp32", "fp32", CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F, 50, "", 1e-5},
    // TF32 rounds inputs to a 10-bit mantissa: 2^-10 per product.
    {"tf32", "fp32", CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F_FAST_TF32, 80, "tf32 needs sm_80 tensor cores", 2e-3},
    {"fp16", "fp32", CUDA_R_16F, CUDA_R_32F, CUBLAS_COMPUTE_32F, 53, "fp16 arithmetic needs sm_53", 1e-5},
    {"fp16", "fp16", CUDA_R_16F, CUDA_R_16F, CUBLAS_COMPUTE_16F, 53, "fp16 arithmetic needs sm_53", 4e-3},
    {"bf16", "fp32", CUDA_R_16BF, CUDA_R_32F, CUBLAS_COMPUTE_32F, 80, "bf16 needs sm_80", 1e-5},
    {"int8", "int32", CUDA_R_8I, CUDA_R_32I, CUBLAS_COMPUTE_32I, 61, "int8 dot products (DP4A) need sm_61", 0},
};

Storage storage_of(std::string_view precision) {
  return precision == "fp16" ? Storage::fp16 : precision == "bf16" ? Storage::bf16 : Storage::fp32;
}

std::uint64_t bytes_of(cudaDataType_t t) {
  switch (t) {
    case CUDA_R_16F: case CUDA_R_16BF: return 2;
    case CUDA_R_8I: return 1;
    default: return 4;
  }
}

// Inputs exact in the storage type, so the reference sees what the device sees.
std::vector<float> inputs_for(std::string_view precision, std::size_t count, std::uint64_t seed) {
  if (precision == "int8") return random_int8_values(count, seed);
  auto v = random_floats(count, seed, precision != "fp32" && precision != "tf32");
  if (precision == "bf16")
    for (auto& x : v) x = std::round(x * 128.0f) / 128.0f;  // 8 significant bits
  return v;
}

// fp32 host values -> device buffer of `type` (conversion on the device for fp16/bf16).
Result<bool> upload(Context& ctx, const std::vector<float>& values, cudaDataType_t type, DeviceMemory& out) {
  const std::uint64_t n = values.size();
  if (auto ok = out.allocate(n * bytes_of(type)); !ok) return ok;
  if (type == CUDA_R_8I) {
    std::vector<std::int8_t> packed(n);
    std::transform(values.begin(), values.end(), packed.begin(), [](float x) { return static_cast<std::int8_t>(x); });
    if (auto rc = cudaMemcpy(out.get(), packed.data(), n, cudaMemcpyHostToDevice); rc != cudaSuccess)
      return cuda_error("cudaMemcpy", rc);
    return true;
  }
  if (type == CUDA_R_32F) {
    if (auto rc = cudaMemcpy(out.get(), values.data(), n * 4, cudaMemcpyHostToDevice); rc != cudaSuccess)
      return cuda_error("cudaMemcpy", rc);
    return true;
  }
  DeviceMemory staging;
  if (auto ok = staging.allocate(n * 4); !ok) return ok;
  if (auto rc = cudaMemcpy(staging.get(), values.data(), n * 4, cudaMemcpyHostToDevice); rc != cudaSuccess)
    return cuda_error("cudaMemcpy", rc);
  const Storage s = type == CUDA_R_16F ? Storage::fp16 : Storage::bf16;
  if (int rc = cuda_kernels::launch_convert(s, staging.as<float>(), out.get(), n, ctx.stream); rc != 0)
    return cuda_error("convert kernel", static_cast<cudaError_t>(rc));
  if (auto rc = cudaStreamSynchronize(ctx.stream); rc != cudaSuccess) return cuda_error("cudaStreamSynchronize", rc);
  return true;
}

// Output element i of a device buffer of `type`, downloaded whole.
Result<std::vector<double>> download(const DeviceMemory& mem, cudaDataType_t type, std::uint64_t count) {
  std::vector<double> out(count);
  const std::uint64_t bytes = count * bytes_of(type);
  std::vector<unsigned char> raw(bytes);
  if (auto rc = cudaMemcpy(raw.data(), mem.get(), bytes, cudaMemcpyDeviceToHost); rc != cudaSuccess)
    return cuda_error("cudaMemcpy", rc);
  for (std::uint64_t i = 0; i < count; ++i) {
    if (type == CUDA_R_32F) { float x; std::memcpy(&x, &raw[i * 4], 4); out[i] = x; }
    else if (type == CUDA_R_32I) { std::int32_t x; std::memcpy(&x, &raw[i * 4], 4); out[i] = x; }
    else { std::uint16_t h; std::memcpy(&h, &raw[i * 2], 2); out[i] = half_bits_to_float(h); }
  }
  return out;
}

// Warm-up (the trial call), then samples of `runs` back-to-back runs between CUDA events.
Result<std::vector<double>> time_runs(Context& ctx, const std::function<Result<bool>()>& run_once,
                                      std::uint32_t samples, const std::function<bool()>& cancelled) {
  auto timed = [&](std::uint32_t runs) -> Result<double> {
    if (auto rc = cudaEventRecord(ctx.start, ctx.stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
    for (std::uint32_t r = 0; r < runs; ++r)
      if (auto ok = run_once(); !ok) return Error{ok.error()};
    if (auto rc = cudaEventRecord(ctx.stop, ctx.stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
    if (auto rc = cudaEventSynchronize(ctx.stop); rc != cudaSuccess) return cuda_error("cudaEventSynchronize", rc);
    float ms = 0;
    if (auto rc = cudaEventElapsedTime(&ms, ctx.start, ctx.stop); rc != cudaSuccess)
      return cuda_error("cudaEventElapsedTime", rc);
    return ms * 1e-3 / runs;
  };
  auto warm = timed(1);
  if (!warm) return Error{warm.error()};
  const auto runs = static_cast<std::uint32_t>(std::clamp(std::ceil(0.02 / std::max(*warm, 1e-9)), 1.0, 256.0));
  std::vector<double> seconds;
  for (std::uint32_t s = 0; s < samples; ++s) {
    if (cancelled && cancelled()) break;
    auto t = timed(runs);
    if (!t) return Error{t.error()};
    seconds.push_back(*t);
  }
  if (seconds.empty()) return Error{"interrupted before the first timed sample"};
  return seconds;
}

Result<GemmMeasurement> measure_gemm(Context& ctx, const GemmVariant& v, const GemmShape& shape, std::uint32_t samples,
                                     const std::function<bool()>& cancelled) {
  const std::uint64_t m = shape.m, n = shape.n, k = shape.k;
  const auto a = inputs_for(v.precision, m * k, 1), b = inputs_for(v.precision, k * n, 2);
  DeviceMemory da, db, dc;
  if (auto ok = upload(ctx, a, v.ab_type, da); !ok) return Error{"A: " + ok.error()};
  if (auto ok = upload(ctx, b, v.ab_type, db); !ok) return Error{"B: " + ok.error()};
  if (auto ok = dc.allocate(m * n * bytes_of(v.c_type)); !ok) return Error{"C: " + ok.error()};
  const float alpha_f = 1.f, beta_f = 0.f;
  const std::int32_t alpha_i = 1, beta_i = 0;
  const std::uint16_t alpha_h = 0x3c00, beta_h = 0;  // 1.0 and 0.0 in fp16 (scale type of COMPUTE_16F)
  const void* alpha = v.compute == CUBLAS_COMPUTE_32I ? static_cast<const void*>(&alpha_i)
                      : v.compute == CUBLAS_COMPUTE_16F ? static_cast<const void*>(&alpha_h) : &alpha_f;
  const void* beta = v.compute == CUBLAS_COMPUTE_32I ? static_cast<const void*>(&beta_i)
                     : v.compute == CUBLAS_COMPUTE_16F ? static_cast<const void*>(&beta_h) : &beta_f;
  const int mi = static_cast<int>(m), ni = static_cast<int>(n), ki = static_cast<int>(k);
  // Row-major C = A B is column-major C^T = B^T A^T: swap the operands, keep the leading dims.
  auto run = [&]() -> Result<bool> {
    auto st = cublasGemmEx(ctx.handle, CUBLAS_OP_N, CUBLAS_OP_N, ni, mi, ki, alpha, db.get(), v.ab_type, ni, da.get(),
                           v.ab_type, ki, beta, dc.get(), v.c_type, ni, v.compute, CUBLAS_GEMM_DEFAULT);
    if (st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasGemmEx", st);
    return true;
  };
  auto seconds = time_runs(ctx, run, samples, cancelled);
  if (!seconds) return Error{seconds.error()};
  GemmMeasurement g;
  g.precision = v.precision;
  g.accumulate = v.accumulate;
  g.implementation = "cublas";
  g.shape = shape.name;
  g.m = m; g.n = n; g.k = k;
  g.flops_per_run = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  g.throughput = summarize_throughput(*seconds, g.flops_per_run, 1);
  auto c = download(dc, v.c_type, m * n);
  if (!c) return Error{"C: " + c.error()};
  g.reference = check_gemm(a, b, [&](std::uint64_t i) { return (*c)[i]; }, m, n, k, v.rel_tolerance);
  return g;
}

Result<std::vector<AttentionMeasurement>> measure_attention(Context& ctx, std::string_view precision,
                                                            const AttentionShape& shape, std::uint32_t samples,
                                                            const std::function<bool()>& cancelled) {
  const std::uint64_t heads = static_cast<std::uint64_t>(shape.batch) * shape.heads, s = shape.seq_len, d = shape.head_dim;
  const cudaDataType_t type = precision == "fp16" ? CUDA_R_16F : precision == "bf16" ? CUDA_R_16BF : CUDA_R_32F;
  const auto q = inputs_for(precision, heads * s * d, 10), k = inputs_for(precision, heads * s * d, 11),
             v = inputs_for(precision, heads * s * d, 12);
  DeviceMemory dq, dk, dv, scores, probs, o_unfused, o_fused;
  if (auto ok = upload(ctx, q, type, dq); !ok) return Error{"Q: " + ok.error()};
  if (auto ok = upload(ctx, k, type, dk); !ok) return Error{"K: " + ok.error()};
  if (auto ok = upload(ctx, v, type, dv); !ok) return Error{"V: " + ok.error()};
  for (auto [mem, bytes] : {std::pair{&scores, heads * s * s * 4}, std::pair{&probs, heads * s * s * bytes_of(type)},
                            std::pair{&o_unfused, heads * s * d * 4}, std::pair{&o_fused, heads * s * d * 4}})
    if (auto ok = mem->allocate(bytes); !ok) return Error{ok.error()};
  const float scale = 1.0f / std::sqrt(static_cast<float>(d)), one = 1.f, zero = 0.f;
  const int si = static_cast<int>(s), di = static_cast<int>(d), hi = static_cast<int>(heads);
  const long long sd = static_cast<long long>(s * d), ss = static_cast<long long>(s * s);
  const Storage storage = storage_of(precision);
  // Column-major view: S^T = K Q^T (op T on K), O^T = V^T P^T.
  auto unfused = [&]() -> Result<bool> {
    auto st = cublasGemmStridedBatchedEx(ctx.handle, CUBLAS_OP_T, CUBLAS_OP_N, si, si, di, &scale, dk.get(), type, di,
                                         sd, dq.get(), type, di, sd, &zero, scores.get(), CUDA_R_32F, si, ss, hi,
                                         CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
    if (st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasGemmStridedBatchedEx (QK^T)", st);
    if (int rc = cuda_kernels::launch_causal_softmax(storage, scores.as<float>(), probs.get(), heads * s, shape.seq_len,
                                                     shape.causal, ctx.stream);
        rc != 0)
      return cuda_error("causal softmax kernel", static_cast<cudaError_t>(rc));
    st = cublasGemmStridedBatchedEx(ctx.handle, CUBLAS_OP_N, CUBLAS_OP_N, di, si, si, &one, dv.get(), type, di, sd,
                                    probs.get(), type, si, ss, &zero, o_unfused.get(), CUDA_R_32F, di, sd, hi,
                                    CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
    if (st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasGemmStridedBatchedEx (PV)", st);
    return true;
  };
  auto fused = [&]() -> Result<bool> {
    if (int rc = cuda_kernels::launch_fused_attention(storage, dq.get(), dk.get(), dv.get(), o_fused.as<float>(),
                                                      static_cast<std::uint32_t>(heads), shape.seq_len, shape.causal,
                                                      scale, ctx.stream);
        rc != 0)
      return cuda_error("fused attention kernel", static_cast<cudaError_t>(rc));
    return true;
  };
  const double tolerance = precision == "fp32" ? kAttentionFp32AbsTolerance : kAttentionFp16AbsTolerance * 4;  // bf16 P
  std::vector<AttentionMeasurement> out;
  for (auto [name, run, mem] : {std::tuple{"cuda-unfused", std::function<Result<bool>()>(unfused), &o_unfused},
                                std::tuple{"cuda-fused", std::function<Result<bool>()>(fused), &o_fused}}) {
    auto seconds = time_runs(ctx, run, samples, cancelled);
    if (!seconds) return Error{fmt::format("{}: {}", name, seconds.error())};
    AttentionMeasurement a;
    a.precision = std::string(precision);
    a.implementation = name;
    a.shape = shape.name;
    a.batch = shape.batch; a.heads = shape.heads; a.seq_len = shape.seq_len; a.head_dim = shape.head_dim;
    a.causal = shape.causal;
    a.flops_full = 4.0 * static_cast<double>(heads) * static_cast<double>(s) * static_cast<double>(s) * static_cast<double>(d);
    a.flops_causal = shape.causal ? a.flops_full / 2 : a.flops_full;
    a.flops_counted = shape.causal ? "causal" : "full";
    a.throughput = summarize_throughput(*seconds, a.flops_causal, 1);
    auto o = download(*mem, CUDA_R_32F, heads * s * d);
    if (!o) return Error{o.error()};
    std::vector<float> of(o->begin(), o->end());
    a.reference = check_attention(q, k, v, of, heads, s, d, shape.causal, tolerance);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Result<ComputeResult> run_cuda_compute(int device_index, const ComputeOptions& options,
                                       const std::function<bool()>& cancelled) {
  int count = 0;
  if (auto rc = cudaGetDeviceCount(&count); rc != cudaSuccess) return cuda_error("cudaGetDeviceCount", rc);
  if (device_index < 0 || device_index >= count)
    return Error{fmt::format("no CUDA device {} ({} found)", device_index, count)};
  if (auto rc = cudaSetDevice(device_index); rc != cudaSuccess) return cuda_error("cudaSetDevice", rc);
  int major = 0, minor = 0;
  if (auto rc = cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device_index); rc != cudaSuccess)
    return cuda_error("cudaDeviceGetAttribute", rc);
  if (auto rc = cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device_index); rc != cudaSuccess)
    return cuda_error("cudaDeviceGetAttribute", rc);
  const int cc = major * 10 + minor;
  cudaDeviceProp prop{};
  if (auto rc = cudaGetDeviceProperties(&prop, device_index); rc != cudaSuccess)
    return cuda_error("cudaGetDeviceProperties", rc);
  Context ctx;
  if (auto rc = cudaStreamCreate(&ctx.stream); rc != cudaSuccess) return cuda_error("cudaStreamCreate", rc);
  if (auto st = cublasCreate(&ctx.handle); st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasCreate", st);
  if (auto st = cublasSetStream(ctx.handle, ctx.stream); st != CUBLAS_STATUS_SUCCESS)
    return cublas_error("cublasSetStream", st);
  if (auto rc = cudaEventCreate(&ctx.start); rc != cudaSuccess) return cuda_error("cudaEventCreate", rc);
  if (auto rc = cudaEventCreate(&ctx.stop); rc != cudaSuccess) return cuda_error("cudaEventCreate", rc);

  ComputeResult result;
  result.backend = "cuda";
  result.device_name = prop.name;
  const ComputePlan plan = plan_compute(options, false);
  auto stop = [&] { return cancelled && cancelled(); };
  const std::string sm = fmt::format("sm_{}", cc);
  for (const std::string& precision : options.precisions) {
    if (precision == "fp8") {
      result.skipped.push_back({"gemm", "fp8", "fp8 GEMM (cuBLASLt, sm_89+) is not implemented yet"});
      continue;
    }
    bool any_variant = false;
    for (const auto& v : kGemmVariants) {
      if (precision != v.precision) continue;
      any_variant = true;
      if (cc < v.min_cc) {
        result.skipped.push_back({"gemm", precision, fmt::format("{}; this card is {}", v.needs, sm)});
        break;
      }
      for (const auto& shape : plan.gemm) {
        if (stop()) { result.interrupted = true; return result; }
        auto g = measure_gemm(ctx, v, shape, plan.samples, cancelled);
        if (!g) {
          result.notes.push_back(fmt::format("{} ({} accumulate) GEMM {} not measured: {}", precision, v.accumulate,
                                             shape.name, g.error()));
          continue;
        }
        result.gemm.push_back(std::move(*g));
      }
    }
    if (!any_variant) result.skipped.push_back({"gemm", precision, "unknown precision"});
    if (precision != "fp32" && precision != "fp16" && precision != "bf16") continue;
    if ((precision == "fp16" && cc < 53) || (precision == "bf16" && cc < 80)) {
      result.skipped.push_back({"attention", precision, fmt::format("{} needs {}; this card is {}", precision,
                                                                   precision == "fp16" ? "sm_53" : "sm_80", sm)});
      continue;
    }
    for (const auto& shape : plan.attention) {
      if (stop()) { result.interrupted = true; return result; }
      auto a = measure_attention(ctx, precision, shape, plan.samples, cancelled);
      if (!a) {
        result.notes.push_back(fmt::format("{} attention {} not measured: {}", precision, shape.name, a.error()));
        continue;
      }
      for (auto& m : *a) result.attention.push_back(std::move(m));
    }
  }
  if (cc == 61) result.notes.push_back("sm_61 runs fp16 arithmetic at 1/64 of the fp32 rate: use fp32 or int8");
  return result;
}

}  // namespace rigcheck
