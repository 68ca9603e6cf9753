#pragma once
// The compute shaders, compiled by glslc at build time and embedded (see embed_spirv.cmake).
#include <cstddef>
#include <cstdint>

namespace rigcheck {

struct SpirvBlob {
  const std::uint32_t* words;
  std::size_t word_count;
};

SpirvBlob spirv_vram_write();
SpirvBlob spirv_vram_verify();   // specialization constant 0: write the complement after checking
SpirvBlob spirv_vram_reread();   // specialization constant 0: complement the recorded words after
                                 // re-reading them (moving inversions)
SpirvBlob spirv_vram_inject();
SpirvBlob spirv_copy();

}  // namespace rigcheck
