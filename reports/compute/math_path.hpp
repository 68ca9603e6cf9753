#pragma once
// Which arithmetic a GEMM or attention measurement actually ran on, on a given card: what its
// throughput is rated against. A precision names the data, not the arithmetic: fp16 inputs with
// fp32 accumulate run on the FP32 units of a Maxwell or Pascal card (cuBLAS converts), on tensor
// cores from Volta on; our own shaders and fused kernels convert and compute in fp32.
#include <optional>
#include <string_view>

#include "reports/cards.hpp"

namespace rigcheck {

// Our own kernels (Vulkan shaders, the CUDA fused attention) use no tensor cores: they convert
// fp16/bf16 to fp32 and compute in fp32 (docs/compute.md). True for cuBLAS/cuBLASLt work.
bool uses_library_gemm(std::string_view implementation);

// nullopt: the card has no arithmetic for it (e.g. bf16 inputs on a card the table gives none).
std::optional<MathPath> math_path_run(const CardSpec& card, std::string_view precision, std::string_view accumulate,
                                      std::string_view implementation);

}  // namespace rigcheck
