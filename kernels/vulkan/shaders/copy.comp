#version 450
// Device copy bandwidth: vectors [first_vec, first_vec + n) to [order_add, order_add + n) of
// the same chunk, n = block_count * 256.
#include "vram_common.glsl"
layout(local_size_x = 256) in;

void main() {
  uint n = pc.block_count * 256u;
  uint stride = gl_NumWorkGroups.x * 256u;
  for (uint i = gl_GlobalInvocationID.x; i < n; i += stride) data.vec[pc.order_add + i] = data.vec[pc.first_vec + i];
}
