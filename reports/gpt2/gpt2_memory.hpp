#pragma once
// Peak tensor bytes of a GPT-2 task on the GPU, and its host RAM (docs/gpt2.md "Memory" gives every
// formula and the PyTorch measurement it reproduces). Pure functions; sizes in bytes.
#include <cstdint>

#include "reports/gpt2/gpt2_config.hpp"
#include "reports/gpt2/gpt2_task.hpp"

namespace rigcheck::gpt2 {

// Adam: fp32 weights, gradients and two moments (fp32), or a 16-bit model + 16-bit gradients + fp32
// master and moments: 16 bytes per parameter either way (ZeRO, Rajbhandari et al. 2020).
inline constexpr std::uint64_t kAdamStateBytesPerParam = 16;
// DeepSpeed's estimators (estimate_zero2/zero3_model_states_mem_needs): buffer factor 1.5, one GPU.
inline constexpr double kOffloadBufferFactor = 1.5;
inline constexpr std::uint64_t kOffloadGpus = 1;

struct Workload {
  Task task = Task::inference;
  Precision precision = Precision::fp32;
  Attention attention = Attention::eager;
  std::uint64_t context_tokens = kContextTokens;
  std::uint64_t batch = 1;
};

// Bytes saved for backward by one transformer block (no recomputation): eager s*b*(Ch*h + Cs*a*s)
// with (Ch, Cs) = fp32 (66, 9), amp (38, 7), fp16-pure (34, 5); sdpa keeps no s*s term but its own
// output (+4 or +2 bytes per h) and a fp32 log-sum-exp per query row.
std::uint64_t layer_activation_bytes(const Gpt2Config& config, Precision precision, Attention attention,
                                     std::uint64_t context_tokens, std::uint64_t batch);
// Keys and values of every layer as Hugging Face's prefill keeps them: views of the c_attn output,
// so q is kept too (1.5x the bare 2*L*d per token).
std::uint64_t kv_cache_bytes(const Gpt2Config& config, std::uint64_t bytes_per_value, std::uint64_t context_tokens,
                             std::uint64_t batch);
// The weights in the precision's storage (int8 rows: Linear weights 1 byte, the rest 16-bit).
std::uint64_t weight_bytes(const Gpt2Config& config, Precision precision);

// The largest number of tensor bytes alive at once during one step (what
// torch.cuda.max_memory_allocated() reports, before the allocator's round-up).
std::uint64_t tensor_peak_bytes(const Gpt2Config& config, const Workload& workload);

// Host RAM: the fp32 checkpoint staged while loading (4N); ZeRO-2 offload P*max(4n, 16)*1.5;
// ZeRO-3 with parameters offloaded P*max(4n, 18)*1.5.
std::uint64_t host_bytes(const Gpt2Config& config, Task task);

}  // namespace rigcheck::gpt2
