#pragma once
// The GEMM and attention shaders, one SPIR-V module per precision variant, compiled by glslc at
// build time from kernels/compute/shaders/ and embedded (see CMakeLists.txt).
#include "kernels/vulkan/spirv_blobs.hpp"

namespace rigcheck {

SpirvBlob compute_spirv_gemm_fp32();
SpirvBlob compute_spirv_gemm_fp16();
SpirvBlob compute_spirv_gemm_int8();
SpirvBlob compute_spirv_softmax_fp32();
SpirvBlob compute_spirv_softmax_fp16();
SpirvBlob compute_spirv_attention_fp32();
SpirvBlob compute_spirv_attention_fp16();

}  // namespace rigcheck
