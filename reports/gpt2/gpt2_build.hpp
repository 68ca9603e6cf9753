#pragma once
// Builds the GPT-2 fit table from what is known about the machine (docs/gpt2.md).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reports/cards.hpp"
#include "reports/gpt2/gpt2_task.hpp"
#include "reports/gpt2_table.hpp"

namespace rigcheck {

struct Gpt2Inputs {
  std::optional<std::uint64_t> vram_bytes;      // total VRAM (NVML total, or --vram, or the card table)
  std::optional<std::uint64_t> host_ram_bytes;  // MemTotal
  const CardSpec* card = nullptr;               // spec peaks, bandwidth, architecture
  std::map<std::string, double> measured_tflops;  // "fp32"|"fp16"|"bf16"|"int8" -> measured GEMM TFLOPS (GPT-2 shapes)
  std::optional<double> measured_bandwidth_gbps;  // measured device memory bandwidth, GB/s
  std::vector<std::string> input_basis;           // where the caller took each input ("--vram 24GiB", ...)
};

inline constexpr int kInferenceBatchCap = 64;
inline constexpr int kFinetuneBatchCap = 8;

// One configuration: every model at this task, precision and context; `batch` fixed, or the largest
// that fits up to the cap when absent.
struct Gpt2Query {
  gpt2::Task task = gpt2::Task::inference;
  gpt2::Precision precision = gpt2::Precision::fp32;
  std::uint64_t context_tokens = 1024;
  std::optional<int> batch;
};

// Pure: one row per model x task x precision at context 1024, the largest batch up to the cap that
// fits; a ZeRO-3 row (finetune-offload-params) for each model whose ZeRO-2 row does not fit.
Gpt2Table build_gpt2_table(const Gpt2Inputs& inputs);
// Pure: the rows of one configuration (`rigcheck gpt2 --task --precision --context --batch`).
Gpt2Table build_gpt2_configuration(const Gpt2Inputs& inputs, const Gpt2Query& query);

}  // namespace rigcheck
