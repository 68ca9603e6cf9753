// Host<->device and peer transfers on one CUDA device: buffers sized to what the device and the
// host can give, each size measured pinned and pageable in three directions after a warm-up and
// verified, the link sampled under load, small-copy latency, then peer copies.
#include "kernels/cuda/cuda_transfer.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <latch>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include <cuda_runtime.h>
#include <fmt/format.h>

#include "kernels/cuda/cuda_backend.hpp"
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/transfer_support.hpp"

namespace rigcheck {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kMiB = 1ull << 20;
// Device memory left free beyond the transfer buffers (driver page tables, copy staging).
constexpr std::uint64_t kDeviceReserveBytes = 64 * kMiB;
// nvbandwidth's default peer copy size; less when either GPU is short of memory.
constexpr std::uint64_t kPeerCopyBytes = 256 * kMiB;
constexpr std::uint64_t kMinPeerCopyBytes = 1 * kMiB;
// The link is sampled while copies of the largest size run for at least this long: long enough
// for ~20 samples at 10 ms and for the link to leave a power-saving speed.
constexpr double kLinkLoadSeconds = 0.25;
constexpr auto kLinkSampleInterval = std::chrono::milliseconds(10);
constexpr std::uint32_t kMaxQueuedLinkCopies = 256;  // per stream: below the launch-queue depth
// No copy here takes more than a few seconds on a working link (256 MiB at 1 GB/s: 0.25 s).
constexpr std::chrono::seconds kWaitTimeout{60};

std::string size_text(std::uint64_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes / 1024);
  return fmt::format("{} B", bytes);
}

std::string gbps(double bytes_per_s) { return fmt::format("{:.2f}", bytes_per_s / 1e9); }

// Sets the current device for a scope and restores the one before (the current device is per
// host thread, and callers may have chosen another).
class DeviceScope {
 public:
  explicit DeviceScope(int device) {
    if (cudaGetDevice(&previous_) != cudaSuccess) previous_ = -1;
    rc_ = cudaSetDevice(device);
  }
  ~DeviceScope() {
    if (previous_ >= 0) cudaSetDevice(previous_);
  }
  DeviceScope(const DeviceScope&) = delete;
  DeviceScope& operator=(const DeviceScope&) = delete;
  cudaError_t status() const { return rc_; }

 private:
  int previous_ = -1;
  cudaError_t rc_ = cudaSuccess;
};

// Owners of CUDA objects. abandon() forgets the object without freeing it: after a timeout the
// GPU may still use it, and cudaFree would wait for the GPU forever.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() { release(); }
  // On `device`, which must be current.
  cudaError_t allocate(int device, std::uint64_t bytes) {
    device_ = device;
    const cudaError_t rc = cudaMalloc(&ptr_, bytes);
    if (rc != cudaSuccess) {
      ptr_ = nullptr;
      cudaGetLastError();  // an out-of-memory here is an answer, not a pending error
    }
    return rc;
  }
  void release() {
    if (ptr_ == nullptr) return;
    DeviceScope scope(device_);
    cudaFree(ptr_);
    ptr_ = nullptr;
  }
  unsigned char* get() const { return static_cast<unsigned char*>(ptr_); }
  void abandon() { ptr_ = nullptr; }

 private:
  int device_ = 0;
  void* ptr_ = nullptr;
};

class PinnedBuffer {
 public:
  PinnedBuffer() = default;
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;
  ~PinnedBuffer() {
    if (ptr_ != nullptr) cudaFreeHost(ptr_);
  }
  cudaError_t allocate(std::uint64_t bytes) {
    const cudaError_t rc = cudaMallocHost(&ptr_, bytes);
    if (rc != cudaSuccess) {
      ptr_ = nullptr;
      cudaGetLastError();
    }
    return rc;
  }
  void release() {
    if (ptr_ != nullptr) cudaFreeHost(ptr_);
    ptr_ = nullptr;
  }
  unsigned char* get() const { return static_cast<unsigned char*>(ptr_); }
  void abandon() { ptr_ = nullptr; }

 private:
  void* ptr_ = nullptr;
};

// Two non-blocking streams and three events on the tested device.
struct Queues {
  cudaStream_t first = nullptr, second = nullptr;
  cudaEvent_t start = nullptr, stop = nullptr, other = nullptr;
  int device = 0;
  bool abandoned = false;

