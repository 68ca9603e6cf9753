#version 450
// Fused causal attention, O = softmax(scale * Q K^T + mask) V, head dim 64, Q/K/V/O laid out
// [batch*heads][seq_len][64] (dispatch: x = ceil(seq_len / BR) row blocks, y = batch*heads).
// FlashAttention-style tiling: a workgroup owns BR query rows of one head, one row per
// invocation, with its Q row (pre-scaled) and its O accumulator in registers (vec4[16] each).
// It streams BC-key tiles of K and V through shared memory (loaded cooperatively, coalesced,
// once per workgroup, reused by all BR rows) and keeps an online softmax per row in fp32
// (running max and sum, O rescaled per chunk of CH keys), so no seq_len x seq_len matrix exists.
// Causal: a row block stops at its last row's key; a row skips a tile whose first key is after
// it (uniform per 32-row subgroup, since tiles are 32-key aligned); keys after the row are masked.
// Shared memory: 2 * BC * 64 * 4 = 16 KiB (the Vulkan minimum maxComputeSharedMemorySize).
#extension GL_EXT_control_flow_attributes : require
#include "compute_types.glsl"

layout(local_size_x = 64) in;

const uint D = 64;
const uint D4 = D / 4;  // vec4 per row
const uint BR = 64;     // query rows per workgroup (= local size); kFusedRows in vk_measure.cpp
const uint BC = 32;     // keys per shared tile
const uint CH = 8;      // keys per online-softmax step (unrolled; scores stay in registers)

#if defined(COMPUTE_FP16)
#define IN_VEC4 f16vec4
#else
#define IN_VEC4 vec4
#endif

layout(std430, binding = 0) readonly buffer MatQ { IN_VEC4 q_in[]; };
layout(std430, binding = 1) readonly buffer MatK { IN_VEC4 k_in[]; };
layout(std430, binding = 2) readonly buffer MatV { IN_VEC4 v_in[]; };
layout(std430, binding = 3) writeonly buffer MatO { vec4 o_out[]; };

// Must match FusedPush in vk_measure.cpp.
layout(push_constant) uniform Push {
  uint seq_len;
  uint causal;
  float scale;  // 1 / sqrt(head dim)
} p;

shared vec4 tile_k[BC * D4];
shared vec4 tile_v[BC * D4];

void main() {
  const uint lid = gl_LocalInvocationID.x;
  const uint row0 = gl_WorkGroupID.x * BR;
  const uint row = row0 + lid;
  const bool row_inside = row < p.seq_len;
  const uint base = gl_WorkGroupID.y * p.seq_len * D4;  // in vec4
  const bool causal = p.causal != 0;

  const uint q_row = min(row, p.seq_len - 1);  // rows past the end read a real row, write nothing
  vec4 q[D4];
  vec4 o[D4];
  [[unroll]] for (uint d = 0; d < D4; ++d) {
    q[d] = vec4(q_in[base + q_row * D4 + d]) * p.scale;
    o[d] = vec4(0.0);
  }
  float running_max = -1.0e30;
  float running_sum = 0.0;
  const uint key_end = causal ? min(p.seq_len, row0 + BR) : p.seq_len;

  for (uint j0 = 0; j0 < key_end; j0 += BC) {
    [[unroll]] for (uint i = 0; i < BC * D4 / BR; ++i) {
      const uint e = lid + i * BR;
      const uint key = j0 + e / D4;
      const bool inside = key < p.seq_len;
      const uint src = base + min(key, p.seq_len - 1) * D4 + e % D4;  // in bounds; zeroed below
      tile_k[e] = inside ? vec4(k_in[src]) : vec4(0.0);
      tile_v[e] = inside ? vec4(v_in[src]) : vec4(0.0);
    }
    barrier();
    if (row_inside && (!causal || j0 <= row)) {
      for (uint c0 = 0; c0 < BC; c0 += CH) {
        float score[CH];
        float chunk_max = running_max;
        [[unroll]] for (uint jj = 0; jj < CH; ++jj) {
          const uint t = (c0 + jj) * D4;
          vec4 acc = q[0] * tile_k[t];
          [[unroll]] for (uint d = 1; d < D4; ++d) acc += q[d] * tile_k[t + d];
          const uint key = j0 + c0 + jj;
          const bool valid = key < p.seq_len && (!causal || key <= row);
          score[jj] = valid ? (acc.x + acc.y) + (acc.z + acc.w) : -1.0e30;
          chunk_max = max(chunk_max, score[jj]);
        }
        const float rescale = exp(running_max - chunk_max);
        running_sum *= rescale;
        [[unroll]] for (uint d = 0; d < D4; ++d) o[d] *= rescale;
        [[unroll]] for (uint jj = 0; jj < CH; ++jj) {
          const float weight = exp(score[jj] - chunk_max);  // exactly 0 for masked keys
          running_sum += weight;
          const uint t = (c0 + jj) * D4;
          [[unroll]] for (uint d = 0; d < D4; ++d) o[d] += weight * tile_v[t + d];
        }
        running_max = chunk_max;
      }
    }
    barrier();
  }
  if (row_inside) {
    const float inv_sum = 1.0 / running_sum;
    [[unroll]] for (uint d = 0; d < D4; ++d) o_out[base + row * D4 + d] = o[d] * inv_sum;
  }
}
