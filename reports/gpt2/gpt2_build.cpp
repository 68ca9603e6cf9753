#include "reports/gpt2/gpt2_build.hpp"

#include <fmt/format.h>

#include "reports/gpt2/gpt2_config.hpp"
#include "reports/gpt2/gpt2_cuda_params.hpp"
#include "reports/gpt2/gpt2_memory.hpp"
#include "reports/gpt2/gpt2_speed.hpp"
#include "reports/gpt2/size_units.hpp"

namespace rigcheck {
namespace {

using namespace gpt2;

int architecture_of(const Gpt2Inputs& in) { return in.card != nullptr ? in.card->compute_capability_major : 0; }

std::optional<double> bandwidth_bytes_per_s(const Gpt2Inputs& in) {
  if (in.measured_bandwidth_gbps) return *in.measured_bandwidth_gbps * 1e9;
  if (in.card != nullptr && in.card->memory_bandwidth_gbps > 0) return in.card->memory_bandwidth_gbps * 1e9;
  return std::nullopt;
}

std::string rate_text(const ComputeRate& rate, const CardSpec* card) {
  if (rate.measured) return fmt::format("{} GEMM {:.2f} TFLOPS measured", rate.precision, rate.tflops);
  return fmt::format("{} GEMM {:.2f} TFLOPS = {} spec peak x {:.0f}% (not measured)", rate.precision, rate.tflops,
                     card != nullptr ? card->name : "card", kSpecGemmEfficiency * 100);
}

// Says so when the card lacks or cripples the row's nominal precision.
std::string precision_note(Precision precision, const ComputeRate& rate) {
  if (precision == Precision::fp32 || rate.precision != "fp32") return "";
  return fmt::format("; 16-bit math is missing or slower than fp32 on this card: GEMMs run in fp32");
}

struct Speed {
  std::optional<TokensRange> range;
  std::string text;
};

std::string flops_text(Task task) {
  switch (task) {
    case Task::inference: return "2N + 2*L*d*s";
    case Task::finetune_checkpointing: return "8N + 16*L*d*s";
    default: return "6N + 12*L*d*s";
  }
}

Speed estimate_speed(const Gpt2Config& c, Task task, Precision precision, std::uint64_t context, int batch,
                     const Gpt2Inputs& in) {
  const auto rate = choose_compute_rate(precision, in.card, in.measured_tflops);
  if (!rate) {
    if (precision == Precision::int8 && in.card != nullptr)
      return {std::nullopt, "no int8 GEMM on this card (W8A8 needs DP4A, sm_61+): use int8-weight"};
    return {std::nullopt, "speed unknown: no GEMM measurement and no card (give --card)"};
  }
  const double flops = flops_per_token(c, task, context);
  const auto compute = compute_bound_tokens_per_s(*rate, flops);
  std::string basis = fmt::format("{} x {:.0f}-{:.0f}% of {:.2f} GFLOP/token ({})", rate_text(*rate, in.card),
                                  kModelFractionConservative * 100, kModelFractionLikely * 100, flops / 1e9,
                                  flops_text(task));
  std::string note = precision_note(precision, *rate);
  if (task == Task::inference) {
    if (auto bw = bandwidth_bytes_per_s(in)) {
      const auto b = static_cast<std::uint64_t>(batch);
      // Each decode step reads every sequence's keys and values, half the context on average.
      const std::uint64_t kv_read = c.layers * 2 * c.width * (precision == Precision::fp32 ? 4 : 2) * context / 2;
      const auto decode = decode_bound_tokens_per_s(*bw, weight_bytes(c, precision), b, kv_read);
      if (decode.likely < compute.likely)
        return {decode, fmt::format("memory-bound decode at batch {}: {:.0f} GB/s{} x {:.0f}-{:.0f}% over {} of "
                                    "weights + {:.1f} MiB of KV per sequence per step{}",
                                    batch, *bw / 1e9, in.measured_bandwidth_gbps ? " measured" : " spec",
                                    kDecodeBandwidthConservative * 100, kDecodeBandwidthLikely * 100,
                                    format_gib(weight_bytes(c, precision)), static_cast<double>(kv_read) / (1 << 20), note)};
    }
  }
  std::string text = "compute-bound: " + basis + note;
  if (task == Task::finetune_offload || task == Task::finetune_offload_params)
    text += "; CPU Adam step and PCIe traffic not modelled";
  return {compute, text};
}

std::string no_fit_hint(Task task) {
  switch (task) {
    case Task::inference: return "smaller weights (fp16-pure, int8-weight) or a smaller model";
    case Task::finetune: return "try finetune-checkpointing or finetune-offload";
    case Task::finetune_checkpointing: return "try finetune-offload or a smaller model";
    case Task::finetune_offload: return "ZeRO-3 parameter offload, a smaller model or a card with more VRAM";
    case Task::finetune_offload_params: return "a smaller model or a card with more VRAM";
  }
  return "";
}

struct Need {
  std::uint64_t tensor_bytes = 0;
  std::uint64_t gpu_bytes = 0;
};

Need need_at(const Gpt2Config& c, const Workload& w, int architecture) {
  const std::uint64_t peak = tensor_peak_bytes(c, w);
  return {peak, gpu_need_bytes(peak, architecture)};
}

Gpt2Row build_row(const Gpt2Config& c, const Gpt2Query& q, const Gpt2Inputs& in,
                  const std::optional<std::uint64_t>& usable) {
  const Attention attention = attention_for(in.card);
  const int arch = architecture_of(in);
  Workload w{q.task, q.precision, attention, q.context_tokens, 1};
  Gpt2Row row;
  row.model = std::string(c.name);
  row.params = parameter_count(c);
  row.task = std::string(to_string(q.task));
  row.precision = std::string(to_string(q.precision));
  row.attention = std::string(to_string(attention));
  row.context = static_cast<int>(q.context_tokens);
  row.host_bytes = host_bytes(c, q.task);
  const int cap = q.task == Task::inference ? kInferenceBatchCap : kFinetuneBatchCap;
  const std::string attention_text =
      attention == Attention::sdpa ? fmt::format("attention sdpa ({})", sdpa_kernel_name(in.card))
                                   : std::string("attention eager (card unknown)");

  if (!usable) {
    w.batch = static_cast<std::uint64_t>(q.batch.value_or(1));
    row.batch = static_cast<int>(w.batch);
    row.vram_bytes = need_at(c, w, arch).gpu_bytes;
    row.limit = "VRAM unknown: give --vram or --card, or --from a report that has it";
    return row;
  }
  bool fits = false;
  if (q.batch) {
    w.batch = static_cast<std::uint64_t>(*q.batch);
    fits = need_at(c, w, arch).gpu_bytes <= *usable;
  } else {
    for (int b = cap; b >= 1 && !fits; --b) {
      w.batch = static_cast<std::uint64_t>(b);
      fits = need_at(c, w, arch).gpu_bytes <= *usable;
    }
  }
  row.batch = static_cast<int>(w.batch);
  row.vram_bytes = need_at(c, w, arch).gpu_bytes;
  if (!fits) {
    row.limit = fmt::format("VRAM: needs {} at batch {}, {} usable; {}; {}", format_gib(row.vram_bytes), row.batch,
                            format_gib(*usable), no_fit_hint(q.task), attention_text);
    return row;
  }
  const bool offload = q.task == Task::finetune_offload || q.task == Task::finetune_offload_params;
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
  const auto speed = estimate_speed(c, q.task, q.precision, q.context_tokens, row.batch, in);
  if (speed.range) {
    row.tokens_per_s = speed.range->likely;
    row.tokens_per_s_conservative = speed.range->conservative;
  }
  const std::string batch_note = q.batch            ? fmt::format("batch {} as asked", row.batch)
                                 : row.batch == cap ? fmt::format("batch cap {}", cap)
                                                    : fmt::format("batch {} limited by VRAM", row.batch);
  row.limit = host_note + speed.text + "; " + attention_text + "; " + batch_note;
  if (q.task == Task::finetune_offload_params) row.limit += "; GPU need from DeepSpeed's ZeRO-3 estimator, not measured";
  return row;
}

Gpt2Table table_frame(const Gpt2Inputs& in, std::optional<std::uint64_t>& usable) {
  Gpt2Table table;
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
  table.basis = in.input_basis;
  if (usable)
    table.basis.push_back(fmt::format("usable VRAM = {} total - {} driver reserve = {}", format_gib(*in.vram_bytes),
                                      format_gib(kVramReserveBytes), format_gib(*usable)));
  if (in.card != nullptr && in.measured_tflops.empty())
    table.basis.push_back(fmt::format("speeds estimated from the {} spec peaks x {:.0f}%, not measured", in.card->name,
                                      kSpecGemmEfficiency * 100));
  table.basis.push_back(fmt::format(
      "GPU need = tensor peak (PyTorch-measured formulas) x {:.2f} allocator margin + {} CUDA context and cuBLAS "
      "workspaces; speed as a conservative-likely range; formulas and sources: docs/gpt2.md",
      1.0 + kAllocatorMarginFraction, format_gib(cuda_fixed_bytes(architecture_of(in)))));
  return table;
}

}  // namespace

Gpt2Table build_gpt2_table(const Gpt2Inputs& in) {
  std::optional<std::uint64_t> usable;
  Gpt2Table table = table_frame(in, usable);
  for (const auto& config : gpt2_configs()) {
    for (const auto& tp : table_combinations()) {
      if (tp.task == Task::finetune_offload_params) continue;
      table.rows.push_back(build_row(config, {tp.task, tp.precision, kContextTokens, std::nullopt}, in, usable));
      const bool zero2_short = tp.task == Task::finetune_offload && usable && table.rows.back().fit == Gpt2Fit::no &&
                               table.rows.back().vram_bytes > *usable;
      if (zero2_short)
        table.rows.push_back(build_row(
            config, {Task::finetune_offload_params, tp.precision, kContextTokens, std::nullopt}, in, usable));
    }
  }
  return table;
}

Gpt2Table build_gpt2_configuration(const Gpt2Inputs& in, const Gpt2Query& query) {
  std::optional<std::uint64_t> usable;
  Gpt2Table table = table_frame(in, usable);
  for (const auto& config : gpt2_configs()) table.rows.push_back(build_row(config, query, in, usable));
  return table;
}

}  // namespace rigcheck
