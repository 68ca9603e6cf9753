#include "reports/gpt2/gpt2_build.hpp"

#include <fmt/format.h>

#include "reports/gpt2/gpt2_config.hpp"
#include "reports/gpt2/gpt2_memory.hpp"
#include "reports/gpt2/gpt2_speed.hpp"
#include "reports/gpt2/size_units.hpp"

namespace rigcheck {
namespace {

using namespace gpt2;

struct Fitting {
  int batch = 1;
  bool vram_fits = false;
};

// Largest batch in 1..cap whose GPU need fits the usable VRAM.
Fitting largest_batch(const MemoryBreakdown& memory, std::uint64_t usable_bytes, int cap) {
  for (int b = cap; b >= 1; --b)
    if (memory.gpu_bytes(static_cast<std::uint64_t>(b)) <= usable_bytes) return {b, true};
  return {1, false};
}

std::optional<double> bandwidth_bytes_per_s(const Gpt2Inputs& in) {
  if (in.measured_bandwidth_gbps) return *in.measured_bandwidth_gbps * 1e9;
  if (in.card != nullptr && in.card->memory_bandwidth_gbps > 0) return in.card->memory_bandwidth_gbps * 1e9;
  return std::nullopt;
}

std::string rate_text(const ComputeRate& rate) {
  return rate.measured ? fmt::format("{} at {:.2f} TFLOPS measured", rate.precision, rate.tflops)
                       : fmt::format("{} at {:.2f} TFLOPS (estimated from spec peak, not measured)", rate.precision,
                                     rate.tflops);
}

// Says so when the card lacks or cripples the row's nominal precision.
std::string precision_note(Precision precision, const ComputeRate& rate) {
  const auto nominal = precision == Precision::mixed ? std::string("fp16") : std::string(to_string(precision));
  if (rate.precision == nominal || (precision == Precision::mixed && rate.precision == "bf16")) return "";
  if (precision == Precision::int8)
    return fmt::format("; no fast int8 math on this card: weights dequantised, math in {}", rate.precision);
  return fmt::format("; {} math is missing or slower than {} on this card: math runs in {}", nominal,
                     rate.precision, rate.precision);
}

struct Speed {
  std::optional<double> tokens_per_s;
  std::string text;
};

Speed estimate_speed(const Gpt2Config& c, Task task, Precision precision, const MemoryBreakdown& memory, int batch,
                     const Gpt2Inputs& in) {
  const auto rate = choose_compute_rate(precision, in.card, in.measured_tflops);
  if (!rate) return {std::nullopt, "speed unknown: no GEMM measurement and no card (give --card)"};
  const double compute = compute_bound_tokens_per_s(*rate, flops_per_token(c, task));
  std::string basis = fmt::format("{} x {:.0f}% MFU", rate_text(*rate), kModelFlopsFraction * 100);
  if (task == Task::inference) {
    if (auto bw = bandwidth_bytes_per_s(in)) {
      const std::uint64_t b = static_cast<std::uint64_t>(batch);
      const std::uint64_t kv_per_token = memory.kv_cache_bytes_per_sequence / kContextTokens;
      const double decode = decode_bound_tokens_per_s(*bw, memory.state_bytes, b, kv_per_token);
      const double decode_batch1 = decode_bound_tokens_per_s(*bw, memory.state_bytes, 1, 0);
      const std::string bw_text = fmt::format("{:.0f} GB/s{}", *bw / 1e9,
                                              in.measured_bandwidth_gbps ? " measured" : " spec");
      const std::string tail = fmt::format("; batch-1 decode bound {:.0f} tokens/s ({} / weights)", decode_batch1,
                                           bw_text) + precision_note(precision, *rate);
      if (decode < compute)
        return {decode, fmt::format("memory-bound decode at batch {} ({}){}", batch, bw_text, tail)};
      return {compute, "compute-bound: " + basis + tail};
    }
  }
  std::string text = "compute-bound: " + basis + precision_note(precision, *rate);
  if (task == Task::finetune_offload) text += "; CPU Adam step and PCIe traffic not modelled";
  return {compute, text};
}

std::string no_fit_hint(Task task) {
  switch (task) {
    case Task::inference: return "smaller weights (fp16, int8) or a smaller model";
    case Task::finetune: return "try finetune-checkpointing or finetune-offload";
    case Task::finetune_checkpointing: return "try finetune-offload or a smaller model";
    case Task::finetune_offload: return "a smaller model or a card with more VRAM";
  }
  return "";
}

Gpt2Row build_row(const Gpt2Config& c, TaskPrecision tp, const Gpt2Inputs& in,
                  const std::optional<std::uint64_t>& usable) {
  const auto memory = *memory_breakdown(c, tp.task, tp.precision);
  Gpt2Row row;
  row.model = std::string(c.name);
  row.params = parameter_count(c);
  row.task = std::string(to_string(tp.task));
  row.precision = std::string(to_string(tp.precision));
  row.context = static_cast<int>(kContextTokens);
  row.host_bytes = memory.host_bytes;
  const int cap = tp.task == Task::inference ? kInferenceBatchCap : kFinetuneBatchCap;

  if (!usable) {
    row.vram_bytes = memory.gpu_bytes(1);
    row.limit = "VRAM unknown: give --vram or --card, or --from a report that has it";
    return row;
  }
  const auto fitting = largest_batch(memory, *usable, cap);
  row.batch = fitting.batch;
  row.vram_bytes = memory.gpu_bytes(static_cast<std::uint64_t>(fitting.batch));
  if (!fitting.vram_fits) {
    row.limit = fmt::format("VRAM: needs {} at batch 1, {} usable; {}", format_gib(row.vram_bytes),
                            format_gib(*usable), no_fit_hint(tp.task));
    return row;
  }
  const bool offload = tp.task == Task::finetune_offload;
  std::string host_note;
  if (in.host_ram_bytes && row.host_bytes > *in.host_ram_bytes) {
    row.limit = fmt::format("host RAM: needs {}{}, {} present", format_gib(row.host_bytes),
                            offload ? " for the offloaded optimizer" : " to load the checkpoint",
                            format_gib(*in.host_ram_bytes));
    return row;
  }
  if (!in.host_ram_bytes && offload)
    host_note = fmt::format("host RAM unknown: needs {}; ", format_gib(row.host_bytes));
  row.fit = offload ? Gpt2Fit::offload : Gpt2Fit::gpu;
  const auto speed = estimate_speed(c, tp.task, tp.precision, memory, row.batch, in);
  row.tokens_per_s = speed.tokens_per_s;
  const std::string batch_note =
      row.batch == cap ? fmt::format("batch cap {}", cap) : fmt::format("batch {} limited by VRAM", row.batch);
  row.limit = host_note + speed.text + "; " + batch_note;
  return row;
}

std::vector<std::string> table_basis(const Gpt2Inputs& in, const std::optional<std::uint64_t>& usable) {
  std::vector<std::string> basis = in.input_basis;
  if (usable)
    basis.push_back(fmt::format("usable VRAM = {} total - {} driver reserve = {}", format_gib(*in.vram_bytes),
                                format_gib(kVramReserveBytes), format_gib(*usable)));
  if (in.card != nullptr && in.measured_tflops.empty())
    basis.push_back(fmt::format("speeds estimated from the {} spec peaks, not measured", in.card->name));
  basis.push_back(fmt::format(
      "constants: framework overhead {} per row, Adam state 16 bytes/param (ZeRO), offload host "
      "P*max(4n,16)*1.5 (DeepSpeed ZeRO-2, n=1), MFU {:.0f}%, context {} tokens; formulas: docs/gpt2.md",
      format_gib(kFrameworkOverheadBytes), kModelFlopsFraction * 100, kContextTokens));
  return basis;
}

}  // namespace

Gpt2Table build_gpt2_table(const Gpt2Inputs& in) {
  Gpt2Table table;
  std::optional<std::uint64_t> usable;
  if (in.vram_bytes) usable = usable_vram_bytes(*in.vram_bytes);
  table.inputs.vram_bytes = in.vram_bytes;
  table.inputs.usable_vram_bytes = usable;
  table.inputs.host_ram_bytes = in.host_ram_bytes;
  if (in.card != nullptr) {
    table.inputs.card_key = std::string(in.card->key);
    table.inputs.card_name = std::string(in.card->name);
  }
  for (const char* precision : {"fp32", "fp16", "bf16", "int8"}) {
    auto it = in.measured_tflops.find(precision);
    table.inputs.measured_tflops[precision] =
        it != in.measured_tflops.end() ? std::optional<double>(it->second) : std::nullopt;
  }
  table.inputs.measured_bandwidth_gbps = in.measured_bandwidth_gbps;
  table.basis = table_basis(in, usable);
  for (const auto& config : gpt2_configs())
    for (const auto& tp : table_combinations()) table.rows.push_back(build_row(config, tp, in, usable));
  return table;
}

}  // namespace rigcheck
