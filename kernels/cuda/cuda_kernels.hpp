#pragma once
// Launchers of our own CUDA kernels (cuda_kernels.cu, C++17): fused causal attention with online
// softmax, the causal softmax of the unfused path, fp32 -> fp16 / bf16 conversion, and for the
// sustained load a random fill and a bitwise comparison of two results. Plain
// types only, so C++20 host code includes this without CUDA headers. Each returns the launch's
// cudaError_t as int (0: success).
#include <cstdint>

namespace rigcheck::cuda_kernels {

enum class Storage { fp32, fp16, bf16 };

// Whether this build carries code the current device can run: cudaFuncGetAttributes of one of
// these kernels (cudaErrorNoKernelImageForDevice when, e.g., a CUDA 13 build meets a Maxwell card);
// check_kernel_image (cuda_check.hpp) turns it into the error.
int probe_compute_kernel_image();

// Head dimension the fused kernel is written for (GPT-2); other head dims are not measured.
inline constexpr std::uint32_t kFusedAttentionHeadDim = 64;

// O[heads][s][64] = softmax(scale * Q K^T + causal mask) V; Q/K/V in `storage`, O fp32. Any number
// of heads (beyond 65535 they go on in grid.z).
int launch_fused_attention(Storage storage, const void* q, const void* k, const void* v, float* o,
                           std::uint32_t heads, std::uint32_t seq_len, bool causal, float scale, void* stream);

// In place over rows of length seq_len (row r is position r % seq_len): fp32 scores to
// probabilities in `storage` written to `probs`.
int launch_causal_softmax(Storage storage, const float* scores, void* probs, std::uint64_t rows,
                          std::uint32_t seq_len, bool causal, void* stream);

// fp32 -> storage (round to nearest), for inputs of the fp16 / bf16 measurements.
int launch_convert(Storage storage, const float* in, void* out, std::uint64_t count, void* stream);

// out[i] = (h(seed, i) mod 2049 - 1024) / 1024: uniform in [-1, 1], exact in fp16 (and fp32).
int launch_fill_random(Storage storage, void* out, std::uint64_t count, std::uint64_t seed, void* stream);

// What launch_compare_words found: how many 32-bit words differ, and up to kRecordedMismatches of
// them (which ones is up to the scheduler; `recorded` may exceed the slots, only those are filled).
inline constexpr unsigned kRecordedMismatches = 32;
struct WordMismatches {
  std::uint64_t differing;
  std::uint32_t recorded;
  std::uint32_t padding;
  std::uint64_t index[kRecordedMismatches];
  std::uint32_t expected[kRecordedMismatches];
  std::uint32_t actual[kRecordedMismatches];
};

// Zeroes `*result` (device memory) and compares `count` words of `actual` with `expected`, in order
// on `stream`.
int launch_compare_words(const std::uint32_t* expected, const std::uint32_t* actual, std::uint64_t count,
                         WordMismatches* result, void* stream);

}  // namespace rigcheck::cuda_kernels
