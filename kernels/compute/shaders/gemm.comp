#version 450
// Tiled GEMM, C[z] = alpha * A[z] * op(B[z]), row-major, batched over workgroup z.
// 64x64 output tile per workgroup of 16x16 threads (4x4 outputs each), 16-deep k steps through
// shared memory; loads outside m, n, k read zero, so any size works.
#include "compute_types.glsl"

layout(local_size_x = 16, local_size_y = 16, local_size_z = 1) in;

const uint TM = 64;
const uint TN = 64;
const uint TK = 16;

layout(std430, binding = 0) readonly buffer MatA { IN_T a[]; };
layout(std430, binding = 1) readonly buffer MatB { IN_T b[]; };
layout(std430, binding = 2) writeonly buffer MatC { ACC_T c[]; };

// Must match GemmPush in vk_gemm.cpp.
layout(push_constant) uniform Push {
  uint m, n, k;
  uint lda, ldb, ldc;
  uint batch_stride_a, batch_stride_b, batch_stride_c;  // elements between batch items
  uint b_transposed;  // 1: element (kk, col) of B is b[col * ldb + kk] (for Q * K^T)
  float alpha;        // ignored by the integer variant
} p;

shared ACC_T tile_a[TK][TM];
shared ACC_T tile_b[TK][TN];

void main() {
  const uint tx = gl_LocalInvocationID.x;
  const uint ty = gl_LocalInvocationID.y;
  const uint tid = ty * 16 + tx;
  const uint row0 = gl_WorkGroupID.y * TM;
  const uint col0 = gl_WorkGroupID.x * TN;
  const uint base_a = gl_WorkGroupID.z * p.batch_stride_a;
  const uint base_b = gl_WorkGroupID.z * p.batch_stride_b;
  const uint base_c = gl_WorkGroupID.z * p.batch_stride_c;

  ACC_T acc[4][4];
  for (uint i = 0; i < 4; ++i)
    for (uint j = 0; j < 4; ++j) acc[i][j] = ACC_T(0);

  for (uint k0 = 0; k0 < p.k; k0 += TK) {
    for (uint i = 0; i < 4; ++i) {
      const uint e = tid + i * 256;
      const uint r = e / TK, kk = e % TK;  // neighbouring threads read neighbouring k: contiguous
      const uint gr = row0 + r, gk = k0 + kk;
      tile_a[kk][r] = (gr < p.m && gk < p.k) ? ACC_T(a[base_a + gr * p.lda + gk]) : ACC_T(0);
    }
    for (uint i = 0; i < 4; ++i) {
      const uint e = tid + i * 256;
      uint kk, cc, index;
      if (p.b_transposed == 0) {
        kk = e / TN; cc = e % TN;
        index = (k0 + kk) * p.ldb + col0 + cc;
      } else {
        cc = e / TK; kk = e % TK;
        index = (col0 + cc) * p.ldb + k0 + kk;
      }
      tile_b[kk][cc] = (k0 + kk < p.k && col0 + cc < p.n) ? ACC_T(b[base_b + index]) : ACC_T(0);
    }
    barrier();
    for (uint kk = 0; kk < TK; ++kk) {
      ACC_T av[4], bv[4];
      for (uint i = 0; i < 4; ++i) av[i] = tile_a[kk][ty + 16 * i];
      for (uint j = 0; j < 4; ++j) bv[j] = tile_b[kk][tx + 16 * j];
      for (uint i = 0; i < 4; ++i)
        for (uint j = 0; j < 4; ++j) acc[i][j] += av[i] * bv[j];
    }
    barrier();
  }

  for (uint i = 0; i < 4; ++i) {
    const uint row = row0 + ty + 16 * i;
    if (row >= p.m) continue;
    for (uint j = 0; j < 4; ++j) {
      const uint col = col0 + tx + 16 * j;
      if (col >= p.n) continue;
#if defined(COMPUTE_INT8)
      c[base_c + row * p.ldc + col] = acc[i][j];
#else
      c[base_c + row * p.ldc + col] = p.alpha * acc[i][j];
#endif
    }
  }
}
