// Shared by the VRAM shaders: bindings, the step's push constants and the pattern functions.
// The pattern functions must match kernels/vram_patterns.cpp bit for bit; the push constants and
// the error buffer are laid out by vram_layout.h, which the host code includes too.
#extension GL_ARB_gpu_shader_int64 : require
#include "vram_layout.h"

#define VRAM_GLSL_FIELD(name) uint name;
layout(push_constant) uniform Step { VRAM_STEP_FIELDS(VRAM_GLSL_FIELD) } pc;

layout(std430, set = 0, binding = 0) buffer Data { uvec4 vec[]; } data;

layout(std430, set = 0, binding = 1) coherent buffer Errors {
  uint header[VRAM_ERR_HEADER_WORDS];
  uvec4 records[];  // VRAM_RECORD_WORDS words each
} errors;

layout(std430, set = 0, binding = 2) readonly buffer Faults { uvec2 site[]; } faults;

// The same chunk again, volatile and coherent: the re-read pass (vram_reread.comp) reads the
// recorded words through it, bypassing what the compiler or a non-coherent cache could keep.
layout(std430, set = 0, binding = 3) volatile coherent buffer Words { uint word[]; } words;

uint mix32(uint x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

uint pattern_word(uint64_t address) {
  uint64_t w = address >> 2;
  uint value;
  if (pc.pattern == 0u) {
    value = uint(address) ^ uint(address >> 32);
    if ((pc.pass_index & 1u) != 0u) value = ~value;
  } else if (pc.pattern == 1u) {
    value = (pc.pass_index & 1u) == 0u ? 0xffffffffu : 0u;
  } else if (pc.pattern == 3u) {
    value = 1u << ((uint(w) + pc.pass_index) & 31u);
  } else if (pc.pattern == 4u) {
    value = ~(1u << ((uint(w) + pc.pass_index) & 31u));
  } else {
    value = mix32(uint(w) ^ mix32(uint(w >> 32) ^ pc.seed));
  }
  return pc.complement != 0u ? ~value : value;
}

uint64_t chunk_base() { return (uint64_t(pc.base_hi) << 32) | uint64_t(pc.base_lo); }

// Vector index (within the chunk) of invocation `lane` in the i-th block visited.
uint vec_index(uint i, uint lane) {
  uint block = i;  // ascending: no 64-bit modulo (slow on some devices)
  if (pc.order_mul != 1u || pc.order_add != 0u)
    block = uint((uint64_t(i) * uint64_t(pc.order_mul) + uint64_t(pc.order_add)) % uint64_t(pc.block_count));
  return pc.first_vec + block * 256u + lane;
}

// Counts a mismatch and records it when a slot is free; true when recorded. The record's re-read
// is filled in by the separate re-read pass (vram_reread.comp); until then it holds `actual`.
bool report_error(uint word, uint expected, uint actual) {
  uint diff = expected ^ actual;
  uint slot = atomicAdd(errors.header[VRAM_ERR_COUNT], 1u);
  atomicMin(errors.header[VRAM_ERR_MIN_WORD], word);
  atomicMax(errors.header[VRAM_ERR_MAX_WORD], word);
  atomicAdd(errors.header[VRAM_ERR_POP_HIST + bitCount(diff)], 1u);
  uint d = diff;
  while (d != 0u) {
    atomicAdd(errors.header[VRAM_ERR_BIT_HIST + findLSB(d)], 1u);
    d &= d - 1u;
  }
  if (slot >= pc.record_capacity) return false;
  errors.records[slot] = uvec4(word, expected, actual, actual);
  return true;
}
