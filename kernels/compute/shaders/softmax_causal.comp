#version 450
// Row softmax of the fp32 score matrix S (rows of seq_len), causal mask: in row i (position i of
// its sequence) keys j > i get probability 0. Writes P in the storage type of the variant, as the
// unfused attention path of a plain GPT-2 implementation does. One workgroup per row.
#include "compute_types.glsl"

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Scores { float s[]; };
layout(std430, binding = 1) writeonly buffer Probs { IN_T p_out[]; };

// Must match SoftmaxPush in vk_attention.cpp.
layout(push_constant) uniform Push {
  uint rows;     // batch * heads * seq_len
  uint seq_len;
  uint causal;
} p;

shared float partial[64];

void main() {
  const uint row = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
  if (row >= p.rows) return;  // uniform per workgroup: no barrier is skipped by part of it
  const uint lid = gl_LocalInvocationID.x;
  const uint position = row % p.seq_len;
  const uint limit = p.causal != 0 ? position + 1 : p.seq_len;
  const uint base = row * p.seq_len;

  float local_max = -3.0e38;
  for (uint j = lid; j < limit; j += 64) local_max = max(local_max, s[base + j]);
  partial[lid] = local_max;
  barrier();
  for (uint stride = 32; stride > 0; stride >>= 1) {
    if (lid < stride) partial[lid] = max(partial[lid], partial[lid + stride]);
    barrier();
  }
  const float row_max = partial[0];
  barrier();

  float local_sum = 0.0;
  for (uint j = lid; j < limit; j += 64) local_sum += exp(s[base + j] - row_max);
  partial[lid] = local_sum;
  barrier();
  for (uint stride = 32; stride > 0; stride >>= 1) {
    if (lid < stride) partial[lid] += partial[lid + stride];
    barrier();
  }
  const float inv_sum = 1.0 / partial[0];

  for (uint j = lid; j < p.seq_len; j += 64)
    p_out[base + j] = IN_T(j < limit ? exp(s[base + j] - row_max) * inv_sum : 0.0);
}
