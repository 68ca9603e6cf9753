#version 450
// Re-reads every recorded word in a pass of its own, after the region's verify has finished and
// moved the whole region (far more than any L2) through the caches: the value comes from memory,
// through the volatile, coherent view of the chunk, not from a cache line the failing read just
// filled. A stuck bit re-reads wrong, a transient one right. With WRITE_COMPLEMENT (moving
// inversions) the verify left the recorded words as it found them; their complement is stored
// here, after the re-read.
#include "vram_common.glsl"
layout(local_size_x = 256) in;
layout(constant_id = 0) const bool WRITE_COMPLEMENT = false;

void main() {
  uint kept = min(errors.header[VRAM_ERR_COUNT], pc.record_capacity);
  for (uint slot = gl_LocalInvocationID.x; slot < kept; slot += 256u) {
    uvec4 record = errors.records[slot];
    errors.records[slot].w = words.word[record.x];
    if (WRITE_COMPLEMENT) words.word[record.x] = ~record.y;
  }
}
