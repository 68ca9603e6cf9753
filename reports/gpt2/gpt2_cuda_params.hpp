#pragma once
// What a CUDA process needs beyond its tensors: the parameters a CPU measurement cannot see.
// Each value and its source: docs/gpt2.md "CUDA-side parameters"; ci/gpu-check.sh records the real
// figures on a lent GPU to confirm them.
#include <cstdint>

#include "reports/cards.hpp"
#include "reports/gpt2/gpt2_task.hpp"

namespace rigcheck::gpt2 {

// Out of the total VRAM NVML reports (already net of the ECC reserve), what the driver keeps.
inline constexpr std::uint64_t kVramReserveBytes = 512ull << 20;
// The CUDA context of a PyTorch process with lazy module loading (CUDA >= 11.7's default): an
// estimate per architecture until ci/gpu-check.sh has measured it.
inline constexpr std::uint64_t kCudaContextBytesBeforeAmpere = 384ull << 20;  // sm_5x..sm_7x
inline constexpr std::uint64_t kCudaContextBytesAmpereOn = 512ull << 20;      // sm_8x and later, or unknown
// PyTorch's default cuBLAS workspace, CUBLAS_WORKSPACE_CONFIG=:4096:2:16:8 (2 x 4096 KiB + 8 x 16 KiB);
// Hopper's default is :4096:8:16:8.
inline constexpr std::uint64_t kCublasWorkspaceBytesBeforeHopper = 2 * (4096ull << 10) + 8 * (16ull << 10);
inline constexpr std::uint64_t kCublasWorkspaceBytesHopperOn = 8 * (4096ull << 10) + 8 * (16ull << 10);
// cuBLASLt's workspace (PyTorch's TORCH_CUBLASLT_WORKSPACE_SIZE default, 1024 KiB).
inline constexpr std::uint64_t kCublasLtWorkspaceBytes = 1ull << 20;
// The caching allocator reserves more than it hands out: 512-byte round-up, 2 MiB blocks for
// allocations under 1 MiB, large allocations rounded to 2 MiB, and freed blocks that a later request
// cannot reuse. Without expandable segments this margin on the tensor peak is our allowance.
inline constexpr double kAllocatorMarginFraction = 0.05;

// Context + workspaces for a card (compute capability major; 0 when unknown).
std::uint64_t cuda_fixed_bytes(int compute_capability_major);
// What the tensors may peak at on a card with `total_vram_bytes`: (total - reserve - fixed) / (1 + margin).
std::uint64_t tensor_budget_bytes(std::uint64_t total_vram_bytes, int compute_capability_major);
// GPU need of a tensor peak: peak * (1 + margin) + fixed.
std::uint64_t gpu_need_bytes(std::uint64_t tensor_peak_bytes, int compute_capability_major);
std::uint64_t usable_vram_bytes(std::uint64_t total_vram_bytes);

// The attention kernel PyTorch would pick on the card: sdpa (memory-efficient) from sm_50, eager when
// the card is unknown (the larger, safe figure).
Attention attention_for(const CardSpec* card);
// FlashAttention-2 (sm_80+) or PyTorch's memory-efficient kernel: the name the row's limit text gives.
const char* sdpa_kernel_name(const CardSpec* card);

}  // namespace rigcheck::gpt2
