#include "kernels/cuda/cuda_burn.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <numeric>
#include <vector>

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <fmt/format.h>

#include "kernels/burn_compare.hpp"
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_kernels.hpp"

namespace rigcheck {
namespace {

using cuda_kernels::WordMismatches;

constexpr double kTargetBatchSeconds = 0.2;  // as vk_burn: short enough to stop promptly, long enough to keep the GPU busy
constexpr std::uint64_t kSeed = 0xb042;

double seconds_since(std::chrono::steady_clock::time_point origin) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - origin).count();
}

// The GEMM that draws the most power on a card of compute capability `cc`.
struct Load {
  bool tensor_cores = false;  // fp16 inputs (cublasGemmEx) or fp32 (cublasSgemm)
  std::string precision;
  std::uint64_t input_bytes = 4;
  std::string why;
};

Load choose_load(int cc) {
  if (cc >= 70)
    return {true, "fp16", 2,
            fmt::format("fp16 inputs, fp32 accumulate on tensor cores (sm_{}): the GEMM that draws the most power on a "
                        "card with tensor cores",
                        cc)};
  const char* fp16 = cc < 53 ? " and no fp16 arithmetic" : cc == 61 ? " and runs fp16 at 1/64 of the fp32 rate" : "";
  return {false, "fp32", 4,
          fmt::format("fp32 (cublasSgemm): sm_{} has no tensor cores{}, so fp32 is its full-power GEMM", cc, fp16)};
}

// A, B, C and the reference C; C and the reference are fp32 for both loads.
std::uint64_t bytes_needed(std::uint64_t n, const Load& load) { return 2 * n * n * load.input_bytes + 2 * n * n * 4; }

