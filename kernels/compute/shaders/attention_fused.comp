#version 450
// Fused causal attention, O = softmax(scale * Q K^T + mask) V, head dim 64, Q/K/V/O laid out
// [batch*heads][seq_len][64]. Each workgroup takes 64 query rows of one head (one row per
// thread) and streams 32-key tiles of K and V through shared memory with the online softmax
// (running max and sum, rescaled per tile), so no seq_len x seq_len matrix exists anywhere.
// Causal: a row block stops at its last row's key, and keys after the row are masked.
#include "compute_types.glsl"

layout(local_size_x = 64) in;

const uint D = 64;
const uint BR = 64;
const uint BC = 32;

layout(std430, binding = 0) readonly buffer MatQ { IN_T q_in[]; };
layout(std430, binding = 1) readonly buffer MatK { IN_T k_in[]; };
layout(std430, binding = 2) readonly buffer MatV { IN_T v_in[]; };
layout(std430, binding = 3) writeonly buffer MatO { float o_out[]; };

// Must match FusedPush in vk_attention.cpp.
layout(push_constant) uniform Push {
  uint seq_len;
  uint causal;
  float scale;  // 1 / sqrt(head dim)
} p;

shared float tile_k[BC][D];
shared float tile_v[BC][D];

void main() {
  const uint lid = gl_LocalInvocationID.x;
  const uint block = gl_WorkGroupID.x;
  const uint row = block * BR + lid;
  const bool row_inside = row < p.seq_len;
  const uint base = gl_WorkGroupID.y * p.seq_len * D;

  float q[D];
  float o[D];
  for (uint d = 0; d < D; ++d) {
    q[d] = row_inside ? float(q_in[base + row * D + d]) * p.scale : 0.0;
    o[d] = 0.0;
  }
  float running_max = -1.0e30;
  float running_sum = 0.0;
  const uint key_end = p.causal != 0 ? min(p.seq_len, (block + 1) * BR) : p.seq_len;

  for (uint j0 = 0; j0 < key_end; j0 += BC) {
    for (uint e = lid; e < BC * D; e += 64) {
      const uint jj = e / D, d = e % D;
      const bool inside = j0 + jj < p.seq_len;
      tile_k[jj][d] = inside ? float(k_in[base + (j0 + jj) * D + d]) : 0.0;
      tile_v[jj][d] = inside ? float(v_in[base + (j0 + jj) * D + d]) : 0.0;
    }
    barrier();
    if (row_inside) {
      float score[BC];
      float tile_max = running_max;
      for (uint jj = 0; jj < BC; ++jj) {
        const uint key = j0 + jj;
        const bool valid = key < p.seq_len && (p.causal == 0 || key <= row);
        float dot_qk = 0.0;
        for (uint d = 0; d < D; ++d) dot_qk += q[d] * tile_k[jj][d];
        score[jj] = valid ? dot_qk : -1.0e30;
        tile_max = max(tile_max, score[jj]);
      }
      const float rescale = exp(running_max - tile_max);
      running_sum *= rescale;
      for (uint d = 0; d < D; ++d) o[d] *= rescale;
      for (uint jj = 0; jj < BC; ++jj) {
        const float weight = exp(score[jj] - tile_max);  // exactly 0 for masked keys
        running_sum += weight;
        for (uint d = 0; d < D; ++d) o[d] += weight * tile_v[jj][d];
      }
      running_max = tile_max;
    }
    barrier();
  }
  if (row_inside) {
    const float inv_sum = 1.0 / running_sum;
    for (uint d = 0; d < D; ++d) o_out[base + row * D + d] = o[d] * inv_sum;
  }
}
