#pragma once
// Host<->device and peer transfers of one GPU (issue "Memory and interconnect"): bandwidth per
// size, direction and kind of host memory, latency of small copies, and the PCIe link sampled
// while the large transfers ran. Data only: the judge's pcie.bandwidth rule decides. JSON keys
// carry their units; see docs/bandwidth.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace rigcheck {

namespace transfer_direction {
inline constexpr const char* host_to_device = "host_to_device";
inline constexpr const char* device_to_host = "device_to_host";
inline constexpr const char* bidirectional = "bidirectional";  // both at once; bytes of both count
}  // namespace transfer_direction

namespace host_memory_kind {
// Page-locked host memory the device reads directly (cudaMallocHost; a Vulkan host-visible buffer).
inline constexpr const char* pinned = "pinned";
// Ordinary malloc'd memory: the runtime (CUDA) or we (Vulkan: memcpy into the staging buffer)
// copy through a pinned bounce buffer, and that copy is part of the time.
inline constexpr const char* pageable = "pageable";
}  // namespace host_memory_kind

// One (direction, host memory, size): `repeats` timed transfers after a warm-up.
struct TransferSample {
  std::string direction;    // transfer_direction::*
  std::string host_memory;  // host_memory_kind::*
  std::uint64_t size_bytes = 0;  // of one transfer (bidirectional: each way)
  std::uint32_t repeats = 0;
  double median_bytes_per_s = 0;  // bidirectional: both directions' bytes together
  double min_bytes_per_s = 0;
  double max_bytes_per_s = 0;
  std::string timing;  // "gpu_timestamps" | "device_events" | "wall_clock"
};

// Round-trip-free latency of one small copy: submit to completion seen by the host.
struct TransferLatency {
  std::string direction;
  std::string host_memory;
  std::uint64_t size_bytes = 0;
  std::uint32_t repeats = 0;
  double median_us = 0;
  double min_us = 0;
  double max_us = 0;
};

// The card's PCIe link read from sysfs while a large transfer was in flight.
struct LinkSample {
  double time_s = 0;  // since the transfer test started
  std::optional<double> speed_gts;
  std::optional<int> width;
};

// Copies between this GPU and another; bandwidth when possible, else the reason.
struct PeerTransfer {
  std::string peer_bdf;   // "" when the peer has no PCI address
  std::string peer_name;
  bool peer_access = false;  // direct peer access (else staged through host memory)
  std::optional<double> median_bytes_per_s;  // this GPU -> peer
  std::optional<double> bidirectional_bytes_per_s;
  std::optional<std::string> unavailable_reason;
};

struct TransferResult {
  std::string backend;  // "vulkan" | "cuda"
  std::string method;   // "vkCmdCopyBuffer between a host-visible and a device-local buffer", ...
  std::vector<TransferSample> samples;
  std::vector<TransferLatency> latencies;
  std::vector<LinkSample> link_during_transfer;  // empty when no PCI device or no sampler
  std::vector<PeerTransfer> peers;
  bool interrupted = false;
  std::vector<std::string> notes;  // what was reduced or skipped and why
};

// The best median bandwidth of one direction with pinned memory (the largest sizes win);
// nullopt when that direction was not measured.
std::optional<double> best_pinned_bytes_per_s(const TransferResult& result, const std::string& direction);

// JSON form of `measurements.transfers`. Loading is strict: transfer_result_from_json throws
// json_fields::FieldError naming the field path ("measurements.transfers.samples[3].size_bytes").
void to_json(nlohmann::json& j, const TransferResult& result);
TransferResult transfer_result_from_json(const nlohmann::json& json, const std::string& path);

}  // namespace rigcheck
