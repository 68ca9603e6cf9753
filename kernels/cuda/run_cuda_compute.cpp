#include "kernels/cuda/run_cuda_compute.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <fmt/format.h>

#include "kernels/compute/cpu_reference.hpp"
#include "kernels/compute/gemm_canary.hpp"
#include "kernels/compute/run_vulkan_compute.hpp"  // plan_compute: the same shapes on every backend
#include "kernels/cuda/cublaslt_gemm.hpp"
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_kernels.hpp"
#include "kernels/cuda/gemm_gates.hpp"
#include "kernels/cuda/gemm_operand_order.hpp"

namespace rigcheck {
namespace {

using cuda_kernels::Storage;

// Every sample runs its work back to back until it lasts this long, at most kMaxRunsPerSample times.
constexpr double kMinSampleSeconds = 0.02;
constexpr double kMaxRunsPerSample = 4096;

struct Context {
  cublasHandle_t handle = nullptr;
  cublasLtHandle_t lt = nullptr;
  cudaStream_t stream = nullptr;
  cudaEvent_t start = nullptr, stop = nullptr, idle = nullptr;
  std::uint64_t l2_bytes = 0;
  std::chrono::steady_clock::time_point origin;  // telemetry t = 0 (ComputeOptions::clock_origin)
  std::function<bool()> cancelled;
  // Set when a wait timed out, failed, or was cut short by Ctrl-C while the GPU was still busy:
  // nothing more is run, synchronised or freed (the GPU may still use it: leak rather than hang).
  bool abandoned = false;
  std::string lost;  // why, when the device failed (a timeout or a failed event)

  ~Context() {
    if (abandoned) return;
    if (start) cudaEventDestroy(start);
    if (stop) cudaEventDestroy(stop);
    if (idle) cudaEventDestroy(idle);
    if (lt) cublasLtDestroy(lt);
    if (handle) cublasDestroy(handle);
    if (stream) cudaStreamDestroy(stream);
  }

  // Waits for `event` with kCudaWaitTimeout, Ctrl-C ending the wait (wait_for_event).
  Result<bool> wait(cudaEvent_t event) {
    if (abandoned) return Error{lost.empty() ? "interrupted while the GPU was busy" : lost};
    auto done = wait_for_event(event, kCudaWaitTimeout, cancelled);
    if (done && *done) return true;
    abandoned = true;
    if (!done) {
      lost = done.error();
      return Error{lost};
    }
    return Error{fmt::format("interrupted while the GPU was busy (still busy {} s later)", kCancelGrace.count())};
  }

