// Host<->device and peer transfers on one CUDA device: buffers sized to what the device and the
// host can give, each size measured pinned and pageable in three directions after a warm-up and
// verified, the link sampled under load, small-copy latency, then peer copies
// (cuda_peer_transfer.cpp). Buffers, streams and events: cuda_memory.hpp.
#include "kernels/cuda/cuda_transfer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <latch>
#include <new>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <cuda_runtime.h>
#include <fmt/format.h>

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_memory.hpp"
#include "kernels/cuda/cuda_peer_transfer.hpp"
#include "kernels/cuda/cuda_transfer_common.hpp"
#include "kernels/transfer_support.hpp"

namespace rigcheck {
namespace {

using namespace cuda_transfer_detail;

// The link is sampled while copies of the largest size run for at least this long: long enough
// for ~20 samples at 10 ms and for the link to leave a power-saving speed.
constexpr double kLinkLoadSeconds = 0.25;
constexpr auto kLinkSampleInterval = std::chrono::milliseconds(10);
constexpr std::uint32_t kMaxQueuedLinkCopies = 256;  // per stream: below the launch-queue depth

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
  bool stop() { return transfer_stopped(options_, result_); }

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

  Result<bool> wait_event(cudaEvent_t event) { return wait_event_ready(event, lost_); }
  Result<bool> wait_stream(cudaStream_t stream) { return wait_stream_ready(stream, lost_); }
  Result<double> event_seconds() { return cuda_transfer_detail::event_seconds(queues_); }


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
      line += fmt::format(" {} h2d {}, d2h {}, both {};", kind, rate(measured[0].median_bytes_per_s),
                          rate(measured[1].median_bytes_per_s), rate(measured[2].median_bytes_per_s));
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

  Result<bool> measure_peers() { return measure_cuda_peers(device_, options_, queues_, result_, lost_); }


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
