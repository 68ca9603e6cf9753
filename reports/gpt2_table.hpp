#pragma once
// The GPT-2 fit table of a report: one row per model x task x precision (issue 6 "Report
// contract"), plus the inputs it was computed from. Built by reports/gpt2/ (build_gpt2_table).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace rigcheck {

// Where a row runs: all on the GPU, on the GPU with optimizer state in host RAM, or not at all.
enum class Gpt2Fit { gpu, offload, no };

std::string_view to_string(Gpt2Fit fit);
std::optional<Gpt2Fit> gpt2_fit_from_string(std::string_view text);

struct Gpt2Row {
  std::string model;      // "gpt2" | "gpt2-medium" | "gpt2-large" | "gpt2-xl"
  std::uint64_t params = 0;
  std::string task;       // "inference" | "finetune" | "finetune-checkpointing" | "finetune-offload" |
                          // "finetune-offload-params"
  std::string precision;  // "fp32" | "amp" | "fp16-pure" | "int8-weight" | "int8"
  std::string attention = "eager";  // "eager" (scores materialised) | "sdpa" (fused, no s*s scores)
  int batch = 1;          // the largest batch that fits (1 when nothing fits)
  int context = 1024;     // tokens per sequence
  std::uint64_t vram_bytes = 0;  // GPU memory needed at `batch`, framework overhead included
  std::uint64_t host_bytes = 0;  // host RAM needed (offloaded optimizer, or checkpoint staging)
  Gpt2Fit fit = Gpt2Fit::no;
  std::optional<double> tokens_per_s;               // likely; null when neither a measurement nor a card is known
  std::optional<double> tokens_per_s_conservative;  // the low end of the range
  std::string limit;                   // why it does not fit, or what bounds the speed
};

// What the table was computed from; every field says where it came from in `basis`.
struct Gpt2TableInputs {
  std::optional<std::uint64_t> vram_bytes;         // total VRAM
  std::optional<std::uint64_t> usable_vram_bytes;  // total minus the driver reserve
  std::optional<std::uint64_t> host_ram_bytes;
  std::optional<std::string> card_key;   // "p40"
  std::optional<std::string> card_name;  // "Tesla P40"
  // Measured dense GEMM throughput per precision ("fp32", "fp16", "bf16", "int8"); null: not measured.
  std::map<std::string, std::optional<double>> measured_tflops;
  std::optional<double> measured_bandwidth_gbps;  // device memory, GB/s; null: not measured
};

struct Gpt2Table {
  Gpt2TableInputs inputs;
  std::vector<std::string> basis;  // one line each: source of every input, constants assumed
  std::vector<Gpt2Row> rows;
};

// JSON: {"inputs": {...}, "basis": [...], "rows": [...]}. from_json throws
// json_fields::FieldError naming the path ("gpt2.rows[3].fit: 'maybe' is not a fit").
void to_json(nlohmann::json& j, const Gpt2Table& table);
void from_json(const nlohmann::json& j, Gpt2Table& table);

}  // namespace rigcheck
