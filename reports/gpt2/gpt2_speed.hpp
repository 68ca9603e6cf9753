#pragma once
// FLOPs per token and tokens/s of a GPT-2 task (docs/gpt2.md "Speed"). Pure functions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "reports/cards.hpp"
#include "reports/gpt2/gpt2_config.hpp"
#include "reports/gpt2/gpt2_task.hpp"

namespace rigcheck::gpt2 {

// Share of the GEMM rate (measured, or the spec peak) the whole model achieves: MFU. llm.c reaches
// 46-56% on A100/H100; DOMAIN.md's P40 estimate uses 30-50%. 40% is the stated middle.
inline constexpr double kModelFlopsFraction = 0.40;

// PaLM (Chowdhery et al. 2022) appendix B: 6N + 12*L*H*Q*T per trained token (H*Q = d).
double training_flops_per_token(const Gpt2Config& config, std::uint64_t context_tokens = kContextTokens);
// Full recomputation runs the forward pass twice: 8N + 16*L*d*T (Korthikanti et al. 2022: +33%).
double checkpointed_training_flops_per_token(const Gpt2Config& config,
                                             std::uint64_t context_tokens = kContextTokens);
// Kaplan et al. 2020: 2N + 2*L*d*T per generated token (forward only).
double inference_flops_per_token(const Gpt2Config& config, std::uint64_t context_tokens = kContextTokens);
double flops_per_token(const Gpt2Config& config, Task task, std::uint64_t context_tokens = kContextTokens);

// The arithmetic precision a row's math runs in, and at what rate.
struct ComputeRate {
  std::string precision;  // "fp32", "fp16", "bf16", "int8"
  double tflops = 0;      // dense, measured or spec
  bool measured = false;  // false: the card table's spec peak
};

// The fastest precision the row may use: fp32 -> {fp32}; fp16 -> {fp16, fp32}; mixed ->
// {fp16, bf16, fp32}; int8 -> {int8, fp16, fp32} (weights dequantised when int8 math is absent).
// A crippled precision (P40 fp16 at 1/64) loses to fp32 by rate. Measurements win over spec.
// nullopt when neither a measurement nor a card gives any candidate's rate.
std::optional<ComputeRate> choose_compute_rate(Precision precision, const CardSpec* card,
                                               const std::map<std::string, double>& measured_tflops);

// Compute bound: rate * kModelFlopsFraction / FLOPs per token.
double compute_bound_tokens_per_s(const ComputeRate& rate, double flops_per_token);

// Decode is memory bound: every step reads all weights and, per sequence, the KV cache (on
// average half the context). batch*bandwidth / (weights + batch*kv_per_token*T/2).
double decode_bound_tokens_per_s(double bandwidth_bytes_per_s, std::uint64_t weight_bytes, std::uint64_t batch,
                                 std::uint64_t kv_bytes_per_token_per_sequence,
                                 std::uint64_t context_tokens = kContextTokens);

}  // namespace rigcheck::gpt2
