#include "reports/gpt2/gpt2_memory.hpp"

#include <algorithm>
#include <cmath>

namespace rigcheck::gpt2 {
namespace {

// Bytes of one activation value: fp32 doubles the 16-bit figures.
std::uint64_t activation_scale(Precision precision) { return precision == Precision::fp32 ? 2 : 1; }

std::uint64_t weight_bytes_per_param(Precision precision) {
  switch (precision) {
    case Precision::fp32: return 4;
    case Precision::int8: return 1;
    case Precision::fp16:
    case Precision::mixed: return 2;
  }
  return 4;
}

}  // namespace

std::uint64_t usable_vram_bytes(std::uint64_t total_vram_bytes) {
  return total_vram_bytes > kVramReserveBytes ? total_vram_bytes - kVramReserveBytes : 0;
}

std::uint64_t layer_activation_bytes_16bit(const Gpt2Config& c, std::uint64_t s, std::uint64_t b) {
  // s*b*h*(34 + 5*a*s/h) written as s*b*(34*h + 5*a*s) to stay exact in integers.
  return s * b * (34 * c.width + 5 * c.heads * s);
}

std::uint64_t layer_checkpoint_bytes_16bit(const Gpt2Config& c, std::uint64_t s, std::uint64_t b) {
  return 2 * s * b * c.width;
}

std::uint64_t logits_bytes(std::uint64_t s, std::uint64_t b) { return b * s * kVocabTokens * 4; }

std::uint64_t kv_cache_bytes(const Gpt2Config& c, std::uint64_t s, std::uint64_t b, std::uint64_t bytes_per_value) {
  return 2 * c.layers * c.width * bytes_per_value * s * b;
}

std::uint64_t offload_host_bytes(std::uint64_t params) {
  const std::uint64_t bytes_per_param = std::max<std::uint64_t>(4 * kOffloadGpus, 16);
  return static_cast<std::uint64_t>(std::llround(static_cast<double>(params * bytes_per_param) * kOffloadBufferFactor));
}

std::optional<MemoryBreakdown> memory_breakdown(const Gpt2Config& c, Task task, Precision precision,
                                                std::uint64_t s) {
  if (!is_valid(task, precision)) return std::nullopt;
  const std::uint64_t params = parameter_count(c);
  const std::uint64_t scale = activation_scale(precision);
  MemoryBreakdown m;
  m.overhead_bytes = kFrameworkOverheadBytes;
  // Loading a checkpoint stages its fp32 tensors in host RAM before they move to the GPU.
  m.host_bytes = 4 * params;
  switch (task) {
    case Task::inference:
      m.state_bytes = weight_bytes_per_param(precision) * params;
      // Without autograd only one layer's intermediates are alive at a time (prefill of s tokens).
      // int8 is weight-only quantisation: activations and the KV cache stay 16-bit.
      m.activation_bytes_per_sequence = layer_activation_bytes_16bit(c, s, 1) * scale;
      m.logits_bytes_per_sequence = logits_bytes(s, 1);
      m.kv_cache_bytes_per_sequence = kv_cache_bytes(c, s, 1, 2 * scale);
      break;
    case Task::finetune:
      m.state_bytes = kAdamStateBytesPerParam * params;
      m.activation_bytes_per_sequence = c.layers * layer_activation_bytes_16bit(c, s, 1) * scale;
      m.logits_bytes_per_sequence = 2 * logits_bytes(s, 1);  // logits and their softmax gradient
      break;
    case Task::finetune_checkpointing:
      m.state_bytes = kAdamStateBytesPerParam * params;
      // Every layer's input is kept; one layer at a time is recomputed in full during backward.
      m.activation_bytes_per_sequence =
          (c.layers * layer_checkpoint_bytes_16bit(c, s, 1) + layer_activation_bytes_16bit(c, s, 1)) * scale;
      m.logits_bytes_per_sequence = 2 * logits_bytes(s, 1);
      break;
    case Task::finetune_offload:
      // DeepSpeed's estimator: the GPU holds 16-bit parameters (2P); fp32 training holds 4P.
      m.state_bytes = weight_bytes_per_param(precision) * params;
      m.activation_bytes_per_sequence = c.layers * layer_activation_bytes_16bit(c, s, 1) * scale;
      m.logits_bytes_per_sequence = 2 * logits_bytes(s, 1);
      m.host_bytes = offload_host_bytes(params);
      break;
  }
  return m;
}

}  // namespace rigcheck::gpt2