  Queues() = default;
  Queues(const Queues&) = delete;
  Queues& operator=(const Queues&) = delete;
  ~Queues() {
    if (abandoned) return;
    DeviceScope scope(device);
    for (cudaEvent_t e : {start, stop, other})
      if (e != nullptr) cudaEventDestroy(e);
    for (cudaStream_t s : {first, second})
      if (s != nullptr) cudaStreamDestroy(s);
  }

  Result<bool> create(int on_device) {
    device = on_device;
    for (cudaStream_t* s : {&first, &second})
      if (auto rc = cudaStreamCreateWithFlags(s, cudaStreamNonBlocking); rc != cudaSuccess)
        return cuda_error("cudaStreamCreateWithFlags", rc);
    for (cudaEvent_t* e : {&start, &stop, &other})
      if (auto rc = cudaEventCreate(e); rc != cudaSuccess) return cuda_error("cudaEventCreate", rc);
    return true;
  }
};

const char* kind_name(cudaMemcpyKind kind) {
  return kind == cudaMemcpyHostToDevice ? "host to device" : "device to host";
}

// One direction's copy: where from, where to.
struct Copy {
  void* dst = nullptr;
  const void* src = nullptr;
  cudaMemcpyKind kind = cudaMemcpyHostToDevice;
};

class TransferRun {
 public:
  TransferRun(int device, const TransferOptions& options) : device_(device), options_(options) {}
  TransferRun(const TransferRun&) = delete;
  TransferRun& operator=(const TransferRun&) = delete;
  ~TransferRun() {
    if (!lost_) return;
    // The GPU did not finish: leave everything it may still touch.
    for (auto* b : {&dev_a_, &dev_b_}) b->abandon();
    for (auto* b : {&pinned_src_, &pinned_dst_}) b->abandon();
    queues_.abandoned = true;
  }

  Result<TransferResult> run() {
    result_.backend = "cuda";
    result_.method =
        "cudaMemcpyAsync between cudaMallocHost (pinned) or malloc'd (pageable) host memory and cudaMalloc'd device "
        "memory; bidirectional: one copy each way on two streams; peers: cudaMemcpyPeerAsync";
    if (auto rc = cudaSetDevice(device_); rc != cudaSuccess) return cuda_error("cudaSetDevice", rc);
    if (auto ok = queues_.create(device_); !ok) return Error{ok.error()};

    std::vector<std::uint64_t> sizes;
    for (auto s : options_.sizes_bytes)
      if (s > 0) sizes.push_back(s);
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    std::vector<std::uint64_t> needed = sizes;
    if (options_.latency_repeats > 0 && options_.latency_size_bytes > 0) needed.push_back(options_.latency_size_bytes);
    if (auto ok = allocate(needed); !ok) return Error{ok.error()};

    std::vector<std::uint64_t> skipped;
    for (auto s : sizes) {
      if (stop()) break;
      if (s > capacity_) {
        skipped.push_back(s);
        continue;
      }
      auto ok = measure_size(s);
      if (!ok) return Error{ok.error()};
      largest_measured_ = s;
    }
    if (!skipped.empty()) {
      std::string list;
      for (auto s : skipped) list += (list.empty() ? "" : ", ") + size_text(s);
      result_.notes.push_back(fmt::format("sizes not measured: {} (buffers limited to {})", list, size_text(capacity_)));
    }
    if (!stop() && options_.sample_link && largest_measured_ > 0) {
      if (auto ok = sample_link_under_load(); !ok) return Error{ok.error()};
    }
    if (!stop() && options_.latency_repeats > 0) {
      if (auto ok = measure_latency(); !ok) return Error{ok.error()};
    }
    if (!stop()) {
      if (auto ok = measure_peers(); !ok) return Error{ok.error()};
    }
    if (result_.interrupted) result_.notes.push_back("interrupted: the remaining sizes and tests were not run");
    return result_;
  }

 private:
  bool stop() {
    if (!result_.interrupted && options_.cancelled && options_.cancelled()) result_.interrupted = true;
    return result_.interrupted;
  }

  Error fail(std::string_view call, cudaError_t rc) { return cuda_error(call, rc); }