// Everything the load holds on the device, released after the stream has drained (never once a
// wait failed or timed out: the GPU may still use it, so it is leaked rather than waited for).
struct Resources {
  cudaStream_t stream = nullptr;
  cublasHandle_t handle = nullptr;
  void* a = nullptr;
  void* b = nullptr;
  void* c = nullptr;
  void* reference = nullptr;
  WordMismatches* found = nullptr;       // device: what the comparison kernel found
  WordMismatches* found_host = nullptr;  // pinned: [0], [1] per batch slot, [2] the last check
  std::vector<cudaEvent_t> events;
  cudaEvent_t idle = nullptr;  // recorded to drain the stream
  bool abandoned = false;
  ~Resources() {
    if (abandoned || (stream && !drain({}))) return;
    for (cudaEvent_t e : events) cudaEventDestroy(e);
    if (handle) cublasDestroy(handle);
    for (void* p : {a, b, c, reference, static_cast<void*>(found)})
      if (p) cudaFree(p);
    if (found_host) cudaFreeHost(found_host);
    if (stream) cudaStreamDestroy(stream);
  }
  Result<cudaEvent_t> event() {
    cudaEvent_t e = nullptr;
    if (auto rc = cudaEventCreate(&e); rc != cudaSuccess) return cuda_error("cudaEventCreate", rc);
    events.push_back(e);
    return e;
  }
  // Waits for `e` with kCudaWaitTimeout (polling with sleeps: the host thread stays off the CPU the
  // sampler needs). true: done; false: `cancelled` and the GPU still busy; either not-true leaves
  // the resources abandoned.
  Result<bool> wait(cudaEvent_t e, const std::function<bool()>& cancelled) {
    if (abandoned) return Error{"the device was given up after a failed wait"};
    auto done = wait_for_event(e, kCudaWaitTimeout, cancelled);
    if (!done || !*done) abandoned = true;
    return done;
  }
  // Waits for everything queued on the stream.
  Result<bool> drain(const std::function<bool()>& cancelled) {
    if (!idle) {
      if (auto rc = cudaEventCreateWithFlags(&idle, cudaEventDisableTiming); rc != cudaSuccess)
        return cuda_error("cudaEventCreateWithFlags", rc);
      events.push_back(idle);
    }
    if (auto rc = cudaEventRecord(idle, stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
    return wait(idle, cancelled);
  }
};

// Runs recorded between two events, then (when `check`) the comparison with the reference.
struct Batch {
  cudaEvent_t start = nullptr, stop = nullptr, checked = nullptr;
  bool check = false;
  std::uint64_t last_iteration = 0;  // the recomputation whose output the check reads
  WordMismatches* host = nullptr;
};

// One comparison kernel's findings into the stability record, through the shared host side.
void record_check(const WordMismatches& found, double t_s, std::uint64_t iteration, BurnStability& stability) {
  BurnComparison comparison;
  comparison.differing = found.differing;
  const auto kept = std::min<unsigned>(found.recorded, cuda_kernels::kRecordedMismatches);
  for (unsigned slot = 0; slot < kept; ++slot)
    comparison.recorded.push_back({found.index[slot], found.expected[slot], found.actual[slot]});
  record_burn_comparison(std::move(comparison), t_s, iteration, stability);
}

}  // namespace

Result<BurnResult> run_cuda_burn(int device_index, const BurnOptions& options) {
  auto prop = select_cuda_device(device_index);
  if (!prop) return Error{prop.error()};
  const int cc = prop->major * 10 + prop->minor;
  if (auto ok = check_kernel_image(cuda_kernels::probe_compute_kernel_image(), cc); !ok) return Error{ok.error()};
  const Load load = choose_load(cc);

  BurnResult result;
  result.backend = "cuda";
  result.device_name = prop->name;
  result.precision = load.precision;
  result.implementation = "cublas";
  result.duration_requested_s = options.duration_s;
  result.stability.record_capacity = options.record_capacity;
  result.notes.push_back(load.why);

  std::uint64_t n = options.matrix_size;
  if (n == 0) {
    std::size_t free_bytes = 0, total_bytes = 0;
    if (auto rc = cudaMemGetInfo(&free_bytes, &total_bytes); rc != cudaSuccess) return cuda_error("cudaMemGetInfo", rc);
    // 8192: a few ms per run even on the fastest cards, far beyond any L2, ~1 GiB in all.
    n = 2048;
    for (std::uint64_t size : {8192u, 4096u})
      if (bytes_needed(size, load) <= free_bytes / 2) { n = size; break; }
    if (n < 8192)
      result.notes.push_back(fmt::format("matrix size {} instead of 8192: {} MiB free", n, free_bytes >> 20));
  }
  result.matrix_size = n;
  result.flops_per_run = 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
  const std::uint64_t elements = n * n;

  Resources res;
  if (auto rc = cudaStreamCreateWithFlags(&res.stream, cudaStreamNonBlocking); rc != cudaSuccess)
    return cuda_error("cudaStreamCreateWithFlags", rc);
  if (auto st = cublasCreate(&res.handle); st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasCreate", st);
  if (auto st = cublasSetStream(res.handle, res.stream); st != CUBLAS_STATUS_SUCCESS)
    return cublas_error("cublasSetStream", st);
  for (auto [ptr, bytes, name] : {std::tuple{&res.a, elements * load.input_bytes, "A"},
                                  std::tuple{&res.b, elements * load.input_bytes, "B"},
                                  std::tuple{&res.c, elements * 4, "C"}, std::tuple{&res.reference, elements * 4, "reference C"}})
    if (auto rc = cudaMalloc(ptr, bytes); rc != cudaSuccess) return cuda_error(fmt::format("cudaMalloc ({})", name), rc);
  if (auto rc = cudaMalloc(reinterpret_cast<void**>(&res.found), sizeof(WordMismatches)); rc != cudaSuccess)
    return cuda_error("cudaMalloc (comparison)", rc);
  if (auto rc = cudaMallocHost(reinterpret_cast<void**>(&res.found_host), 3 * sizeof(WordMismatches)); rc != cudaSuccess)
    return cuda_error("cudaMallocHost", rc);
  Batch batches[2];
  for (int i = 0; i < 2; ++i) {
    for (cudaEvent_t* e : {&batches[i].start, &batches[i].stop, &batches[i].checked}) {
      auto made = res.event();
      if (!made) return Error{made.error()};
      *e = *made;
    }
    batches[i].host = &res.found_host[i];
  }

  const auto storage = load.tensor_cores ? cuda_kernels::Storage::fp16 : cuda_kernels::Storage::fp32;
  if (int rc = cuda_kernels::launch_fill_random(storage, res.a, elements, kSeed, res.stream); rc != 0)
    return cuda_error("fill kernel (A)", static_cast<cudaError_t>(rc));
  if (int rc = cuda_kernels::launch_fill_random(storage, res.b, elements, kSeed + 1, res.stream); rc != 0)
    return cuda_error("fill kernel (B)", static_cast<cudaError_t>(rc));

  const float one = 1.0f, zero = 0.0f;
  const int ni = static_cast<int>(n);
  // Square, so no transposition is needed for the row-major reading; C is fp32 in both loads.
  auto gemm = [&]() -> Result<bool> {
    if (load.tensor_cores) {
      const auto st = cublasGemmEx(res.handle, CUBLAS_OP_N, CUBLAS_OP_N, ni, ni, ni, &one, res.b, CUDA_R_16F, ni, res.a,
                                   CUDA_R_16F, ni, &zero, res.c, CUDA_R_32F, ni, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
      if (st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasGemmEx", st);
    } else {
      const auto st = cublasSgemm(res.handle, CUBLAS_OP_N, CUBLAS_OP_N, ni, ni, ni, &one, static_cast<const float*>(res.b),
                                  ni, static_cast<const float*>(res.a), ni, &zero, static_cast<float*>(res.c), ni);
      if (st != CUBLAS_STATUS_SUCCESS) return cublas_error("cublasSgemm", st);
    }
    return true;
  };
  auto compare = [&](WordMismatches* host) -> Result<bool> {
    if (int rc = cuda_kernels::launch_compare_words(static_cast<const std::uint32_t*>(res.reference),
                                                    static_cast<const std::uint32_t*>(res.c), elements, res.found,
                                                    res.stream);
        rc != 0)
      return cuda_error("comparison kernel", static_cast<cudaError_t>(rc));
    if (auto rc = cudaMemcpyAsync(host, res.found, sizeof(WordMismatches), cudaMemcpyDeviceToHost, res.stream);
        rc != cudaSuccess)
      return cuda_error("cudaMemcpyAsync (comparison)", rc);
    return true;
  };

  // The first result is the reference every later one must equal bit for bit (iteration 0); the
  // second run, timed, sizes the batches.
  if (auto ok = gemm(); !ok) return Error{ok.error()};
  if (auto rc = cudaMemcpyAsync(res.reference, res.c, elements * 4, cudaMemcpyDeviceToDevice, res.stream);
      rc != cudaSuccess)
    return cuda_error("cudaMemcpyAsync (reference)", rc);
  if (auto rc = cudaEventRecord(batches[0].start, res.stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
  if (auto ok = gemm(); !ok) return Error{ok.error()};
  if (auto rc = cudaEventRecord(batches[0].stop, res.stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
  if (auto done = res.wait(batches[0].stop, options.cancelled); !done || !*done)
    return Error{done ? "interrupted while the GPU was still busy with the first runs" : "first runs: " + done.error()};
  float first_ms = 0;
  if (auto rc = cudaEventElapsedTime(&first_ms, batches[0].start, batches[0].stop); rc != cudaSuccess)
    return cuda_error("cudaEventElapsedTime", rc);
  const auto runs = static_cast<std::uint32_t>(
      std::clamp(std::ceil(kTargetBatchSeconds / std::max(static_cast<double>(first_ms) * 1e-3, 1e-9)), 1.0, 4096.0));
  std::uint64_t iteration = 1;

  // The burn canary: one bit of the second result flipped on the device must be caught by the
  // comparison kernel and the shared record; the word is restored before the load.
  {
    const auto planted = burn_canary_index(elements);
    auto* word = static_cast<std::uint32_t*>(res.c) + planted;
    std::uint32_t original = 0;
    if (auto rc = cudaMemcpy(&original, word, 4, cudaMemcpyDeviceToHost); rc != cudaSuccess)
      return cuda_error("cudaMemcpy (canary read)", rc);
    const std::uint32_t flipped = original ^ (1u << kBurnCanaryBit);
    if (auto rc = cudaMemcpy(word, &flipped, 4, cudaMemcpyHostToDevice); rc != cudaSuccess)
      return cuda_error("cudaMemcpy (canary plant)", rc);
    auto checked = compare(&res.found_host[2]);
    if (checked) checked = res.drain({});
    if (!checked) return Error{"burn canary: " + checked.error()};
    BurnStability scratch;
    scratch.record_capacity = 4;
    record_check(res.found_host[2], 0, 0, scratch);
    result.self_checks.push_back(judge_burn_canary(planted, scratch));
    if (auto rc = cudaMemcpy(word, &original, 4, cudaMemcpyHostToDevice); rc != cudaSuccess)
      return cuda_error("cudaMemcpy (canary restore)", rc);
  }

  const double start_t = seconds_since(options.clock_origin);
  result.load_start_t_s = start_t;
  double interval_start = start_t, interval_gpu_s = 0, interval_flops = 0, last_check = start_t;
  auto close_interval = [&](double now) {
    if (interval_gpu_s <= 0) return;
    result.intervals.push_back({interval_start, now, interval_flops / interval_gpu_s / 1e12});
    if (options.progress)
      options.progress({now - start_t, options.duration_s, result.intervals.back().tflops, result.stability.mismatches});
    interval_start = now;
    interval_gpu_s = interval_flops = 0;
  };
  auto enqueue = [&](Batch& batch, bool check) -> Result<bool> {
    if (auto rc = cudaEventRecord(batch.start, res.stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
    for (std::uint32_t r = 0; r < runs; ++r)
      if (auto ok = gemm(); !ok) return ok;
    if (auto rc = cudaEventRecord(batch.stop, res.stream); rc != cudaSuccess) return cuda_error("cudaEventRecord", rc);
    iteration += runs;
    batch.last_iteration = iteration;
    batch.check = check;
    if (check) {
      if (auto ok = compare(batch.host); !ok) return ok;
      if (auto rc = cudaEventRecord(batch.checked, res.stream); rc != cudaSuccess)
        return cuda_error("cudaEventRecord", rc);
    }
    return true;
  };
  // false: Ctrl-C while the GPU was still busy with the batch (not counted).
  auto complete = [&](Batch& batch) -> Result<bool> {
    if (auto done = res.wait(batch.check ? batch.checked : batch.stop, options.cancelled); !done || !*done)
      return done;
    float ms = 0;
    if (auto rc = cudaEventElapsedTime(&ms, batch.start, batch.stop); rc != cudaSuccess)
      return cuda_error("cudaEventElapsedTime", rc);
    interval_gpu_s += static_cast<double>(ms) * 1e-3;
    interval_flops += result.flops_per_run * runs;
    const double now = seconds_since(options.clock_origin);
    if (batch.check) record_check(*batch.host, now, batch.last_iteration, result.stability);
    if (now - interval_start >= options.interval_s) close_interval(now);
    return true;
  };

  // Two batches in flight: the next is queued before the host waits for the previous, so the GPU
  // never idles between them.
  int oldest = 0, in_flight = 0;
  bool stopping = false;
  std::string failure;
  while (true) {
    const double now = seconds_since(options.clock_origin);
    if (!stopping && now - start_t >= options.duration_s) stopping = true;
    if (!stopping && options.cancelled && options.cancelled()) {
      stopping = true;
      result.interrupted = true;
      result.notes.push_back("interrupted before the requested duration");
    }
    if (!stopping) {
      const bool check = now - last_check >= options.check_every_s;
      if (check) last_check = now;
      if (auto ok = enqueue(batches[(oldest + in_flight) % 2], check); ok) {
        ++in_flight;
      } else {
        failure = ok.error();
        stopping = true;
      }
    }
    if (in_flight == 0) break;
    if (in_flight == 2 || stopping) {
      if (res.abandoned) break;  // nothing more is waited for
      auto ok = complete(batches[oldest]);
      if (!ok && failure.empty()) failure = ok.error();
      if (!ok || !*ok) stopping = true;
      oldest = (oldest + 1) % 2;
      --in_flight;
    }
  }
  // Every failure here is the device's (a fault, a failed or timed-out wait): Ctrl-C stops the
  // loop without one.
  if (!failure.empty()) {
    result.interrupted = true;
    result.device_error = failure;
    result.notes.push_back("the load stopped: " + failure);
  } else if (res.abandoned) {
    result.interrupted = true;
    result.notes.push_back(fmt::format("interrupted while the GPU was busy (still busy {} s later): the last result "
                                       "is not compared",
                                       kCancelGrace.count()));
  } else {
    // The last result is compared too, so even a short load is checked at least once.
    auto checked = compare(&res.found_host[2]);
    if (checked) checked = res.drain({});
    if (checked) {
      record_check(res.found_host[2], seconds_since(options.clock_origin), iteration, result.stability);
    } else {
      result.device_error = "the last comparison failed: " + checked.error();
      result.notes.push_back(*result.device_error);
    }
  }
  const double end_t = seconds_since(options.clock_origin);
  close_interval(end_t);
  result.load_end_t_s = end_t;
  result.duration_achieved_s = end_t - start_t;
  return result;
}

}  // namespace rigcheck
