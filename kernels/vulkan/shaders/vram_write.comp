#version 450
// Stores the step's pattern over the region, one 16-byte vector per invocation per block.
#include "vram_common.glsl"
layout(local_size_x = 256) in;

void main() {
  uint64_t base = chunk_base();
  for (uint i = gl_WorkGroupID.x; i < pc.block_count; i += gl_NumWorkGroups.x) {
    uint v = vec_index(i, gl_LocalInvocationID.x);
    uint64_t a = base + uint64_t(v) * 16ul;
    data.vec[v] = uvec4(pattern_word(a), pattern_word(a + 4ul), pattern_word(a + 8ul), pattern_word(a + 12ul));
  }
}