  // Waits for everything queued on the stream.
  Result<bool> drain() {
    if (!abandoned)
      if (auto rc = cudaEventRecord(idle, stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
    return wait(idle);
  }
};

// After a failed step: what ended the device, when it did (the run then stops with an error, as
// the Vulkan path does on a lost device): a wait that timed out or failed, or a sticky error (a
// fault in a kernel), after which every later call fails too. Empty when the run can go on.
std::optional<std::string> device_failure(const Context& ctx, const std::string& error) {
  if (!ctx.lost.empty()) return error.find(ctx.lost) != std::string::npos ? error : error + "; " + ctx.lost;
  for (const cudaError_t rc : {cudaGetLastError(), ctx.stream ? cudaStreamQuery(ctx.stream) : cudaSuccess}) {
    if (!is_sticky_cuda_error(rc)) continue;
    if (error.find(cudaGetErrorName(rc)) != std::string::npos) return error;
    return fmt::format("{}; the device failed: {}", error, cuda_error("CUDA context", rc).message);
  }
  return std::nullopt;
}

// Device memory of one context, freed once the stream has drained (never after the context was
// abandoned).
class DeviceMemory {
 public:
  explicit DeviceMemory(Context& ctx) : ctx_(&ctx) {}
  ~DeviceMemory() { reset(); }
  DeviceMemory(const DeviceMemory&) = delete;
  DeviceMemory& operator=(const DeviceMemory&) = delete;
  Result<bool> allocate(std::uint64_t bytes) {
    reset();
    if (auto rc = cudaMalloc(&ptr_, bytes); rc != cudaSuccess) {
      ptr_ = nullptr;
      (void)cudaGetLastError();  // out of memory is not sticky: keep it from surfacing at the next launch check
      return cuda_error("cudaMalloc", rc);
    }
    return true;
  }
  void reset() {
    // cudaFree waits for the device: wait here with the deadline instead.
    if (ptr_ && !ctx_->abandoned && ctx_->drain()) cudaFree(ptr_);
    ptr_ = nullptr;
  }
  void* get() const { return ptr_; }
  template <class T> T* as() const { return static_cast<T*>(ptr_); }

 private:
  Context* ctx_;
  void* ptr_ = nullptr;
};

// One GEMM variant of cuBLAS: storage of A/B and C and compute type. Which cards run it:
// cuda_gemm_skip_reason (gemm_gates.hpp), by the arithmetic it uses.
struct GemmVariant {
  const char* precision;
  const char* accumulate;
  cudaDataType_t ab_type, c_type;
  cublasComputeType_t compute;
  GemmNumber accumulator, output;  // the tolerance (gemm_tolerance.hpp, docs/compute.md)
};

const GemmVariant kGemmVariants[] = {
    {"fp32", "fp32", CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F, GemmNumber::fp32, GemmNumber::fp32},
    // TF32 inputs are exact in TF32 (random_inputs_for), so only the fp32 accumulation counts.
    {"tf32", "fp32", CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F_FAST_TF32, GemmNumber::fp32, GemmNumber::fp32},
    {"fp16", "fp32", CUDA_R_16F, CUDA_R_32F, CUBLAS_COMPUTE_32F, GemmNumber::fp32, GemmNumber::fp32},
    {"fp16", "fp16", CUDA_R_16F, CUDA_R_16F, CUBLAS_COMPUTE_16F, GemmNumber::fp16, GemmNumber::fp16},
    {"bf16", "fp32", CUDA_R_16BF, CUDA_R_32F, CUBLAS_COMPUTE_32F, GemmNumber::fp32, GemmNumber::fp32},
    {"int8", "int32", CUDA_R_8I, CUDA_R_32I, CUBLAS_COMPUTE_32I, GemmNumber::int32, GemmNumber::int32},
};

// The format cuBLASLt writes an fp8 GEMM's output in.
GemmNumber gemm_number_of(cudaDataType_t type) {
  return type == CUDA_R_16BF ? GemmNumber::bf16 : type == CUDA_R_16F ? GemmNumber::fp16 : GemmNumber::fp32;
}

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

// fp32 host values -> device memory of `type` at `out` (conversion on the device for fp16/bf16).
Result<bool> upload_into(Context& ctx, const std::vector<float>& values, cudaDataType_t type, void* out) {
  const std::uint64_t n = values.size();
  if (type == CUDA_R_8I) {
    std::vector<std::int8_t> packed(n);
    std::transform(values.begin(), values.end(), packed.begin(), [](float x) { return static_cast<std::int8_t>(x); });
    if (auto rc = cudaMemcpy(out, packed.data(), n, cudaMemcpyHostToDevice); rc != cudaSuccess)
      return cuda_error("cudaMemcpy", rc);
    return true;
  }
  if (type == CUDA_R_32F) {
    if (auto rc = cudaMemcpy(out, values.data(), n * 4, cudaMemcpyHostToDevice); rc != cudaSuccess)
      return cuda_error("cudaMemcpy", rc);
    return true;
  }
  DeviceMemory staging(ctx);
  if (auto ok = staging.allocate(n * 4); !ok) return ok;
  if (auto rc = cudaMemcpy(staging.get(), values.data(), n * 4, cudaMemcpyHostToDevice); rc != cudaSuccess)
    return cuda_error("cudaMemcpy", rc);
  const Storage s = type == CUDA_R_16F ? Storage::fp16 : Storage::bf16;
  if (int rc = cuda_kernels::launch_convert(s, staging.as<float>(), out, n, ctx.stream); rc != 0)
    return cuda_error("convert kernel", static_cast<cudaError_t>(rc));
  return ctx.drain();
}

Result<bool> upload(Context& ctx, const std::vector<float>& values, cudaDataType_t type, DeviceMemory& out) {
  if (auto ok = out.allocate(values.size() * bytes_of(type)); !ok) return ok;
  return upload_into(ctx, values, type, out.get());
}

std::uint64_t round_up(std::uint64_t x, std::uint64_t multiple) { return (x + multiple - 1) / multiple * multiple; }

// Copies of one GEMM's A and B (same values, distinct memory) cycled run by run, so that between
// two uses of one copy the other copies' inputs, more than 2x the L2, go through the cache:
// every run reads its inputs from DRAM as a real model's layers do (nvbench flushes L2 for the
// same reason). Copies start 256-byte aligned, as cuBLAS(Lt) heuristics assume.
class InputCopies {
 public:
  explicit InputCopies(Context& ctx) : a_(ctx), b_(ctx) {}
  // Wanted: (copies - 1) * (a_bytes + b_bytes) > 2 * L2. Capped so that `reserve_bytes` plus a
  // safety margin stays free. `fill` writes copy 0.
  Result<bool> make(Context& ctx, std::uint64_t a_bytes, std::uint64_t b_bytes, std::uint64_t reserve_bytes,
                    const std::function<Result<bool>(void* a, void* b)>& fill) {
    a_stride_ = round_up(a_bytes, 256);
    b_stride_ = round_up(b_bytes, 256);
    const std::uint64_t per_copy = a_stride_ + b_stride_;
    wanted_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(2 * ctx.l2_bytes / (a_bytes + b_bytes) + 2, 1u << 20));
    std::size_t free_bytes = 0, total_bytes = 0;
    if (auto rc = cudaMemGetInfo(&free_bytes, &total_bytes); rc != cudaSuccess) return cuda_error("cudaMemGetInfo", rc);
    free_bytes_ = free_bytes;
    // Left free for cuBLAS workspaces and the driver: 512 MiB or 5% of the card, whichever is more.
    const std::uint64_t margin = std::max<std::uint64_t>(512ull << 20, total_bytes / 20) + reserve_bytes;
    const std::uint64_t affordable = free_bytes > margin ? (free_bytes - margin) / per_copy : 0;
    count_ = static_cast<std::uint32_t>(std::clamp<std::uint64_t>(std::min<std::uint64_t>(wanted_, affordable), 1, wanted_));
    while (true) {
      auto a_ok = a_.allocate(count_ * a_stride_);
      auto b_ok = a_ok ? b_.allocate(count_ * b_stride_) : Result<bool>(Error{a_ok.error()});
      if (a_ok && b_ok) break;
      a_.reset();
      b_.reset();
      if (count_ == 1) return Error{a_ok ? b_ok.error() : a_ok.error()};
      count_ /= 2;
    }
    if (auto ok = fill(a_.get(), b_.get()); !ok) return ok;
    // Doubling device-to-device copies: copies [0, filled) -> [filled, 2 * filled).
    for (std::uint64_t filled = 1; filled < count_;) {
      const std::uint64_t n = std::min<std::uint64_t>(filled, count_ - filled);
      for (auto [base, stride] : {std::pair{static_cast<char*>(a_.get()), a_stride_},
                                  std::pair{static_cast<char*>(b_.get()), b_stride_}}) {
        if (auto rc = cudaMemcpyAsync(base + filled * stride, base, n * stride, cudaMemcpyDeviceToDevice, ctx.stream);
            rc != cudaSuccess)
          return cuda_error("cudaMemcpyAsync (input copies)", rc);
      }
      filled += n;
    }
    return ctx.drain();
  }
  // The next run's copy (round robin).
  std::uint32_t next() { return next_++ % count_; }
  const void* a(std::uint32_t copy) const { return static_cast<const char*>(a_.get()) + copy * a_stride_; }
  const void* b(std::uint32_t copy) const { return static_cast<const char*>(b_.get()) + copy * b_stride_; }
  std::uint32_t count() const { return count_; }
  std::uint32_t wanted() const { return wanted_; }
  std::uint64_t free_bytes() const { return free_bytes_; }

 private:
  DeviceMemory a_, b_;
  std::uint64_t a_stride_ = 0, b_stride_ = 0, free_bytes_ = 0;
  std::uint32_t count_ = 1, wanted_ = 1, next_ = 0;
};

// What the GEMMs of one run_cuda_compute did with their input copies, for the result's notes.
struct RotationLog {
  std::uint32_t min_copies = std::numeric_limits<std::uint32_t>::max(), max_copies = 0;
  std::vector<std::string> capped;
  void add(const std::string& what, const InputCopies& copies) {
    min_copies = std::min(min_copies, copies.count());
    max_copies = std::max(max_copies, copies.count());
    if (copies.count() < copies.wanted())
      capped.push_back(fmt::format("{}: {} copies of A and B instead of {} ({} MiB free): fewer than 2x L2 bytes "
                                   "between two uses of one copy, inputs may partly come from L2",
                                   what, copies.count(), copies.wanted(), copies.free_bytes() >> 20));
  }
};

double element_value(const unsigned char* raw, cudaDataType_t type) {
  if (type == CUDA_R_32F) { float x; std::memcpy(&x, raw, 4); return x; }
  if (type == CUDA_R_32I) { std::int32_t x; std::memcpy(&x, raw, 4); return x; }
  std::uint16_t h; std::memcpy(&h, raw, 2);
  return type == CUDA_R_16BF ? std::bit_cast<float>(static_cast<std::uint32_t>(h) << 16) : half_bits_to_float(h);
}

// Output element i of a device buffer of `type`, downloaded whole (attention outputs: small).
Result<std::vector<double>> download(const DeviceMemory& mem, cudaDataType_t type, std::uint64_t count) {
  std::vector<double> out(count);
  const std::uint64_t bytes = count * bytes_of(type);
  std::vector<unsigned char> raw(bytes);
  if (auto rc = cudaMemcpy(raw.data(), mem.get(), bytes, cudaMemcpyDeviceToHost); rc != cudaSuccess)
    return cuda_error("cudaMemcpy", rc);
  for (std::uint64_t i = 0; i < count; ++i) out[i] = element_value(&raw[i * bytes_of(type)], type);
  return out;
}

// The rows of a row-major m x n GEMM output that check_gemm reads (gemm_checked_rows), and
// nothing else: a few MiB where the whole output of the LM head would take gigabytes.
Result<GemmCheckedRows> download_checked_rows(const DeviceMemory& mem, cudaDataType_t type, std::uint64_t m,
                                              std::uint64_t n) {
  GemmCheckedRows checked(m, n);
  const std::uint64_t row_bytes = n * bytes_of(type);
  std::vector<unsigned char> raw(row_bytes);
  for (std::size_t r = 0; r < checked.rows().size(); ++r) {
    const auto* src = static_cast<const unsigned char*>(mem.get()) + checked.rows()[r] * row_bytes;
    if (auto rc = cudaMemcpy(raw.data(), src, row_bytes, cudaMemcpyDeviceToHost); rc != cudaSuccess)
      return cuda_error("cudaMemcpy (checked rows)", rc);
    for (std::uint64_t col = 0; col < n; ++col)
      checked.values()[r * n + col] = element_value(&raw[col * bytes_of(type)], type);
  }
  return checked;
}

double seconds_since(std::chrono::steady_clock::time_point origin) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - origin).count();
}

struct TimedRuns {
  std::vector<double> seconds;  // per run, one entry per sample
  double window_start_s = 0, window_end_s = 0;  // the timed samples on the telemetry clock
};

// Warm-up (the trial call, waited for), calibration from warm runs, then samples of `runs`
// back-to-back runs between CUDA events. The window is host time: the stream is idle when it
// starts (the calibration was waited for) and every sample has been waited for when it ends.
Result<TimedRuns> time_runs(Context& ctx, const std::function<Result<bool>()>& run_once, std::uint32_t samples) {
  auto timed = [&](std::uint32_t runs) -> Result<double> {
    if (auto rc = cudaEventRecord(ctx.start, ctx.stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
    for (std::uint32_t r = 0; r < runs; ++r)
      if (auto ok = run_once(); !ok) return Error{ok.error()};
    if (auto rc = cudaEventRecord(ctx.stop, ctx.stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
    if (auto done = ctx.wait(ctx.stop); !done) return Error{done.error()};
    float ms = 0;
    if (auto rc = cudaEventElapsedTime(&ms, ctx.start, ctx.stop); rc != cudaSuccess)
      return cuda_error("cudaEventElapsedTime", rc);
    return ms * 1e-3 / runs;
  };
  // The first call pays for cuBLAS's heuristics and lazy module loading: not used for sizing.
  auto cold = timed(1);
  if (!cold) return Error{cold.error()};
  // Up to 8 warm runs back to back; fewer when a run is long, so calibrating costs about 0.1 s at most.
  const auto repeats = static_cast<std::uint32_t>(std::clamp(std::floor(0.1 / std::max(*cold, 1e-9)), 1.0, 8.0));
  auto warm = timed(repeats);
  if (!warm) return Error{warm.error()};
  const auto runs = static_cast<std::uint32_t>(
      std::clamp(std::ceil(kMinSampleSeconds / std::max(*warm, 1e-9)), 1.0, kMaxRunsPerSample));
  const auto& cancelled = ctx.cancelled;
  TimedRuns out;
  out.window_start_s = seconds_since(ctx.origin);
  for (std::uint32_t s = 0; s < samples; ++s) {
    if (cancelled && cancelled()) break;
    auto t = timed(runs);
    if (!t) return Error{t.error()};
    out.seconds.push_back(*t);
  }
  out.window_end_s = seconds_since(ctx.origin);
  if (out.seconds.empty()) return Error{"interrupted before the first timed sample"};
  return out;
}

Throughput summarize(const TimedRuns& timed, double flops_per_run) {
  Throughput t = summarize_throughput(timed.seconds, flops_per_run, 1);
  t.window_start_s = timed.window_start_s;
  t.window_end_s = timed.window_end_s;
  return t;
}

// B (k x n, row-major) as B^T (n x k, row-major): each output column's k values contiguous.
std::vector<float> transposed(const std::vector<float>& b, std::uint64_t k, std::uint64_t n) {
  std::vector<float> out(b.size());
  for (std::uint64_t kk = 0; kk < k; ++kk)
    for (std::uint64_t col = 0; col < n; ++col) out[col * k + kk] = b[kk * n + col];
  return out;
}

// Row-major C (m x n) = A (m x k) B through cuBLAS for variant `v`, on device buffers; B is k x n,
// or n x k (B^T) when the variant's operand order is TN.
Result<bool> cublas_gemm(Context& ctx, const GemmVariant& v, const void* a, const void* b, void* c, std::uint64_t m,
                         std::uint64_t n, std::uint64_t k) {
  const bool tn = gemm_operand_order(v.precision) == GemmOperandOrder::tn;
  const float alpha_f = 1.f, beta_f = 0.f;
  const std::int32_t alpha_i = 1, beta_i = 0;
  const std::uint16_t alpha_h = 0x3c00, beta_h = 0;  // 1.0 and 0.0 in fp16 (scale type of COMPUTE_16F)
  const void* alpha = v.compute == CUBLAS_COMPUTE_32I ? static_cast<const void*>(&alpha_i)
                      : v.compute == CUBLAS_COMPUTE_16F ? static_cast<const void*>(&alpha_h) : &alpha_f;
  const void* beta = v.compute == CUBLAS_COMPUTE_32I ? static_cast<const void*>(&beta_i)
                     : v.compute == CUBLAS_COMPUTE_16F ? static_cast<const void*>(&beta_h) : &beta_f;
  const int mi = static_cast<int>(m), ni = static_cast<int>(n), ki = static_cast<int>(k);
  // Row-major C = A B is column-major C^T = B^T A^T: swap the operands (gemm_operand_order.hpp);
  // TN hands over the transposed B with op T, leading dimension k.
  auto st = cublasGemmEx(ctx.handle, tn ? CUBLAS_OP_T : CUBLAS_OP_N, CUBLAS_OP_N, ni, mi, ki, alpha, b, v.ab_type,
                         tn ? ki : ni, a, v.ab_type, ki, beta, c, v.c_type, ni, v.compute, CUBLAS_GEMM_DEFAULT);
  if (st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasGemmEx", st);
  return true;
}

// The compute canary of variant `v` (gemm_canary.hpp): one run on the canary's operands, all of C
// read back. An error when the GEMM could not run.
Result<SelfCheck> cuda_gemm_canary(Context& ctx, const GemmVariant& v) {
  const GemmCanary canary = make_gemm_canary();
  const std::uint64_t m = canary.m, n = canary.n, k = canary.k;
  const bool tn = gemm_operand_order(v.precision) == GemmOperandOrder::tn;
  DeviceMemory da(ctx), db(ctx), dc(ctx);
  if (auto ok = upload(ctx, canary.a, v.ab_type, da); !ok) return Error{"A: " + ok.error()};
  if (auto ok = upload(ctx, tn ? transposed(canary.b, k, n) : canary.b, v.ab_type, db); !ok)
    return Error{"B: " + ok.error()};
  if (auto ok = dc.allocate(m * n * bytes_of(v.c_type)); !ok) return Error{"C: " + ok.error()};
  if (auto ok = cublas_gemm(ctx, v, da.get(), db.get(), dc.get(), m, n, k); !ok) return Error{ok.error()};
  if (auto done = ctx.drain(); !done) return Error{done.error()};
  auto c = download(dc, v.c_type, m * n);
  if (!c) return Error{"C: " + c.error()};
  return judge_gemm_canary(canary, v.precision, fmt::format("{} accumulate", v.accumulate),
                           [&](std::uint64_t i) { return (*c)[i]; }, gemm_tolerance(v.accumulator, v.output));
}

Result<GemmMeasurement> measure_gemm(Context& ctx, const GemmVariant& v, const GemmShape& shape, std::uint32_t samples,
                                     RotationLog& rotation, std::vector<std::string>& notes) {
  // cuBLAS's int8 GEMM (CUBLAS_COMPUTE_32I) needs lda and ldb, here n and k, multiples of 4.
  const std::uint64_t multiple = v.compute == CUBLAS_COMPUTE_32I ? 4 : 1;
  const std::uint64_t m = shape.m, n = shape.n / multiple * multiple, k = shape.k / multiple * multiple;
  if (n == 0 || k == 0)
    return Error{fmt::format("{}x{}x{}: cuBLAS's int8 GEMM needs n and k of at least 4", shape.m, shape.n, shape.k)};
  if (n != shape.n || k != shape.k)
    notes.push_back(fmt::format("{} GEMM {} measured as {}x{}x{} instead of {}x{}x{}: cuBLAS's int8 GEMM needs n and k "
                                "(its leading dimensions) multiples of 4",
                                v.precision, shape.name, m, n, k, shape.m, shape.n, shape.k));
  const auto a = random_inputs_for(v.precision, m * k, 1), b = random_inputs_for(v.precision, k * n, 2);
  const bool tn = gemm_operand_order(v.precision) == GemmOperandOrder::tn;
  const std::vector<float> b_upload = tn ? transposed(b, k, n) : b;  // TN: B^T, n x k row-major
  DeviceMemory dc(ctx);
  if (auto ok = dc.allocate(m * n * bytes_of(v.c_type)); !ok) return Error{"C: " + ok.error()};
  InputCopies inputs(ctx);
  const std::uint64_t staging = std::max(m * k, k * n) * 4;  // fp32 staging of the fp16/bf16 conversion
  if (auto ok = inputs.make(ctx, m * k * bytes_of(v.ab_type), k * n * bytes_of(v.ab_type), staging,
                            [&](void* a0, void* b0) -> Result<bool> {
                              if (auto up = upload_into(ctx, a, v.ab_type, a0); !up) return Error{"A: " + up.error()};
                              if (auto up = upload_into(ctx, b_upload, v.ab_type, b0); !up)
                                return Error{"B: " + up.error()};
                              return true;
                            });
      !ok)
    return Error{ok.error()};
  rotation.add(fmt::format("{} ({} accumulate) GEMM {}", v.precision, v.accumulate, shape.name), inputs);
  auto run = [&]() -> Result<bool> {
    const std::uint32_t copy = inputs.next();
    return cublas_gemm(ctx, v, inputs.a(copy), inputs.b(copy), dc.get(), m, n, k);
  };
  auto timed = time_runs(ctx, run, samples);
  if (!timed) return Error{timed.error()};
  GemmMeasurement g;
  g.precision = v.precision;
  g.accumulate = v.accumulate;
  g.implementation = "cublas";
  g.shape = shape.name;
  g.m = m; g.n = n; g.k = k;
  g.flops_per_run = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  g.throughput = summarize(*timed, g.flops_per_run);
  auto c = download_checked_rows(dc, v.c_type, m, n);
  if (!c) return Error{"C: " + c.error()};
  g.reference = check_gemm(a, b, [&](std::uint64_t i) { return c->at(i); }, m, n, k,
                           gemm_tolerance(v.accumulator, v.output));
  return g;
}

// The trial call: a small fp8 GEMM run once. Its error is the reason fp8 is skipped.
Result<std::string> probe_fp8(Context& ctx) {
  constexpr std::uint64_t kSide = 64;
  auto gemm = CublasLtFp8Gemm::create(ctx.lt, kSide, kSide, kSide);
  if (!gemm) return Error{gemm.error()};
  DeviceMemory a(ctx), bt(ctx), c(ctx);
  if (auto ok = a.allocate(kSide * kSide); !ok) return Error{ok.error()};
  if (auto ok = bt.allocate(kSide * kSide); !ok) return Error{ok.error()};
  if (auto ok = c.allocate(kSide * kSide * (*gemm)->output_bytes()); !ok) return Error{ok.error()};
  for (void* p : {a.get(), bt.get()})
    if (auto rc = cudaMemsetAsync(p, 0x38, kSide * kSide, ctx.stream); rc != cudaSuccess)  // 0x38: 1.0 in e4m3
      return cuda_error("cudaMemsetAsync", rc);
  if (auto ok = (*gemm)->run(a.get(), bt.get(), c.get(), ctx.stream); !ok) return Error{ok.error()};
  if (auto done = ctx.drain(); !done) return Error{done.error()};
  return std::string((*gemm)->output_name());
}

// The compute canary of fp8 through cuBLASLt (gemm_canary.hpp): the canary's integers are exact
// in e4m3. An error when the GEMM could not run.
Result<SelfCheck> cuda_fp8_gemm_canary(Context& ctx) {
  const GemmCanary canary = make_gemm_canary();
  const std::uint64_t m = canary.m, n = canary.n, k = canary.k;
  auto gemm = CublasLtFp8Gemm::create(ctx.lt, m, n, k);
  if (!gemm) return Error{gemm.error()};
  std::vector<std::uint8_t> a_bits(m * k), bt_bits(n * k);
  std::transform(canary.a.begin(), canary.a.end(), a_bits.begin(), float_to_e4m3_bits);
  const auto bt = transposed(canary.b, k, n);
  std::transform(bt.begin(), bt.end(), bt_bits.begin(), float_to_e4m3_bits);
  DeviceMemory da(ctx), dbt(ctx), dc(ctx);
  if (auto ok = da.allocate(a_bits.size()); !ok) return Error{"A: " + ok.error()};
  if (auto ok = dbt.allocate(bt_bits.size()); !ok) return Error{"B: " + ok.error()};
  if (auto ok = dc.allocate(m * n * (*gemm)->output_bytes()); !ok) return Error{"C: " + ok.error()};
  if (auto rc = cudaMemcpy(da.get(), a_bits.data(), a_bits.size(), cudaMemcpyHostToDevice); rc != cudaSuccess)
    return cuda_error("cudaMemcpy (A)", rc);
  if (auto rc = cudaMemcpy(dbt.get(), bt_bits.data(), bt_bits.size(), cudaMemcpyHostToDevice); rc != cudaSuccess)
    return cuda_error("cudaMemcpy (B^T)", rc);
  if (auto ok = (*gemm)->run(da.get(), dbt.get(), dc.get(), ctx.stream); !ok) return Error{ok.error()};
  if (auto done = ctx.drain(); !done) return Error{done.error()};
  auto c = download(dc, (*gemm)->output_type(), m * n);
  if (!c) return Error{"C: " + c.error()};
  return judge_gemm_canary(canary, "fp8", fmt::format("fp8 tensor-core accumulate, {} output", (*gemm)->output_name()),
                           [&](std::uint64_t i) { return (*c)[i]; },
                           gemm_tolerance(GemmNumber::fp8_tensor_sum, gemm_number_of((*gemm)->output_type())));
}

// e4m3 A and B through cuBLASLt. Inputs: the random fp32 inputs rounded to e4m3 (the reference
// uses the rounded values). B is uploaded transposed (the TN layout, cublaslt_gemm.hpp).
Result<GemmMeasurement> measure_fp8_gemm(Context& ctx, const GemmShape& planned, std::uint32_t samples,
                                         RotationLog& rotation, std::vector<std::string>& notes) {
  const std::uint64_t m = planned.m / 16 * 16, n = planned.n / 16 * 16, k = planned.k / 16 * 16;
  if (m == 0 || n == 0 || k == 0)
    return Error{fmt::format("{}x{}x{} has a dimension below 16 (fp8 tensor-core tiles)", planned.m, planned.n, planned.k)};
  if (m != planned.m || n != planned.n || k != planned.k)
    notes.push_back(fmt::format("fp8 GEMM {} measured as {}x{}x{} instead of {}x{}x{}: cuBLASLt's fp8 kernels need "
                                "multiples of 16",
                                planned.name, m, n, k, planned.m, planned.n, planned.k));
  const auto a = random_inputs_for("fp8", m * k, 1), b = random_inputs_for("fp8", k * n, 2);
  std::vector<std::uint8_t> a_bits(m * k), bt_bits(n * k);
  for (std::uint64_t i = 0; i < m * k; ++i) a_bits[i] = float_to_e4m3_bits(a[i]);
  for (std::uint64_t kk = 0; kk < k; ++kk)
    for (std::uint64_t col = 0; col < n; ++col) bt_bits[col * k + kk] = float_to_e4m3_bits(b[kk * n + col]);
  auto gemm = CublasLtFp8Gemm::create(ctx.lt, m, n, k);
  if (!gemm) return Error{gemm.error()};
  DeviceMemory dc(ctx);
  if (auto ok = dc.allocate(m * n * (*gemm)->output_bytes()); !ok) return Error{"C: " + ok.error()};
  InputCopies inputs(ctx);
  if (auto ok = inputs.make(ctx, m * k, n * k, 0,
                            [&](void* a0, void* b0) -> Result<bool> {
                              if (auto rc = cudaMemcpy(a0, a_bits.data(), a_bits.size(), cudaMemcpyHostToDevice);
                                  rc != cudaSuccess)
                                return cuda_error("cudaMemcpy (A)", rc);
                              if (auto rc = cudaMemcpy(b0, bt_bits.data(), bt_bits.size(), cudaMemcpyHostToDevice);
                                  rc != cudaSuccess)
                                return cuda_error("cudaMemcpy (B^T)", rc);
                              return true;
                            });
      !ok)
    return Error{ok.error()};
  rotation.add(fmt::format("fp8 GEMM {}", planned.name), inputs);
  auto run = [&]() -> Result<bool> {
    const std::uint32_t copy = inputs.next();
    return (*gemm)->run(inputs.a(copy), inputs.b(copy), dc.get(), ctx.stream);
  };
  auto timed = time_runs(ctx, run, samples);
  if (!timed) return Error{timed.error()};
  GemmMeasurement g;
  g.precision = "fp8";
  g.accumulate = "fp32";
  g.implementation = "cublaslt";
  g.shape = planned.name;
  g.m = m; g.n = n; g.k = k;
  g.flops_per_run = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  g.throughput = summarize(*timed, g.flops_per_run);
  auto c = download_checked_rows(dc, (*gemm)->output_type(), m, n);
  if (!c) return Error{"C: " + c.error()};
  // fp8 tensor cores keep about 14 bits of their partial sums between promotions to fp32
  // (docs/compute.md); the inputs are the fp8-rounded values, so input rounding does not count.
  g.reference = check_gemm(a, b, [&](std::uint64_t i) { return c->at(i); }, m, n, k,
                           gemm_tolerance(GemmNumber::fp8_tensor_sum, gemm_number_of((*gemm)->output_type())));
  return g;
}

Result<std::vector<AttentionMeasurement>> measure_attention(Context& ctx, std::string_view precision,
                                                            const AttentionShape& shape, std::uint32_t samples) {
  if (shape.head_dim != cuda_kernels::kFusedAttentionHeadDim)  // as the Vulkan path (vk_measure.cpp)
    return Error{fmt::format("the CUDA fused attention kernel is written for head dim {} (GPT-2), not {}",
                             cuda_kernels::kFusedAttentionHeadDim, shape.head_dim)};
  const std::uint64_t heads = static_cast<std::uint64_t>(shape.batch) * shape.heads, s = shape.seq_len, d = shape.head_dim;
  const cudaDataType_t type = precision == "fp16" ? CUDA_R_16F : precision == "bf16" ? CUDA_R_16BF : CUDA_R_32F;
  const auto q = random_inputs_for(precision, heads * s * d, 10), k = random_inputs_for(precision, heads * s * d, 11),
             v = random_inputs_for(precision, heads * s * d, 12);
  DeviceMemory dq(ctx), dk(ctx), dv(ctx), scores(ctx), probs(ctx), o_unfused(ctx), o_fused(ctx);
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
  // docs/compute.md: fp32; fp16; bf16 (P rounded to bf16 in the unfused path) 4x fp16's.
  const double tolerance = precision == "fp32"   ? kAttentionFp32AbsTolerance
                           : precision == "fp16" ? kAttentionFp16AbsTolerance
                                                 : kAttentionFp16AbsTolerance * 4;
  std::vector<AttentionMeasurement> out;
  for (auto [name, run, mem] : {std::tuple{"cuda-unfused", std::function<Result<bool>()>(unfused), &o_unfused},
                                std::tuple{"cuda-fused", std::function<Result<bool>()>(fused), &o_fused}}) {
    auto timed = time_runs(ctx, run, samples);
    if (!timed) return Error{fmt::format("{}: {}", name, timed.error())};
    AttentionMeasurement a;
    a.precision = std::string(precision);
    a.implementation = name;
    a.shape = shape.name;
    a.batch = shape.batch; a.heads = shape.heads; a.seq_len = shape.seq_len; a.head_dim = shape.head_dim;
    a.causal = shape.causal;
    a.flops_full = 4.0 * static_cast<double>(heads) * static_cast<double>(s) * static_cast<double>(s) * static_cast<double>(d);
    a.flops_causal = shape.causal ? a.flops_full / 2 : a.flops_full;
    a.flops_counted = shape.causal ? "causal" : "full";
    a.throughput = summarize(*timed, a.flops_causal);
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
  auto prop = select_cuda_device(device_index);
  if (!prop) return Error{prop.error()};
  const int cc = prop->major * 10 + prop->minor;
  if (auto ok = check_kernel_image(cuda_kernels::probe_compute_kernel_image(), cc); !ok) return Error{ok.error()};
  Context ctx;
  ctx.cancelled = cancelled;
  if (auto rc = cudaStreamCreate(&ctx.stream); rc != cudaSuccess) return cuda_error("cudaStreamCreate", rc);
  if (auto st = cublasCreate(&ctx.handle); st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasCreate", st);
  if (auto st = cublasSetStream(ctx.handle, ctx.stream); st != CUBLAS_STATUS_SUCCESS)
    return cublas_error("cublasSetStream", st);
  if (auto st = cublasLtCreate(&ctx.lt); st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasLtCreate", st);
  if (auto rc = cudaEventCreate(&ctx.start); rc != cudaSuccess) return cuda_error("cudaEventCreate", rc);
  if (auto rc = cudaEventCreate(&ctx.stop); rc != cudaSuccess) return cuda_error("cudaEventCreate", rc);
  if (auto rc = cudaEventCreateWithFlags(&ctx.idle, cudaEventDisableTiming); rc != cudaSuccess)
    return cuda_error("cudaEventCreateWithFlags", rc);
  int l2 = 0;
  if (auto rc = cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, device_index); rc != cudaSuccess)
    return cuda_error("cudaDeviceGetAttribute (L2 size)", rc);
  ctx.l2_bytes = static_cast<std::uint64_t>(l2);
  ctx.origin = options.clock_origin;

  ComputeResult result;
  result.backend = "cuda";
  result.device_name = prop->name;
  const ComputePlan plan = plan_compute(options, false);
  auto stop = [&] { return cancelled && cancelled(); };
  const std::string sm = fmt::format("sm_{}", cc);
  RotationLog rotation;
  auto finish = [&] {
    if (rotation.max_copies == 0) return;
    result.notes.push_back(fmt::format(
        "rotating inputs: every timed GEMM cycles {}-{} copies of A and B (same values, distinct memory) so that "
        "more than 2x L2 ({} MiB) of other inputs is read between two uses of one copy",
        rotation.min_copies, rotation.max_copies, ctx.l2_bytes >> 20));
    for (auto& capped : rotation.capped) result.notes.push_back(std::move(capped));
  };
  // After a failed step: whether the run ends, because the device failed (`failure` then names it)
  // or Ctrl-C came while the GPU was busy. Otherwise the step gets a note or a skip and the run goes on.
  std::optional<Error> failure;
  auto run_ends = [&](const std::string& what, const std::string& error) {
    if (auto why = device_failure(ctx, error)) {
      failure = Error{fmt::format("{}: {}", what, *why)};
      return true;
    }
    if (ctx.abandoned || stop()) result.interrupted = true;
    return ctx.abandoned;
  };
  auto end_run = [&]() -> Result<ComputeResult> {
    if (failure) return *failure;
    finish();
    return result;
  };
  // Progress: every planned sub-test counts, a skipped one as done at once.
  ComputeProgress progress;
  auto is_attention_precision = [](const std::string& p) { return p == "fp32" || p == "fp16" || p == "bf16"; };
  for (const std::string& precision : options.precisions) {
    std::size_t variants = precision == "fp8" ? 1 : 0;
    for (const auto& v : kGemmVariants) variants += precision == v.precision ? 1 : 0;
    progress.plan(variants * plan.gemm.size(), static_cast<double>(variants) * planned_flops(plan.gemm));
    if (is_attention_precision(precision)) progress.plan(plan.attention.size(), planned_flops(plan.attention));
  }
  auto report = [&](std::string current) {
    progress.current = std::move(current);
    if (options.progress) options.progress(progress);
  };
  auto finished = [&](const Throughput& t, const ReferenceCheck& check) {
    progress.last_tflops = t.tflops_median;
    if (!check.passed()) ++progress.failed_checks;
  };
  for (const std::string& precision : options.precisions) {
    if (precision == "fp8") {
      if (auto why = fp8_gemm_unsupported_reason(cc); !why.empty()) {
        result.skipped.push_back({"gemm", "fp8", why});
        progress.finish(plan.gemm.size(), planned_flops(plan.gemm));
        continue;
      }
      auto output = probe_fp8(ctx);
      if (!output) {
        if (run_ends("fp8 trial GEMM", output.error())) return end_run();
        result.skipped.push_back({"gemm", "fp8", fmt::format("cuBLASLt cannot run fp8 on this card ({}): {}", sm,
                                                            output.error())});
        progress.finish(plan.gemm.size(), planned_flops(plan.gemm));
        continue;
      }
      result.notes.push_back(fmt::format("fp8 GEMM through cuBLASLt: e4m3 inputs (the random inputs rounded to "
                                         "e4m3; the reference uses the rounded values), fp32 accumulate, {} output",
                                         *output));
      if (auto canary = cuda_fp8_gemm_canary(ctx); canary) {
        result.self_checks.push_back(std::move(*canary));
      } else {
        if (run_ends("fp8 GEMM canary", canary.error())) return end_run();
        result.self_checks.push_back(gemm_canary_not_run("fp8", canary.error()));
      }
      for (const auto& shape : plan.gemm) {
        if (stop()) { result.interrupted = true; return end_run(); }
        report(fmt::format("fp8 GEMM {}", shape.name));
        auto g = measure_fp8_gemm(ctx, shape, plan.samples, rotation, result.notes);
        progress.finish(1, planned_flops(shape));
        if (!g) {
          const std::string what = fmt::format("fp8 GEMM {}", shape.name);
          if (run_ends(what, g.error())) return end_run();
          result.notes.push_back(fmt::format("{} not measured: {}", what, g.error()));
          continue;
        }
        finished(g->throughput, g->reference);
        result.gemm.push_back(std::move(*g));
      }
      continue;
    }
    bool any_variant = false;
    for (const auto& v : kGemmVariants) {
      if (precision != v.precision) continue;
      any_variant = true;
      if (auto why = cuda_gemm_skip_reason(v.precision, v.accumulate, cc); !why.empty()) {
        // A variant skipped beside one that runs (fp16 accumulate on sm_61) is a note, not a skip.
        bool other_runs = false;
        for (const auto& o : kGemmVariants)
          other_runs |= o.precision == precision && &o != &v && cuda_gemm_skip_reason(o.precision, o.accumulate, cc).empty();
        if (other_runs) result.notes.push_back(fmt::format("{} GEMM ({} accumulate) not run: {}", precision, v.accumulate, why));
        else result.skipped.push_back({"gemm", precision, why});
        progress.finish(plan.gemm.size(), planned_flops(plan.gemm));
        continue;
      }
      if (auto canary = cuda_gemm_canary(ctx, v); canary) {
        result.self_checks.push_back(std::move(*canary));
      } else {
        if (run_ends(fmt::format("{} ({} accumulate) GEMM canary", precision, v.accumulate), canary.error()))
          return end_run();
        result.self_checks.push_back(gemm_canary_not_run(precision, canary.error()));
      }
      for (const auto& shape : plan.gemm) {
        if (stop()) { result.interrupted = true; return end_run(); }
        report(fmt::format("{} ({} accumulate) GEMM {}", precision, v.accumulate, shape.name));
        auto g = measure_gemm(ctx, v, shape, plan.samples, rotation, result.notes);
        progress.finish(1, planned_flops(shape));
        if (!g) {
          const std::string what = fmt::format("{} ({} accumulate) GEMM {}", precision, v.accumulate, shape.name);
          if (run_ends(what, g.error())) return end_run();
          result.notes.push_back(fmt::format("{} not measured: {}", what, g.error()));
          continue;
        }
        finished(g->throughput, g->reference);
        result.gemm.push_back(std::move(*g));
      }
    }
    if (!any_variant) result.skipped.push_back({"gemm", precision, "unknown precision"});
    if (!is_attention_precision(precision)) continue;
    if (auto why = cuda_attention_skip_reason(precision, cc); !why.empty()) {
      result.skipped.push_back({"attention", precision, why});
      progress.finish(plan.attention.size(), planned_flops(plan.attention));
      continue;
    }
    for (const auto& shape : plan.attention) {
      if (stop()) { result.interrupted = true; return end_run(); }
      report(fmt::format("{} attention {} (batch {}, {} heads, {} tokens)", precision, shape.name, shape.batch,
                         shape.heads, shape.seq_len));
      auto a = measure_attention(ctx, precision, shape, plan.samples);
      progress.finish(1, planned_flops(shape));
      if (!a) {
        const std::string what = fmt::format("{} attention {}", precision, shape.name);
        if (run_ends(what, a.error())) return end_run();
        result.notes.push_back(fmt::format("{} not measured: {}", what, a.error()));
        continue;
      }
      for (auto& m : *a) {
        finished(m.throughput, m.reference);
        result.attention.push_back(std::move(m));
      }
    }
  }
  if (!ctx.lost.empty()) return Error{"the device failed: " + ctx.lost};  // in a wait after the last measurement
  report("");
  finish();
  return result;
}

}  // namespace rigcheck
