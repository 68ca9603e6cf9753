#pragma once
// GPU and host memory of a GPT-2 task (docs/gpt2.md "Memory" gives every formula and its source).
// Pure functions; sizes in bytes.
#include <cstdint>
#include <optional>

#include "reports/gpt2/gpt2_config.hpp"
#include "reports/gpt2/gpt2_task.hpp"

namespace rigcheck::gpt2 {

// CUDA context, cuBLAS workspace and caching-allocator slack (DOMAIN.md: 0.3-2 GiB). One stated
// constant so every row carries the same allowance.
inline constexpr std::uint64_t kFrameworkOverheadBytes = 1ull << 30;
// What the driver keeps for itself out of the total VRAM NVML reports (which already excludes the
// ECC reserve when ECC is on).
inline constexpr std::uint64_t kVramReserveBytes = 512ull << 20;
// ZeRO (Rajbhandari et al. 2020): Adam needs 16 bytes per parameter, fp32 (4 + 4 + 8) and mixed
// (2 + 2 + 12) alike.
inline constexpr std::uint64_t kAdamStateBytesPerParam = 16;
// DeepSpeed's estimator (estimate_zero2_model_states_mem_needs): buffer factor 1.5, one GPU.
inline constexpr double kOffloadBufferFactor = 1.5;
inline constexpr std::uint64_t kOffloadGpus = 1;

std::uint64_t usable_vram_bytes(std::uint64_t total_vram_bytes);

// Korthikanti et al. 2022, eq. 2: s*b*h*(34 + 5*a*s/h) bytes per layer at 16-bit, no recompute.
std::uint64_t layer_activation_bytes_16bit(const Gpt2Config& config, std::uint64_t sequence_tokens,
                                           std::uint64_t batch);
// Full recomputation keeps only each layer's 16-bit input: 2*s*b*h bytes per layer.
std::uint64_t layer_checkpoint_bytes_16bit(const Gpt2Config& config, std::uint64_t sequence_tokens,
                                           std::uint64_t batch);
// fp32 logits over the vocabulary: b*s*V*4.
std::uint64_t logits_bytes(std::uint64_t sequence_tokens, std::uint64_t batch);
// Keys and values of every layer: 2*L*d*bytes per token per sequence.
std::uint64_t kv_cache_bytes(const Gpt2Config& config, std::uint64_t sequence_tokens, std::uint64_t batch,
                             std::uint64_t bytes_per_value);
// DeepSpeed ZeRO-2 with the optimizer offloaded: host P*max(4n, 16)*1.5 (GPU keeps 2P).
std::uint64_t offload_host_bytes(std::uint64_t params);

// GPU need = fixed + batch * per_sequence; host need is independent of the batch.
struct MemoryBreakdown {
  std::uint64_t state_bytes = 0;     // weights (+ gradients + optimizer state) on the GPU
  std::uint64_t overhead_bytes = 0;  // kFrameworkOverheadBytes
  std::uint64_t activation_bytes_per_sequence = 0;
  std::uint64_t logits_bytes_per_sequence = 0;  // with the softmax gradient when training
  std::uint64_t kv_cache_bytes_per_sequence = 0;
  std::uint64_t host_bytes = 0;

  std::uint64_t gpu_fixed_bytes() const { return state_bytes + overhead_bytes; }
  std::uint64_t gpu_bytes_per_sequence() const {
    return activation_bytes_per_sequence + logits_bytes_per_sequence + kv_cache_bytes_per_sequence;
  }
  std::uint64_t gpu_bytes(std::uint64_t batch) const { return gpu_fixed_bytes() + batch * gpu_bytes_per_sequence(); }
};

// nullopt for a combination the table does not cover (is_valid false).
std::optional<MemoryBreakdown> memory_breakdown(const Gpt2Config& config, Task task, Precision precision,
                                                std::uint64_t context_tokens = kContextTokens);

}  // namespace rigcheck::gpt2
