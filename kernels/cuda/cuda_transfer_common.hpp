#pragma once
// What the host<->device (cuda_transfer.cpp) and peer (cuda_peer_transfer.cpp) measurements
// share: sizes and rates as text, the cancel check, and waits for the device with a deadline.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include <cuda_runtime.h>
#include <fmt/format.h>

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_memory.hpp"
#include "kernels/transfer_options.hpp"
#include "reports/result.hpp"
#include "reports/transfer_result.hpp"

namespace rigcheck::cuda_transfer_detail {

using Clock = std::chrono::steady_clock;

inline constexpr std::uint64_t kMiB = 1ull << 20;
// Device memory left free beyond the transfer buffers (driver page tables, copy staging).
inline constexpr std::uint64_t kDeviceReserveBytes = 64 * kMiB;
// No copy here takes more than a few seconds on a working link (256 MiB at 1 GB/s: 0.25 s).
inline constexpr std::chrono::seconds kWaitTimeout{60};

std::string size_text(std::uint64_t bytes);  // "256 MiB", "4 KiB", "100 B"
std::string rate(double bytes_per_s);         // "12.3 GB/s", "954 MB/s": the prefix follows the value

// Whether the run was cancelled; once it was, `result.interrupted` is set and stays set.
bool transfer_stopped(const TransferOptions& options, TransferResult& result);

// Polls (yielding) rather than cudaEventSynchronize / cudaStreamSynchronize, which would wait
// forever on a hung GPU; `ready` returns cudaSuccess, cudaErrorNotReady or an error. Past
// kWaitTimeout `lost` is set: the GPU may still use what it was given, which must be abandoned.
template <class Ready>
Result<bool> wait_ready(std::string_view what, Ready&& ready, bool& lost) {
  const auto deadline = Clock::now() + kWaitTimeout;
  for (;;) {
    const cudaError_t rc = ready();
    if (rc == cudaSuccess) return true;
    if (rc != cudaErrorNotReady) return cuda_error(what, rc);
    if (Clock::now() > deadline) {
      lost = true;
      return Error{fmt::format("{}: the device did not finish within {} s", what, kWaitTimeout.count())};
    }
    std::this_thread::yield();
  }
}

Result<bool> wait_event_ready(cudaEvent_t event, bool& lost);
Result<bool> wait_stream_ready(cudaStream_t stream, bool& lost);

// Seconds between `queues.start` and `queues.stop`, both recorded and complete.
Result<double> event_seconds(const Queues& queues);

}  // namespace rigcheck::cuda_transfer_detail