  // Two device buffers, two pinned and two pageable host buffers for the largest of `needed`
  // that the device's free memory and the host's pinned memory hold (halving the limit).
  Result<bool> allocate(const std::vector<std::uint64_t>& needed) {
    if (needed.empty()) return true;
    const auto fit = [&](std::uint64_t limit) {
      std::uint64_t best = 0;
      for (auto n : needed)
        if (n <= limit) best = std::max(best, n);
      return best;
    };
    const std::uint64_t wanted = *std::max_element(needed.begin(), needed.end());
    std::size_t free_bytes = 0, total_bytes = 0;
    if (auto rc = cudaMemGetInfo(&free_bytes, &total_bytes); rc != cudaSuccess) return fail("cudaMemGetInfo", rc);
    std::uint64_t limit = wanted;
    while (limit > 0 && 2 * limit + kDeviceReserveBytes > free_bytes) limit /= 2;
    std::uint64_t cap = fit(limit);
    if (cap < wanted)
      result_.notes.push_back(fmt::format("device memory: {} MiB free of {} MiB, transfer buffers limited to {}",
                                          free_bytes / kMiB, total_bytes / kMiB, size_text(cap)));
    for (;;) {
      if (cap == 0) return Error{fmt::format("no transfer size fits the device's {} MiB of free memory", free_bytes / kMiB)};
      const cudaError_t a = dev_a_.allocate(device_, cap);
      const cudaError_t b = a == cudaSuccess ? dev_b_.allocate(device_, cap) : a;
      const cudaError_t p = b == cudaSuccess ? pinned_src_.allocate(cap) : b;
      const cudaError_t q = p == cudaSuccess ? pinned_dst_.allocate(cap) : p;
      if (q == cudaSuccess) break;
      const char* call = a != cudaSuccess || b != cudaSuccess ? "cudaMalloc" : "cudaMallocHost";
      if (q != cudaErrorMemoryAllocation) return fail(call, q);
      dev_a_.release();
      dev_b_.release();
      pinned_src_.release();
      pinned_dst_.release();
      const std::uint64_t smaller = fit(cap - 1);
      result_.notes.push_back(fmt::format("{} of {} failed (out of memory): transfer buffers limited to {}", call,
                                          size_text(cap), size_text(smaller)));
      cap = smaller;
    }
    try {
      pageable_src_.resize(cap);
      pageable_dst_.resize(cap);
    } catch (const std::bad_alloc&) {
      return Error{fmt::format("host memory: {} of pageable buffers could not be allocated", size_text(2 * cap))};
    }
    fill_random_bytes(pinned_src_.get(), cap, 0x7261'6e64'6f6d'2121ull ^ static_cast<std::uint64_t>(device_));
    std::memcpy(pageable_src_.data(), pinned_src_.get(), cap);
    capacity_ = cap;
    return true;
  }

  // Polls (yielding) rather than cudaEventSynchronize / cudaStreamSynchronize, which would wait
  // forever on a hung GPU; `ready` returns cudaSuccess, cudaErrorNotReady or an error.
  template <class Ready>
  Result<bool> wait(std::string_view what, Ready&& ready) {
    const auto deadline = Clock::now() + kWaitTimeout;
    for (;;) {
      const cudaError_t rc = ready();
      if (rc == cudaSuccess) return true;
      if (rc != cudaErrorNotReady) return fail(what, rc);
      if (Clock::now() > deadline) {
        lost_ = true;
        return Error{fmt::format("{}: the device did not finish within {} s", what, kWaitTimeout.count())};
      }
      std::this_thread::yield();
    }
  }

  Result<bool> wait_event(cudaEvent_t event) {
    return wait("cudaEventQuery", [&] { return cudaEventQuery(event); });
  }
  Result<bool> wait_stream(cudaStream_t stream) {
    return wait("cudaStreamQuery", [&] { return cudaStreamQuery(stream); });
  }

  Result<double> event_seconds() {
    float ms = 0;
    if (auto rc = cudaEventElapsedTime(&ms, queues_.start, queues_.stop); rc != cudaSuccess)
      return fail("cudaEventElapsedTime", rc);
    return static_cast<double>(ms) / 1e3;
  }

  Result<bool> enqueue(const Copy& c, std::uint64_t bytes, cudaStream_t stream) {
    if (auto rc = cudaMemcpyAsync(c.dst, c.src, bytes, c.kind, stream); rc != cudaSuccess)
      return fail(fmt::format("cudaMemcpyAsync({}, {})", kind_name(c.kind), size_text(bytes)), rc);
    return true;
  }

  // Pinned: the copies between two events on the device (both streams joined into the first).
  Result<double> pinned_once(const std::vector<Copy>& copies, std::uint64_t bytes) {
    auto& q = queues_;
    if (auto rc = cudaEventRecord(q.start, q.first); rc != cudaSuccess) return fail("cudaEventRecord", rc);
    if (copies.size() > 1)
      if (auto rc = cudaStreamWaitEvent(q.second, q.start, 0); rc != cudaSuccess) return fail("cudaStreamWaitEvent", rc);
    for (std::size_t i = 0; i < copies.size(); ++i)
      if (auto ok = enqueue(copies[i], bytes, i == 0 ? q.first : q.second); !ok) return Error{ok.error()};
    if (copies.size() > 1) {
      if (auto rc = cudaEventRecord(q.other, q.second); rc != cudaSuccess) return fail("cudaEventRecord", rc);
      if (auto rc = cudaStreamWaitEvent(q.first, q.other, 0); rc != cudaSuccess) return fail("cudaStreamWaitEvent", rc);
    }
    if (auto rc = cudaEventRecord(q.stop, q.first); rc != cudaSuccess) return fail("cudaEventRecord", rc);
    if (auto ok = wait_event(q.stop); !ok) return Error{ok.error()};
    return event_seconds();
  }

  // Pageable: the host clock from issuing to completion. A pageable cudaMemcpyAsync returns only
  // once its data is staged (host to device) or delivered (device to host), so the second
  // direction runs on its own host thread to overlap with the first.
  Result<double> pageable_once(const std::vector<Copy>& copies, std::uint64_t bytes) {
    auto& q = queues_;
    if (copies.size() == 1) {
      const auto t0 = Clock::now();
      if (auto ok = enqueue(copies[0], bytes, q.first); !ok) return Error{ok.error()};
      if (auto ok = wait_stream(q.first); !ok) return Error{ok.error()};
      return std::chrono::duration<double>(Clock::now() - t0).count();
    }
    std::latch ready(2);
    cudaError_t second_rc = cudaSuccess;
    std::thread second([&] {
      second_rc = cudaSetDevice(device_);
      ready.arrive_and_wait();
      if (second_rc == cudaSuccess) second_rc = cudaMemcpyAsync(copies[1].dst, copies[1].src, bytes, copies[1].kind, q.second);
      if (second_rc == cudaSuccess) second_rc = cudaStreamSynchronize(q.second);
    });
    ready.arrive_and_wait();  // thread start-up is not timed
    const auto t0 = Clock::now();
    auto first = enqueue(copies[0], bytes, q.first);
    auto done = first ? wait_stream(q.first) : Result<bool>(Error{first.error()});
    second.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (!done) return Error{done.error()};
    if (second_rc != cudaSuccess)
      return fail(fmt::format("cudaMemcpyAsync({}, {})", kind_name(copies[1].kind), size_text(bytes)), second_rc);
    return seconds;
  }

  // One warm-up, then `repeats` timed runs: bytes moved (all copies) per second.
  Result<TransferSample> sample(const char* direction, bool pinned, const std::vector<Copy>& copies,
                                std::uint64_t bytes) {
    auto once = [&] { return pinned ? pinned_once(copies, bytes) : pageable_once(copies, bytes); };
    if (auto warm = once(); !warm) return Error{warm.error()};
    std::vector<double> rates;
    const double moved = static_cast<double>(bytes * copies.size());
    for (std::uint32_t i = 0; i < std::max<std::uint32_t>(1, options_.repeats); ++i) {
      auto seconds = once();
      if (!seconds) return Error{seconds.error()};
      if (*seconds > 0) rates.push_back(moved / *seconds);
    }
    if (rates.empty()) return Error{fmt::format("{} {} {}: every copy timed at zero", size_text(bytes), direction,
                                                pinned ? "pinned" : "pageable")};
    const TransferSpread r = transfer_spread(rates);
    TransferSample s;
    s.direction = direction;
    s.host_memory = pinned ? host_memory_kind::pinned : host_memory_kind::pageable;
    s.size_bytes = bytes;
    s.repeats = static_cast<std::uint32_t>(rates.size());
    s.median_bytes_per_s = r.median;
    s.min_bytes_per_s = r.min;
    s.max_bytes_per_s = r.max;
    s.timing = pinned ? "device_events" : "wall_clock";
    return s;
  }

  // What device buffer `from` holds, read back into `host_out` (cleared first, so nothing left
  // from an earlier size can pass), must equal `expected`.
  Result<bool> check_device_holds(const unsigned char* from, const unsigned char* expected, unsigned char* host_out,
                                  std::uint64_t bytes, std::string_view what) {
    std::memset(host_out, 0, bytes);
    if (auto rc = cudaMemcpy(host_out, from, bytes, cudaMemcpyDeviceToHost); rc != cudaSuccess)
      return fail("cudaMemcpy(device to host, verification)", rc);
    if (std::memcmp(host_out, expected, bytes) == 0) return true;
    const auto at = std::mismatch(host_out, host_out + bytes, expected).first - host_out;
    return Error{fmt::format("{}: data copied to the device and back differs from what was sent, first at byte {} of "
                             "{}",
                             what, at, bytes)};
  }

  Result<bool> measure_size(std::uint64_t bytes) {
    std::string line = size_text(bytes) + ":";
    for (bool pinned : {true, false}) {
      const unsigned char* src = pinned ? pinned_src_.get() : pageable_src_.data();
      unsigned char* dst = pinned ? pinned_dst_.get() : pageable_dst_.data();
      // Zeroed device buffers: what the verification finds was copied at this size.
      for (auto* b : {&dev_a_, &dev_b_})
        if (auto rc = cudaMemsetAsync(b->get(), 0, bytes, queues_.first); rc != cudaSuccess)
          return fail("cudaMemsetAsync", rc);
      if (auto ok = wait_stream(queues_.first); !ok) return Error{ok.error()};
      const Copy up{dev_a_.get(), src, cudaMemcpyHostToDevice};
      const Copy down{dst, dev_a_.get(), cudaMemcpyDeviceToHost};
      const Copy up_other{dev_b_.get(), src, cudaMemcpyHostToDevice};
      std::vector<TransferSample> measured;
      for (const auto& [direction, copies] :
           {std::pair{transfer_direction::host_to_device, std::vector<Copy>{up}},
            std::pair{transfer_direction::device_to_host, std::vector<Copy>{down}},
            std::pair{transfer_direction::bidirectional, std::vector<Copy>{up_other, down}}}) {
        auto s = sample(direction, pinned, copies, bytes);
        if (!s) return Error{s.error()};
        measured.push_back(*s);
      }
      const char* kind = pinned ? "pinned" : "pageable";
      const std::string what = fmt::format("{} {}", size_text(bytes), kind);
      if (auto ok = check_device_holds(dev_a_.get(), src, dst, bytes, what + " host to device"); !ok) return ok;
      if (auto ok = check_device_holds(dev_b_.get(), src, dst, bytes, what + " bidirectional"); !ok) return ok;
      line += fmt::format(" {} h2d {}, d2h {}, both {} GB/s;", kind, gbps(measured[0].median_bytes_per_s),
                          gbps(measured[1].median_bytes_per_s), gbps(measured[2].median_bytes_per_s));
      for (auto& s : measured) result_.samples.push_back(std::move(s));
    }
    if (options_.progress) options_.progress(line + " data verified");
    return true;
  }

  // Copies of the largest measured size both ways, queued for about kLinkLoadSeconds, with the
  // link read every ~10 ms until they finish.
  Result<bool> sample_link_under_load() {
    const std::uint64_t bytes = largest_measured_;
    double rate = 0;  // bytes per second, both directions together
    for (const auto& s : result_.samples)
      if (s.size_bytes == bytes && s.host_memory == host_memory_kind::pinned &&
          s.direction == transfer_direction::bidirectional)
        rate = s.median_bytes_per_s;
    const double pair_seconds = rate > 0 ? 2.0 * static_cast<double>(bytes) / rate : kLinkLoadSeconds;
    const auto copies = static_cast<std::uint32_t>(
        std::clamp(kLinkLoadSeconds / pair_seconds + 1.0, 1.0, static_cast<double>(kMaxQueuedLinkCopies)));
    auto& q = queues_;
    if (auto rc = cudaEventRecord(q.start, q.first); rc != cudaSuccess) return fail("cudaEventRecord", rc);
    if (auto rc = cudaStreamWaitEvent(q.second, q.start, 0); rc != cudaSuccess) return fail("cudaStreamWaitEvent", rc);
    for (std::uint32_t i = 0; i < copies; ++i) {
      if (auto ok = enqueue({dev_a_.get(), pinned_src_.get(), cudaMemcpyHostToDevice}, bytes, q.first); !ok) return ok;
      if (auto ok = enqueue({pinned_dst_.get(), dev_b_.get(), cudaMemcpyDeviceToHost}, bytes, q.second); !ok) return ok;
    }
    if (auto rc = cudaEventRecord(q.other, q.second); rc != cudaSuccess) return fail("cudaEventRecord", rc);
    if (auto rc = cudaStreamWaitEvent(q.first, q.other, 0); rc != cudaSuccess) return fail("cudaStreamWaitEvent", rc);
    if (auto rc = cudaEventRecord(q.stop, q.first); rc != cudaSuccess) return fail("cudaEventRecord", rc);
    const auto deadline = Clock::now() + kWaitTimeout;
    for (;;) {
      if (auto sample = options_.sample_link()) result_.link_during_transfer.push_back(*sample);
      const cudaError_t rc = cudaEventQuery(q.stop);
      if (rc == cudaSuccess) break;
      if (rc != cudaErrorNotReady) return fail("cudaEventQuery", rc);
      if (Clock::now() > deadline) {
        lost_ = true;
        return Error{fmt::format("copies for link sampling did not finish within {} s", kWaitTimeout.count())};
      }
      std::this_thread::sleep_for(kLinkSampleInterval);
    }
    if (auto seconds = event_seconds(); seconds)
      result_.notes.push_back(fmt::format("link sampled: {} readings while {} x {} copies ran each way for {:.0f} ms",
                                          result_.link_during_transfer.size(), copies, size_text(bytes),
                                          *seconds * 1e3));
    if (result_.link_during_transfer.empty()) result_.notes.push_back("the link sampler returned no reading");
    return true;
  }

  // Small pinned copies one by one with cudaMemcpy, submit to completion on the host clock.
  Result<bool> measure_latency() {
    const std::uint64_t bytes = options_.latency_size_bytes;
    if (bytes == 0 || bytes > capacity_) {
      result_.notes.push_back(fmt::format("latency not measured: {} does not fit the {} buffers", size_text(bytes),
                                          size_text(capacity_)));
      return true;
    }
    for (const auto& c : {Copy{dev_a_.get(), pinned_src_.get(), cudaMemcpyHostToDevice},
                          Copy{pinned_dst_.get(), dev_a_.get(), cudaMemcpyDeviceToHost}}) {
      auto once = [&]() -> Result<double> {
        const auto t0 = Clock::now();
        if (auto rc = cudaMemcpy(c.dst, c.src, bytes, c.kind); rc != cudaSuccess)
          return fail(fmt::format("cudaMemcpy({}, {})", kind_name(c.kind), size_text(bytes)), rc);
        return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
      };
      if (auto warm = once(); !warm) return Error{warm.error()};
      std::vector<double> us;
      for (std::uint32_t i = 0; i < options_.latency_repeats; ++i) {
        auto t = once();
        if (!t) return Error{t.error()};
        us.push_back(*t);
      }
      const TransferSpread s = transfer_spread(us);
      TransferLatency latency;
      latency.direction =
          c.kind == cudaMemcpyHostToDevice ? transfer_direction::host_to_device : transfer_direction::device_to_host;
      latency.host_memory = host_memory_kind::pinned;
      latency.size_bytes = bytes;
      latency.repeats = options_.latency_repeats;
      latency.median_us = s.median;
      latency.min_us = s.min;
      latency.max_us = s.max;
      result_.latencies.push_back(latency);
    }
    return true;
  }

  Result<bool> measure_peers() {
    int count = 0;
    if (auto rc = cudaGetDeviceCount(&count); rc != cudaSuccess) return fail("cudaGetDeviceCount", rc);
    if (count < 2) {
      result_.notes.push_back("peer copies not measured: no other CUDA device");
      return true;
    }
    for (int peer = 0; peer < count; ++peer) {
      if (peer == device_) continue;
      if (stop()) break;
      PeerTransfer p;
      if (auto info = describe_cuda_device(peer)) {
        p.peer_name = info->name;
        p.peer_bdf = info->pci_bdf.value_or("");
      } else {
        p.peer_name = fmt::format("CUDA device {}", peer);
      }
      auto ok = measure_peer(peer, p);
      if (!ok) return Error{fmt::format("peer copies with {}: {}", p.peer_name, ok.error())};
      if (options_.progress)
        options_.progress(p.median_bytes_per_s ? fmt::format("peer {}: {} GB/s one way, {} GB/s both ways", p.peer_name,
                                                             gbps(*p.median_bytes_per_s),
                                                             gbps(p.bidirectional_bytes_per_s.value_or(0)))
                                               : fmt::format("peer {}: {}", p.peer_name, p.unavailable_reason.value_or("")));
      result_.peers.push_back(std::move(p));
      if (auto rc = cudaSetDevice(device_); rc != cudaSuccess) return fail("cudaSetDevice", rc);
    }
    return true;
  }

  // Enables peer access where it was off (and turns it off again at the end), times copies of
  // up to kPeerCopyBytes one way and both ways at once, and checks what arrived.
  Result<bool> measure_peer(int peer, PeerTransfer& p) {
    int forward = 0, backward = 0;
    if (auto rc = cudaDeviceCanAccessPeer(&forward, device_, peer); rc != cudaSuccess)
      return fail("cudaDeviceCanAccessPeer", rc);
    if (auto rc = cudaDeviceCanAccessPeer(&backward, peer, device_); rc != cudaSuccess)
      return fail("cudaDeviceCanAccessPeer", rc);
    if (forward == 0) {
      p.unavailable_reason = "no peer access between these GPUs (different PCIe root complexes, an IOMMU, or a "
                             "driver or board that does not allow it)";
      return true;
    }
    p.peer_access = true;

    std::size_t free_here = 0, free_peer = 0, total = 0;
    {
      DeviceScope scope(peer);
      if (scope.status() != cudaSuccess) return fail("cudaSetDevice", scope.status());
      if (auto rc = cudaMemGetInfo(&free_peer, &total); rc != cudaSuccess) return fail("cudaMemGetInfo", rc);
    }
    if (auto rc = cudaMemGetInfo(&free_here, &total); rc != cudaSuccess) return fail("cudaMemGetInfo", rc);
    const std::uint64_t free_min = std::min(free_here, free_peer);
    const std::uint64_t room = free_min > kDeviceReserveBytes ? (free_min - kDeviceReserveBytes) / 2 : 0;
    const std::uint64_t bytes = std::min(kPeerCopyBytes, room) / kMiB * kMiB;
    if (bytes < kMinPeerCopyBytes) {
      p.unavailable_reason = fmt::format("not enough free memory for peer copies ({} MiB on one of the two GPUs)",
                                         free_min / kMiB);
      return true;
    }
    if (bytes < kPeerCopyBytes)
      result_.notes.push_back(fmt::format("peer copies with {} use {} (free memory)", p.peer_name, size_text(bytes)));

    PeerAccess access(device_, peer);
    if (auto ok = access.enable(backward != 0); !ok) {
      p.peer_access = false;
      p.unavailable_reason = "peer access could not be enabled: " + ok.error();
      return true;
    }
    DeviceBuffer src_here, dst_here, src_peer, dst_peer;
    if (auto rc = src_here.allocate(device_, bytes); rc != cudaSuccess) return fail("cudaMalloc", rc);
    if (auto rc = dst_here.allocate(device_, bytes); rc != cudaSuccess) return fail("cudaMalloc", rc);
    if (auto rc = cudaMemset(src_here.get(), 0x5a, bytes); rc != cudaSuccess) return fail("cudaMemset", rc);
    {
      DeviceScope scope(peer);
      if (scope.status() != cudaSuccess) return fail("cudaSetDevice", scope.status());
      if (auto rc = src_peer.allocate(peer, bytes); rc != cudaSuccess) return fail("cudaMalloc", rc);
      if (auto rc = dst_peer.allocate(peer, bytes); rc != cudaSuccess) return fail("cudaMalloc", rc);
      if (auto rc = cudaMemset(src_peer.get(), 0xa5, bytes); rc != cudaSuccess) return fail("cudaMemset", rc);
      if (auto rc = cudaDeviceSynchronize(); rc != cudaSuccess) return fail("cudaDeviceSynchronize", rc);
    }
    if (auto rc = cudaDeviceSynchronize(); rc != cudaSuccess) return fail("cudaDeviceSynchronize", rc);

    auto& q = queues_;
    auto timed = [&](bool both) -> Result<double> {
      if (auto rc = cudaEventRecord(q.start, q.first); rc != cudaSuccess) return fail("cudaEventRecord", rc);
      if (both)
        if (auto rc = cudaStreamWaitEvent(q.second, q.start, 0); rc != cudaSuccess) return fail("cudaStreamWaitEvent", rc);
      if (auto rc = cudaMemcpyPeerAsync(dst_peer.get(), peer, src_here.get(), device_, bytes, q.first); rc != cudaSuccess)
        return fail("cudaMemcpyPeerAsync", rc);
      if (both) {
        if (auto rc = cudaMemcpyPeerAsync(dst_here.get(), device_, src_peer.get(), peer, bytes, q.second);
            rc != cudaSuccess)
          return fail("cudaMemcpyPeerAsync", rc);
        if (auto rc = cudaEventRecord(q.other, q.second); rc != cudaSuccess) return fail("cudaEventRecord", rc);
        if (auto rc = cudaStreamWaitEvent(q.first, q.other, 0); rc != cudaSuccess) return fail("cudaStreamWaitEvent", rc);
      }
      if (auto rc = cudaEventRecord(q.stop, q.first); rc != cudaSuccess) return fail("cudaEventRecord", rc);
      if (auto ok = wait_event(q.stop); !ok) return Error{ok.error()};
      return event_seconds();
    };
    auto measure = [&]() -> Result<bool> {
      for (bool both : {false, true}) {
        if (auto warm = timed(both); !warm) return Error{warm.error()};
        std::vector<double> rates;
        for (std::uint32_t i = 0; i < std::max<std::uint32_t>(1, options_.repeats); ++i) {
          auto seconds = timed(both);
          if (!seconds) return Error{seconds.error()};
          if (*seconds > 0) rates.push_back(static_cast<double>(both ? 2 * bytes : bytes) / *seconds);
        }
        if (!rates.empty()) (both ? p.bidirectional_bytes_per_s : p.median_bytes_per_s) = transfer_spread(rates).median;
      }
      return true;
    };
    if (auto ok = measure(); !ok) {
      if (lost_)
        for (auto* b : {&src_here, &dst_here, &src_peer, &dst_peer}) b->abandon();
      return ok;
    }

    // What arrived on each side must be the fill of the other.
    std::vector<unsigned char> seen(bytes);
    for (const auto& [from, fill, where] : {std::tuple{dst_peer.get(), 0x5a, "on the peer"},
                                            std::tuple{dst_here.get(), 0xa5, "on this GPU"}}) {
      // cudaMemcpyDefault: the runtime finds the owning GPU from the address (unified addressing).
      if (auto rc = cudaMemcpy(seen.data(), from, bytes, cudaMemcpyDefault); rc != cudaSuccess)
        return fail("cudaMemcpy(peer memory to host, verification)", rc);
      const auto bad = std::find_if(seen.begin(), seen.end(), [f = fill](unsigned char c) { return c != f; });
      if (bad != seen.end()) {
        p.median_bytes_per_s.reset();
        p.bidirectional_bytes_per_s.reset();
        p.unavailable_reason = fmt::format("data copied peer to peer arrived wrong {} at byte {} of {}", where,
                                           bad - seen.begin(), bytes);
        break;
      }
    }
    return true;
  }

  // Peer access turned on for the measurement, and off again for what this run turned on.
  class PeerAccess {
   public:
    PeerAccess(int device, int peer) : device_(device), peer_(peer) {}
    PeerAccess(const PeerAccess&) = delete;
    PeerAccess& operator=(const PeerAccess&) = delete;
    ~PeerAccess() {
      if (forward_) {
        DeviceScope scope(device_);
        cudaDeviceDisablePeerAccess(peer_);
      }
      if (backward_) {
        DeviceScope scope(peer_);
        cudaDeviceDisablePeerAccess(device_);
      }
    }
    Result<bool> enable(bool backward) {
      auto ok = enable_one(device_, peer_, forward_);
      if (!ok || !backward) return ok;
      return enable_one(peer_, device_, backward_);
    }

   private:
    static Result<bool> enable_one(int from, int to, bool& enabled_here) {
      DeviceScope scope(from);
      if (scope.status() != cudaSuccess) return cuda_error("cudaSetDevice", scope.status());
      const cudaError_t rc = cudaDeviceEnablePeerAccess(to, 0);
      if (rc == cudaSuccess) {
        enabled_here = true;
        return true;
      }
      cudaGetLastError();
      if (rc == cudaErrorPeerAccessAlreadyEnabled) return true;  // someone else's: left as found
      return cuda_error(fmt::format("cudaDeviceEnablePeerAccess({} -> {})", from, to), rc);
    }
    int device_, peer_;
    bool forward_ = false, backward_ = false;
  };

  int device_;
  const TransferOptions& options_;
  TransferResult result_;
  Queues queues_;
  DeviceBuffer dev_a_, dev_b_;
  PinnedBuffer pinned_src_, pinned_dst_;
  std::vector<unsigned char> pageable_src_, pageable_dst_;
  std::uint64_t capacity_ = 0;
  std::uint64_t largest_measured_ = 0;
  bool lost_ = false;
};

}  // namespace

Result<TransferResult> run_cuda_transfers(int device_index, const TransferOptions& options) {
  int count = 0;
  if (auto rc = cudaGetDeviceCount(&count); rc != cudaSuccess) {
    cudaGetLastError();
    return cuda_error("cudaGetDeviceCount", rc);
  }
  if (device_index < 0 || device_index >= count)
    return Error{fmt::format("no CUDA device {} ({} found)", device_index, count)};
  TransferRun run(device_index, options);
  return run.run();
}

}  // namespace rigcheck
