#pragma once
// Launchers of our own CUDA kernels (cuda_kernels.cu, C++17): fused causal attention with online
// softmax, the causal softmax of the unfused path, and fp32 -> fp16 / bf16 conversion. Plain
// types only, so C++20 host code includes this without CUDA headers. Each returns the launch's
// cudaError_t as int (0: success).
#include <cstdint>

namespace rigcheck::cuda_kernels {

enum class Storage { fp32, fp16, bf16 };

// O[heads][s][64] = softmax(scale * Q K^T + causal mask) V; Q/K/V in `storage`, O fp32.
int launch_fused_attention(Storage storage, const void* q, const void* k, const void* v, float* o,
                           std::uint32_t heads, std::uint32_t seq_len, bool causal, float scale, void* stream);

// In place over rows of length seq_len (row r is position r % seq_len): fp32 scores to
// probabilities in `storage` written to `probs`.
int launch_causal_softmax(Storage storage, const float* scores, void* probs, std::uint64_t rows,
                          std::uint32_t seq_len, bool causal, void* stream);

// fp32 -> storage (round to nearest), for inputs of the fp16 / bf16 measurements.
int launch_convert(Storage storage, const float* in, void* out, std::uint64_t count, void* stream);

}  // namespace rigcheck::cuda_kernels
