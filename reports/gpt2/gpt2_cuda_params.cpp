#include "reports/gpt2/gpt2_cuda_params.hpp"

#include <cmath>

namespace rigcheck::gpt2 {

std::uint64_t cuda_fixed_bytes(int major) {
  const std::uint64_t context = major > 0 && major < 8 ? kCudaContextBytesBeforeAmpere : kCudaContextBytesAmpereOn;
  const std::uint64_t cublas = major >= 9 ? kCublasWorkspaceBytesHopperOn : kCublasWorkspaceBytesBeforeHopper;
  return context + cublas + kCublasLtWorkspaceBytes;
}

std::uint64_t usable_vram_bytes(std::uint64_t total_vram_bytes) {
  return total_vram_bytes > kVramReserveBytes ? total_vram_bytes - kVramReserveBytes : 0;
}

std::uint64_t tensor_budget_bytes(std::uint64_t total_vram_bytes, int major) {
  const std::uint64_t usable = usable_vram_bytes(total_vram_bytes);
  const std::uint64_t fixed = cuda_fixed_bytes(major);
  if (usable <= fixed) return 0;
  return static_cast<std::uint64_t>(std::floor(static_cast<double>(usable - fixed) / (1.0 + kAllocatorMarginFraction)));
}

std::uint64_t gpu_need_bytes(std::uint64_t tensor_peak_bytes, int major) {
  return static_cast<std::uint64_t>(std::ceil(static_cast<double>(tensor_peak_bytes) * (1.0 + kAllocatorMarginFraction))) +
         cuda_fixed_bytes(major);
}

Attention attention_for(const CardSpec* card) {
  return card != nullptr && card->compute_capability_major >= 5 ? Attention::sdpa : Attention::eager;
}

const char* sdpa_kernel_name(const CardSpec* card) {
  return card != nullptr && card->compute_capability_major >= 8 ? "FlashAttention-2" : "memory-efficient SDPA";
}

}  // namespace rigcheck::gpt2
