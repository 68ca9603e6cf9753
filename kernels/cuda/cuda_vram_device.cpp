#include "kernels/cuda/cuda_vram_device.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <cuda_runtime.h>
#include <fmt/format.h>

#include "kernels/copy_timing.hpp"
#include "kernels/cuda/cuda_backend.hpp"
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_vram_kernels.hpp"

namespace rigcheck {
namespace {

namespace k = cuda_vram_kernels;

constexpr std::uint64_t kMiB = 1ull << 20;
// Like the Vulkan device (vk_vram_device.cpp): 1 GiB chunks keep one step short and let the
// allocation step down in useful sizes; offsets are 64-bit anyway.
constexpr std::uint64_t kMaxChunkBytes = 1ull << 30;
constexpr std::uint64_t kMinChunkBytes = 16 * kMiB;  // stepping down stops here
// Left free for the driver (page tables, copy staging) beyond what cudaMemGetInfo already
// counts as used by our context; the same constant as the Vulkan budget reserve.
constexpr std::uint64_t kReserveBytes = 64 * kMiB;
// A step over a 1 GiB chunk takes well under a second on any CUDA card; two minutes means the
// GPU stopped answering (the same limit as the Vulkan fence wait).
constexpr std::chrono::seconds kStepTimeout{120};
// Thread blocks per SM-worth of resident 256-thread blocks: a few waves, then grid-stride.
constexpr std::uint32_t kWavesPerLaunch = 4;

std::string gib(std::uint64_t bytes) { return fmt::format("{:.2f} GiB", static_cast<double>(bytes) / (1ull << 30)); }

class CudaVramDevice final : public VramDevice {
 public:
  CudaVramDevice(int device, BackendDeviceInfo info) : device_(device), info_(std::move(info)) {}
  CudaVramDevice(const CudaVramDevice&) = delete;
  CudaVramDevice& operator=(const CudaVramDevice&) = delete;

  ~CudaVramDevice() override {
    // After a timeout or a device fault kernels may still use these buffers: leak rather than
    // free memory the GPU is writing.
    if (lost_ || cudaSetDevice(device_) != cudaSuccess) return;
    if (stream_ != nullptr) cudaStreamSynchronize(stream_);
    release_allocation();
    if (start_ != nullptr) cudaEventDestroy(start_);
    if (stop_ != nullptr) cudaEventDestroy(stop_);
    if (stream_ != nullptr) cudaStreamDestroy(stream_);
  }

