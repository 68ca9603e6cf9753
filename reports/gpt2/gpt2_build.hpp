#pragma once
// Builds the GPT-2 fit table from what is known about the machine (docs/gpt2.md).
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "reports/cards.hpp"
#include "reports/gpt2_table.hpp"

namespace rigcheck {

struct Gpt2Inputs {
  std::optional<std::uint64_t> vram_bytes;      // total VRAM (NVML total, or --vram, or the card table)
  std::optional<std::uint64_t> host_ram_bytes;  // MemTotal
  const CardSpec* card = nullptr;               // spec peaks and bandwidth when nothing is measured
  std::map<std::string, double> measured_tflops;  // "fp32"|"fp16"|"bf16"|"int8" -> measured dense GEMM TFLOPS
  std::optional<double> measured_bandwidth_gbps;  // measured device memory bandwidth, GB/s
  std::vector<std::string> input_basis;           // where the caller took each input ("--vram 24GiB", ...)
};

inline constexpr int kInferenceBatchCap = 64;
inline constexpr int kFinetuneBatchCap = 8;

// Pure: one row per model x task x precision, the largest batch up to the cap that fits.
Gpt2Table build_gpt2_table(const Gpt2Inputs& inputs);

}  // namespace rigcheck
