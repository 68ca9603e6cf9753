#version 450
// Self-test: flips one known bit in each listed word (between a write and its verify).
#include "vram_common.glsl"
layout(local_size_x = 64) in;

void main() {
  uint i = gl_GlobalInvocationID.x;
  if (i < pc.fault_count) {
    uvec2 site = faults.site[i];
    words.word[site.x] ^= site.y;
  }
}
