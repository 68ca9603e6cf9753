#pragma once
// The architecture table: what one SM of each CUDA compute capability can do per clock. It bounds
// the arithmetic of a card the card table (cards.hpp) lacks: SM count x the SM's rate x the clock.
// Where products of one architecture differ (GeForce parts run fp32-accumulate and tf32 tensor
// work at half the rate of the datacenter parts), the table holds the higher rate: a bound must
// never call a real figure impossible. A test holds every card-table row to this table.
#include <optional>
#include <string_view>
#include <vector>

#include "reports/cards.hpp"

namespace rigcheck {

struct ArchitectureRates {
  int major = 0;
  int minor = 0;
  std::string_view name;        // "Ampere GA10x"
  int fp32_lanes_per_sm = 0;    // FP32 FMA lanes ("CUDA cores") per SM
  std::vector<PeakRate> peaks;  // every arithmetic the SM has, ops per clock per SM (tflops: 0)

  const PeakRate* peak(MathPath path) const;
};

const std::vector<ArchitectureRates>& architecture_table();
const ArchitectureRates* find_architecture(int major, int minor);
// "8.6" as NVML and the CUDA runtime report it; nullptr when not understood or not in the table.
const ArchitectureRates* find_architecture(std::string_view compute_capability);

}  // namespace rigcheck
