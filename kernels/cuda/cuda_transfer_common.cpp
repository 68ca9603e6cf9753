// Size and rate text, the cancel check and the device waits shared by the transfer measurements.
#include "kernels/cuda/cuda_transfer_common.hpp"

#include "reports/units.hpp"

namespace rigcheck::cuda_transfer_detail {

std::string size_text(std::uint64_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes / 1024);
  return fmt::format("{} B", bytes);
}

std::string rate(double bytes_per_s) { return format_rate(bytes_per_s, RateUnit::bytes_per_s); }

bool transfer_stopped(const TransferOptions& options, TransferResult& result) {
  if (!result.interrupted && options.cancelled && options.cancelled()) result.interrupted = true;
  return result.interrupted;
}

Result<bool> wait_event_ready(cudaEvent_t event, bool& lost) {
  return wait_ready("cudaEventQuery", [&] { return cudaEventQuery(event); }, lost);
}

Result<bool> wait_stream_ready(cudaStream_t stream, bool& lost) {
  return wait_ready("cudaStreamQuery", [&] { return cudaStreamQuery(stream); }, lost);
}

Result<double> event_seconds(const Queues& queues) {
  float ms = 0;
  if (auto rc = cudaEventElapsedTime(&ms, queues.start, queues.stop); rc != cudaSuccess)
    return cuda_error("cudaEventElapsedTime", rc);
  return static_cast<double>(ms) / 1e3;
}

}  // namespace rigcheck::cuda_transfer_detail
