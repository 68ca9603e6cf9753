#pragma once
// A Tesla P40 (Gen3 x16) and the transfer results a sound or a faulty build gives.
#include "reports/model.hpp"
#include "reports/transfer_result.hpp"

namespace rigcheck::transfer_fixtures {

inline constexpr double kGB = 1e9;

inline TransferSample sample(const char* direction, const char* memory, std::uint64_t size, double gb_per_s) {
  TransferSample s;
  s.direction = direction;
  s.host_memory = memory;
  s.size_bytes = size;
  s.repeats = 9;
  s.median_bytes_per_s = gb_per_s * kGB;
  s.min_bytes_per_s = 0.97 * gb_per_s * kGB;
  s.max_bytes_per_s = 1.01 * gb_per_s * kGB;
  s.timing = "device_events";
  return s;
}

// Copies at `h2d`/`d2h` GB/s (largest size; smaller sizes slower), link sampled at speed x width.
inline TransferResult transfers(double h2d, double d2h, std::optional<double> speed_gts, std::optional<int> width,
                                int link_samples = 20) {
  TransferResult t;
  t.backend = "cuda";
  t.method = "cudaMemcpyAsync";
  using namespace transfer_direction;
  using namespace host_memory_kind;
  for (std::uint64_t size : {4096ull, 1ull << 20, 256ull << 20}) {
    const double scale = size == (256ull << 20) ? 1.0 : size == (1ull << 20) ? 0.8 : 0.05;
    t.samples.push_back(sample(host_to_device, pinned, size, h2d * scale));
    t.samples.push_back(sample(device_to_host, pinned, size, d2h * scale));
    t.samples.push_back(sample(bidirectional, pinned, size, (h2d + d2h) * 0.9 * scale));
    t.samples.push_back(sample(host_to_device, pageable, size, h2d * 0.5 * scale));
  }
  TransferLatency latency;
  latency.direction = host_to_device;
  latency.host_memory = pinned;
  latency.size_bytes = 4096;
  latency.repeats = 50;
  latency.median_us = 9.5;
  latency.min_us = 8.1;
  latency.max_us = 31.0;
  t.latencies.push_back(latency);
  for (int i = 0; i < link_samples; ++i) t.link_during_transfer.push_back({0.01 * i, speed_gts, width});
  return t;
}

// A P40 whose card and slot allow Gen3 x16 (sysfs at probe time shows the idle Gen1).
inline GpuEntry p40(std::optional<TransferResult> t) {
  GpuEntry gpu;
  gpu.name = "Tesla P40";
  gpu.pci.bdf = "0000:03:00.0";
  gpu.pci.vendor_id = 0x10de;
  gpu.pci.device_id = 0x1b38;
  gpu.pci.class_code = 0x030200;
  gpu.pci.link = {2.5, 8.0, 16, 16};
  gpu.pci.slot_bdf = "0000:00:01.0";
  gpu.pci.slot_link = {8.0, 8.0, 16, 16};
  gpu.measurements.transfers = std::move(t);
  return gpu;
}

}  // namespace rigcheck::transfer_fixtures
