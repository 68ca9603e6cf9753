#pragma once
// FLOPs per token and tokens/s of a GPT-2 task, as a conservative/likely range whose every input is
// named (docs/gpt2.md "Speed"). Pure functions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "reports/cards.hpp"
#include "reports/gpt2/gpt2_config.hpp"
#include "reports/gpt2/gpt2_task.hpp"

namespace rigcheck::gpt2 {

// When no GEMM was measured: the share of the spec peak a large cuBLAS GEMM reaches.
inline constexpr double kSpecGemmEfficiency = 0.75;
// Share of the GEMM rate a whole training or prefill step reaches (attention, norms, optimizer and
// launches do not run at GEMM speed). llm.c reaches about 0.7 of cuBLAS's rate on A100; PyTorch eager
// on older cards less.
inline constexpr double kModelFractionConservative = 0.35;
inline constexpr double kModelFractionLikely = 0.55;
// Share of the memory bandwidth a decode step's weight and KV reads reach.
inline constexpr double kDecodeBandwidthConservative = 0.60;
inline constexpr double kDecodeBandwidthLikely = 0.80;

// PaLM (Chowdhery et al. 2022) appendix B: 6N + 12*L*d*s per trained token.
double training_flops_per_token(const Gpt2Config& config, std::uint64_t context_tokens = kContextTokens);
// Full recomputation runs the forward pass twice: 8N + 16*L*d*s (Korthikanti et al. 2022: +33%).
double checkpointed_training_flops_per_token(const Gpt2Config& config,
                                             std::uint64_t context_tokens = kContextTokens);
// Kaplan et al. 2020: 2N + 2*L*d*s per generated token (forward only).
double inference_flops_per_token(const Gpt2Config& config, std::uint64_t context_tokens = kContextTokens);
double flops_per_token(const Gpt2Config& config, Task task, std::uint64_t context_tokens = kContextTokens);

// The arithmetic precision a row's math runs in, and at what rate.
struct ComputeRate {
  std::string precision;  // "fp32", "fp16", "bf16", "int8"
  double tflops = 0;      // measured GEMM rate, or spec peak x kSpecGemmEfficiency
  bool measured = false;
};

// The fastest precision the row may run its GEMMs in: fp32 -> {fp32}; amp and fp16-pure -> {fp16,
// bf16, fp32}; int8-weight -> {fp16, fp32} (weights dequantised: no int8 math); int8 (W8A8) -> {int8}
// only (DP4A sm_61+ or tensor cores). A crippled precision (P40 fp16 at 1/64) loses to fp32 by rate.
// Measurements win over spec. nullopt when no candidate has a rate.
std::optional<ComputeRate> choose_compute_rate(Precision precision, const CardSpec* card,
                                               const std::map<std::string, double>& measured_tflops);

struct TokensRange {
  double conservative = 0;
  double likely = 0;
};

// rate * fraction / FLOPs per token.
TokensRange compute_bound_tokens_per_s(const ComputeRate& rate, double flops_per_token);

// Decode: every step reads all weights once and, per sequence, its KV cache (on average half the
// context: 2*L*d*value_bytes*s/2 bytes). batch * bandwidth * efficiency / bytes per step.
TokensRange decode_bound_tokens_per_s(double bandwidth_bytes_per_s, std::uint64_t weight_bytes, std::uint64_t batch,
                                      std::uint64_t kv_read_bytes_per_sequence);

}  // namespace rigcheck::gpt2