  Result<bool> init() {
    if (auto rc = cudaSetDevice(device_); rc != cudaSuccess) return cuda_error("cudaSetDevice", rc);
    if (auto rc = cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking); rc != cudaSuccess)
      return cuda_error("cudaStreamCreateWithFlags", rc);
    for (cudaEvent_t* e : {&start_, &stop_})
      if (auto rc = cudaEventCreate(e); rc != cudaSuccess) return cuda_error("cudaEventCreate", rc);
    // Every kernel loaded now, before allocate() takes nearly all memory (cuda_vram_kernels.hpp).
    if (const int rc = k::load_every_kernel(); rc != 0) {
      int major = 0, minor = 0;
      cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device_);
      cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device_);
      int runtime = 0;
      cudaRuntimeGetVersion(&runtime);
      return Error{fmt::format("this rigcheck has no VRAM kernel that compute capability {}.{} can run (CUDA runtime "
                               "{}{}): {}",
                               major, minor, cuda_version_string(runtime),
                               major * 10 + minor < 75 ? "; Maxwell, Pascal and Volta need a build with CUDA 11.8-12.9"
                                                       : "",
                               cuda_error("cudaFuncGetAttributes", static_cast<cudaError_t>(rc)).message)};
    }
    int sms = 0, threads_per_sm = 0;
    if (auto rc = cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device_); rc != cudaSuccess)
      return cuda_error("cudaDeviceGetAttribute(MultiProcessorCount)", rc);
    if (auto rc = cudaDeviceGetAttribute(&threads_per_sm, cudaDevAttrMaxThreadsPerMultiProcessor, device_);
        rc != cudaSuccess)
      return cuda_error("cudaDeviceGetAttribute(MaxThreadsPerMultiProcessor)", rc);
    grid_blocks_ = std::max<std::uint32_t>(
        1, static_cast<std::uint32_t>(sms) * std::max<std::uint32_t>(1, static_cast<std::uint32_t>(threads_per_sm) / 256) *
               kWavesPerLaunch);
    return true;
  }

  const BackendDeviceInfo& info() const override { return info_; }

  Result<VramAllocation> allocate(const VramAllocationRequest& request) override {
    if (auto ok = usable(); !ok) return Error{ok.error()};
    if (auto rc = cudaStreamSynchronize(stream_); rc != cudaSuccess) return fail("cudaStreamSynchronize", rc);
    release_allocation();
    VramAllocation out;

    // The small buffers first, so the free memory measured next is what the chunks may take.
    record_capacity_ = request.record_capacity;
    const std::uint64_t error_bytes = sizeof(k::ErrorHeader) + std::uint64_t{record_capacity_} * sizeof(k::ErrorRecord);
    if (auto rc = cudaMalloc(&errors_, error_bytes); rc != cudaSuccess) {
      errors_ = nullptr;
      return Error{"error-record buffer: " + cuda_error("cudaMalloc", rc).message};
    }
    max_faults_ = std::max<std::uint32_t>(1, request.max_faults);
    if (auto rc = cudaMalloc(&faults_, std::uint64_t{max_faults_} * sizeof(k::FaultSite)); rc != cudaSuccess) {
      faults_ = nullptr;
      return Error{"fault-site buffer: " + cuda_error("cudaMalloc", rc).message};
    }

    std::size_t free_bytes = 0, total_bytes = 0;
    if (auto rc = cudaMemGetInfo(&free_bytes, &total_bytes); rc != cudaSuccess) return fail("cudaMemGetInfo", rc);
    out.heap_bytes = total_bytes;
    std::uint64_t target = std::min<std::uint64_t>(request.target_bytes, total_bytes);
    if (target < request.target_bytes)
      out.notes.push_back(fmt::format("requested {} but the device holds {}", gib(request.target_bytes), gib(total_bytes)));
    const std::uint64_t available = free_bytes > kReserveBytes ? free_bytes - kReserveBytes : 0;
    if (available < target) {
      out.notes.push_back(fmt::format("cudaMemGetInfo: {} free of {}: testing at most {} ({} MiB left for the driver)",
                                      gib(free_bytes), gib(total_bytes), gib(available), kReserveBytes / kMiB));
      target = available;
    }

    std::uint64_t remaining = target / kVramBlockBytes * kVramBlockBytes;
    std::uint64_t try_bytes = kMaxChunkBytes;
    while (remaining >= kVramBlockBytes) {
      const std::uint64_t size = std::min(try_bytes, remaining);
      void* chunk = nullptr;
      const cudaError_t rc = cudaMalloc(&chunk, size);
      if (rc == cudaErrorMemoryAllocation) {
        cudaGetLastError();  // not sticky, but it would surface at the next launch check
        // Halve from the size that failed (also the last, partial chunk: free memory is often
        // fragmented, and every MiB allocated is a MiB tested).
        const std::uint64_t smaller = (size / 2) / kVramBlockBytes * kVramBlockBytes;
        if (smaller < kMinChunkBytes) {
          out.notes.push_back(fmt::format("allocation of {} failed ({}) after {}: testing what was allocated",
                                          gib(size), cuda_error("cudaMalloc", rc).message, gib(out.total_bytes)));
          break;
        }
        out.notes.push_back(fmt::format("allocation of {} failed ({}): stepping down to {} chunks", gib(size),
                                        cuda_error("cudaMalloc", rc).message, gib(smaller)));
        try_bytes = smaller;
        continue;
      }
      if (rc != cudaSuccess) return fail("cudaMalloc", rc);
      out.chunks.push_back({static_cast<std::uint32_t>(chunks_.size()), out.total_bytes, size});
      chunks_.push_back(chunk);
      out.total_bytes += size;
      remaining -= size;
    }
    if (chunks_.empty())
      return Error{"no device memory could be allocated" + (out.notes.empty() ? std::string() : ": " + out.notes.back())};
    chunk_layout_ = out.chunks;
    return out;
  }

  Result<VramStepResult> run(const VramStep& step) override {
    if (auto ok = usable(); !ok) return Error{ok.error()};
    if (step.chunk >= chunks_.size()) return Error{fmt::format("no chunk {}", step.chunk)};
    const auto& chunk = chunk_layout_[step.chunk];
    void* data = chunks_[step.chunk];
    VramStepResult out;

    if (step.op == VramOp::inject) {
      if (step.faults.size() > max_faults_)
        return Error{fmt::format("{} fault sites exceed the {} allocated", step.faults.size(), max_faults_)};
      std::vector<k::FaultSite> sites(step.faults.size());
      for (std::size_t i = 0; i < step.faults.size(); ++i) {
        const auto& f = step.faults[i];
        if (f.chunk_offset_bytes % 4 != 0 || f.chunk_offset_bytes >= chunk.size_bytes || f.bit > 31)
          return Error{fmt::format("bad fault site {:#x} bit {}", f.chunk_offset_bytes, f.bit)};
        sites[i] = {f.chunk_offset_bytes / 4, 1u << f.bit, 0u};
      }
      if (!sites.empty()) {
        // Pageable source: the call returns once the sites are staged, so `sites` may go.
        if (auto rc = cudaMemcpyAsync(faults_, sites.data(), sites.size() * sizeof(k::FaultSite),
                                      cudaMemcpyHostToDevice, stream_);
            rc != cudaSuccess)
          return fail("cudaMemcpyAsync(fault sites)", rc);
      }
      auto seconds = timed("inject kernel", [&] {
        return k::launch_inject(data, static_cast<const k::FaultSite*>(faults_), sites.size(), stream_);
      });
      if (!seconds) return Error{seconds.error()};
      out.gpu_seconds = *seconds;
      return out;
    }

    if (step.first_byte % kVramBlockBytes != 0 || step.size_bytes % kVramBlockBytes != 0 || step.size_bytes == 0 ||
        step.first_byte + step.size_bytes > chunk.size_bytes)
      return Error{fmt::format("region {:#x}+{:#x} does not fit chunk {} in 4 KiB blocks", step.first_byte,
                               step.size_bytes, step.chunk)};
    k::StepParams params;
    params.chunk_base_bytes = chunk.base_bytes;
    params.first_vec = step.first_byte / 16;
    params.block_count = step.size_bytes / kVramBlockBytes;
    params.pattern = static_cast<std::uint32_t>(step.pattern);
    params.pass = step.pass;
    params.seed = step.seed;
    params.complement = step.complement ? 1u : 0u;
    params.order_multiplier = step.order.multiplier;
    params.order_offset = step.order.offset;
    params.record_capacity = std::min(step.record_capacity, record_capacity_);
    const auto grid = static_cast<std::uint32_t>(std::min<std::uint64_t>(params.block_count, grid_blocks_));

    if (step.op == VramOp::write) {
      const std::uint32_t repeats = std::max<std::uint32_t>(1, step.repeats);  // the timer self-check's window
      auto seconds = timed("write kernel", [&] {
        for (std::uint32_t r = 0; r < repeats; ++r)
          if (const int rc = k::launch_write(data, params, grid, stream_); rc != 0) return rc;
        return 0;
      });
      if (!seconds) return Error{seconds.error()};
      out.gpu_seconds = *seconds;
      return out;
    }

    reset_header_ = k::ErrorHeader{};
    reset_header_.min_word = ~0ull;
    if (auto rc = cudaMemcpyAsync(errors_, &reset_header_, sizeof reset_header_, cudaMemcpyHostToDevice, stream_);
        rc != cudaSuccess)
      return fail("cudaMemcpyAsync(error header)", rc);
    const auto mode = step.op == VramOp::verify ? k::VerifyMode::verify : k::VerifyMode::verify_write_complement;
    auto seconds = timed("verify kernel", [&] { return k::launch_verify(mode, data, params, errors_, grid, stream_); });
    if (!seconds) return Error{seconds.error()};
    out.gpu_seconds = *seconds;
    if (auto ok = read_errors(params.record_capacity, out); !ok) return Error{ok.error()};
    return out;
  }

  Result<std::vector<DeviceCopyBandwidth>> measure_copy_bandwidth(std::uint64_t max_copy_bytes,
                                                                  std::uint32_t repeats) override {
    if (auto ok = usable(); !ok) return Error{ok.error()};
    if (chunks_.empty()) return Error{"nothing allocated"};
    const auto& chunk = chunk_layout_[0];
    auto prepared = prepare_copy_source(*this, chunk.size_bytes, max_copy_bytes);
    if (!prepared) return Error{prepared.error()};
    const std::uint64_t copy_bytes = *prepared;

    auto* src = static_cast<unsigned char*>(chunks_[0]);
    auto* dst = src + copy_bytes;
    const auto grid = static_cast<std::uint32_t>(std::min<std::uint64_t>(copy_bytes / kVramBlockBytes, grid_blocks_));
    std::vector<DeviceCopyBandwidth> out;
    auto kernel = time_copy_repeats(repeats, copy_bytes, [&] {
      return timed("copy kernel", [&] { return k::launch_copy(src, dst, copy_bytes / 16, grid, stream_); });
    });
    if (!kernel) return Error{"copy kernel: " + kernel.error()};
    kernel->method = "shader_copy";  // our kernel; the name is shared with the Vulkan copy shader
    out.push_back(*kernel);
    auto api = time_copy_repeats(repeats, copy_bytes, [&] {
      return timed("cudaMemcpyAsync(device to device)", [&] {
        return static_cast<int>(cudaMemcpyAsync(dst, src, copy_bytes, cudaMemcpyDeviceToDevice, stream_));
      });
    });
    if (!api) return Error{api.error()};
    api->method = "api_copy";
    out.push_back(*api);
    return out;
  }

 private:
  Result<bool> usable() {
    if (lost_) return Error{"the device failed earlier in this run (" + lost_reason_ + ")"};
    // The runtime's current device is per host thread: set it on every entry.
    if (auto rc = cudaSetDevice(device_); rc != cudaSuccess) return cuda_error("cudaSetDevice", rc);
    return true;
  }

  // A failed call. After a sticky error (a fault in a kernel) the context is unusable: nothing
  // more is run, and the buffers are left alone.
  Error fail(std::string_view call, cudaError_t rc) {
    Error error = cuda_error(call, rc);
    if (rc == cudaErrorECCUncorrectable)
      error.message += ": the GPU's ECC found an uncorrectable error in memory (the card is faulty)";
    if (is_sticky_cuda_error(rc)) {
      lost_ = true;
      lost_reason_ = error.message;
    }
    return error;
  }

  // Records events around what `enqueue` puts on the stream, waits with a timeout and returns
  // the GPU seconds between them. `enqueue` returns a cudaError_t as int.
  template <class F>
  Result<double> timed(std::string_view what, F&& enqueue) {
    if (auto rc = cudaEventRecord(start_, stream_); rc != cudaSuccess) return fail("cudaEventRecord", rc);
    if (const int rc = enqueue(); rc != 0) return fail(what, static_cast<cudaError_t>(rc));
    if (auto rc = cudaEventRecord(stop_, stream_); rc != cudaSuccess) return fail("cudaEventRecord", rc);
    if (auto ok = wait(stop_, what); !ok) return Error{ok.error()};
    float ms = 0;
    if (auto rc = cudaEventElapsedTime(&ms, start_, stop_); rc != cudaSuccess) return fail("cudaEventElapsedTime", rc);
    return static_cast<double>(ms) / 1e3;
  }

  // Polls instead of cudaEventSynchronize, which would wait forever on a hung GPU.
  Result<bool> wait(cudaEvent_t event, std::string_view what) {
    const auto deadline = std::chrono::steady_clock::now() + kStepTimeout;
    for (;;) {
      const cudaError_t rc = cudaEventQuery(event);
      if (rc == cudaSuccess) return true;
      if (rc != cudaErrorNotReady) return fail(fmt::format("{} (cudaEventQuery)", what), rc);
      if (std::chrono::steady_clock::now() > deadline) {
        lost_ = true;
        lost_reason_ = fmt::format("{}: the device did not finish within {} s", what, kStepTimeout.count());
        return Error{lost_reason_};
      }
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  }

  Result<bool> read_errors(std::uint32_t capacity, VramStepResult& out) {
    k::ErrorHeader header{};
    if (auto rc = cudaMemcpyAsync(&header, errors_, sizeof header, cudaMemcpyDeviceToHost, stream_); rc != cudaSuccess)
      return fail("cudaMemcpyAsync(error header)", rc);
    if (auto rc = cudaStreamSynchronize(stream_); rc != cudaSuccess) return fail("cudaStreamSynchronize", rc);
    out.errors = header.count;
    for (std::size_t b = 0; b < 32; ++b) out.bit_histogram[b] = header.bit_histogram[b];
    for (std::size_t b = 0; b < 33; ++b) out.popcount_histogram[b] = header.popcount_histogram[b];
    if (out.errors == 0) return true;
    out.lowest_chunk_offset_bytes = static_cast<std::uint64_t>(header.min_word) * 4;
    out.highest_chunk_offset_bytes = static_cast<std::uint64_t>(header.max_word) * 4;
    const std::uint64_t kept = std::min<std::uint64_t>(out.errors, capacity);
    if (kept == 0) return true;
    std::vector<k::ErrorRecord> records(kept);
    const auto* first = static_cast<const unsigned char*>(errors_) + sizeof(k::ErrorHeader);
    if (auto rc = cudaMemcpyAsync(records.data(), first, kept * sizeof(k::ErrorRecord), cudaMemcpyDeviceToHost, stream_);
        rc != cudaSuccess)
      return fail("cudaMemcpyAsync(error records)", rc);
    if (auto rc = cudaStreamSynchronize(stream_); rc != cudaSuccess) return fail("cudaStreamSynchronize", rc);
    out.records.reserve(kept);
    for (const auto& r : records)
      out.records.push_back({static_cast<std::uint64_t>(r.word) * 4, r.expected, r.actual, r.reread});
    // Slots are taken in whatever order the GPU runs: sort so reports are stable.
    std::sort(out.records.begin(), out.records.end(),
              [](const auto& a, const auto& b) { return a.chunk_offset_bytes < b.chunk_offset_bytes; });
    return true;
  }

  void release_allocation() {
    for (void* c : chunks_) cudaFree(c);
    chunks_.clear();
    chunk_layout_.clear();
    if (errors_ != nullptr) cudaFree(errors_);
    if (faults_ != nullptr) cudaFree(faults_);
    errors_ = faults_ = nullptr;
  }

  int device_;
  BackendDeviceInfo info_;
  bool lost_ = false;
  std::string lost_reason_;
  cudaStream_t stream_ = nullptr;
  cudaEvent_t start_ = nullptr, stop_ = nullptr;
  std::uint32_t grid_blocks_ = 1;
  std::vector<void*> chunks_;
  std::vector<VramChunk> chunk_layout_;
  void* errors_ = nullptr;
  void* faults_ = nullptr;
  k::ErrorHeader reset_header_{};  // a member, so it outlives the asynchronous upload whatever the staging
  std::uint32_t record_capacity_ = 0;
  std::uint32_t max_faults_ = 0;
};

}  // namespace

Result<std::unique_ptr<VramDevice>> open_cuda_vram_device(int device_index, BackendDeviceInfo info) {
  auto device = std::make_unique<CudaVramDevice>(device_index, std::move(info));
  if (auto ok = device->init(); !ok) return Error{device->info().name + ": " + ok.error()};
  return std::unique_ptr<VramDevice>(std::move(device));
}

}  // namespace rigcheck
