#pragma once
// What the hardware can physically do, for the physics guard (physics_guard.hpp): the card's
// memory bandwidth, the peak of the arithmetic a compute kernel really ran at the SM clock of its
// window, the rate of the PCIe link seen during the host<->device copies. Each bound says where
// its numbers come from (the card table, else the device's own facts: its compute capability and
// SM count with the architecture table, NVML's clocks, core count and bus width). Pure.
#include <optional>
#include <string>
#include <string_view>

#include "reports/cards.hpp"
#include "reports/compute/compute_result.hpp"
#include "reports/model.hpp"

namespace rigcheck {

// How far above the physical limit a figure may read before it is called impossible: room for
// clock and timer granularity, never for a broken timing.
inline constexpr double kComputePeakMargin = 1.10;   // GEMM and attention vs the arithmetic's peak
inline constexpr double kMemoryBandwidthMargin = 1.10;  // device copies and VRAM traffic vs memory bandwidth
inline constexpr double kLinkRateMargin = 1.05;      // host<->device copies vs the link's encoded rate
inline constexpr double kTimerAgreement = 0.05;      // GPU time inside a host window may exceed it by this
inline constexpr double kTimerMinWindowS = 0.1;      // windows shorter than this are not compared

// A physical limit and the words that say where its numbers come from.
struct PhysicalLimit {
  double value = 0;    // in the unit of the figure it bounds
  std::string source;  // "Tesla P40 card table", "NVML: 3615 MHz max memory clock x 384-bit bus"
};

// Memory bandwidth in bytes/s (read + written together): the card table, else NVML's maximum
// memory clock x 2 transfers per clock x the bus width.
std::optional<PhysicalLimit> memory_bandwidth_limit(const GpuEntry& gpu, const CardSpec* card);

// The peak of the arithmetic one GEMM or attention measurement ran on, at the SM clock measured
// over its window (NVML series), else the card's boost clock or NVML's maximum SM clock (said in
// `clock_source`). Card table rates per SM per clock; a card not in the table: the architecture
// table's rate per SM for its compute capability x its SM count (CUDA, else NVML's CUDA cores /
// the FP32 lanes per SM); without a known architecture, NVML's CUDA core count x 2 (FMA) for work
// on the FP32 units. nullopt: no peak known for that arithmetic here.
struct ComputePeak {
  double tflops = 0;        // TOPS for int8
  std::string arithmetic;   // "fp32", "fp16 tensor cores, fp32 accumulate", ...
  double clock_mhz = 0;
  std::string clock_source; // "SM clock measured over the window", "boost clock (no SM clock sampled)"
  std::string rate_source;  // "Tesla P40 (card table)", "compute capability 8.6 (...), 84 SMs (...): ...", "NVML: 3840 CUDA cores x 2 (FMA) per clock"
};
std::optional<ComputePeak> compute_peak(const GpuEntry& gpu, const CardSpec* card, std::string_view precision,
                                        std::string_view accumulate, std::string_view implementation,
                                        const Throughput& throughput);

// What one PCIe direction can carry in bytes/s: the best link sampled during the copies, else the
// best that card and slot allow (an upper bound: the link during the copies is not known).
std::optional<PhysicalLimit> host_link_limit(const GpuEntry& gpu);

}  // namespace rigcheck
