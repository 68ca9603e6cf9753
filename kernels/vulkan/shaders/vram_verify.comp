#version 450
// Checks the step's pattern over the region and records every mismatch; with WRITE_COMPLEMENT
// it then stores the complement (moving inversions: read-check-write-complement), except into the
// words it recorded: vram_reread.comp reads those again in a pass of its own, then complements them.
#include "vram_common.glsl"
layout(local_size_x = 256) in;
layout(constant_id = 0) const bool WRITE_COMPLEMENT = false;

void main() {
  uint64_t base = chunk_base();
  for (uint i = gl_WorkGroupID.x; i < pc.block_count; i += gl_NumWorkGroups.x) {
    uint v = vec_index(i, gl_LocalInvocationID.x);
    uint64_t a = base + uint64_t(v) * 16ul;
    uvec4 expected = uvec4(pattern_word(a), pattern_word(a + 4ul), pattern_word(a + 8ul), pattern_word(a + 12ul));
    uvec4 actual = data.vec[v];
    if (all(equal(actual, expected))) {
      if (WRITE_COMPLEMENT) data.vec[v] = ~expected;
      continue;
    }
    for (uint k = 0u; k < 4u; ++k) {
      bool recorded = actual[k] != expected[k] && report_error(v * 4u + k, expected[k], actual[k]);
      // A recorded word keeps what was read until the re-read pass has read it again.
      if (WRITE_COMPLEMENT && !recorded) words.word[v * 4u + k] = ~expected[k];
    }
  }
}
