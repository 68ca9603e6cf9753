// The VRAM test kernels, ported from kernels/vulkan/shaders/vram_common.glsl, vram_write.comp,
// vram_verify.comp, vram_inject.comp and copy.comp (C++17 for CUDA 11.8). One thread block of
// 256 threads moves one 4 KiB block (one 16-byte vector per thread) and strides over the
// region's blocks in the step's order, as a Vulkan workgroup does. The pattern functions must
// match kernels/vram_patterns.cpp bit for bit: the tests compare every recorded expected value.
#include <cuda_runtime.h>

#include <vector>

#include "kernels/cuda/cuda_vram_kernels.hpp"

namespace rigcheck::cuda_vram_kernels {
namespace {

constexpr unsigned kThreads = 256;  // vectors per 4 KiB block (kVramBlockBytes / 16)

static_assert(sizeof(ErrorHeader) == 68 * 8, "ErrorHeader is read back by the host as laid out here");
static_assert(sizeof(ErrorRecord) == 24, "ErrorRecord is read back by the host as laid out here");
static_assert(sizeof(FaultSite) == 16, "FaultSite is uploaded by the host as laid out here");

// Which pattern function a step uses (a template argument: no per-word branch on the pattern).
enum Kind : unsigned { own_address, ones_zeros, walking_ones, walking_zeros, random_words };

// VramPattern numbers (kernels/vram_patterns.hpp) to kernel kinds; 2, 5 and 6 are all random
// words (the seed makes them differ), and like the shader any unknown number is random too.
Kind kind_of(std::uint32_t pattern) {
  switch (pattern) {
    case 0: return own_address;
    case 1: return ones_zeros;
    case 3: return walking_ones;
    case 4: return walking_zeros;
    default: return random_words;
  }
}

// Wellons' "lowbias32", as vram_mix32.
__device__ __forceinline__ std::uint32_t mix32(std::uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

template <Kind K>
__device__ __forceinline__ std::uint32_t pattern_word(std::uint64_t address, const StepParams& s) {
  const std::uint64_t word = address >> 2;
  std::uint32_t value = 0;
  if constexpr (K == own_address) {
    value = static_cast<std::uint32_t>(address) ^ static_cast<std::uint32_t>(address >> 32);
    if ((s.pass & 1u) != 0u) value = ~value;
  } else if constexpr (K == ones_zeros) {
    value = (s.pass & 1u) == 0u ? 0xffffffffu : 0u;
  } else if constexpr (K == walking_ones) {
    value = 1u << ((static_cast<std::uint32_t>(word) + s.pass) & 31u);
  } else if constexpr (K == walking_zeros) {
    value = ~(1u << ((static_cast<std::uint32_t>(word) + s.pass) & 31u));
  } else {
    value = mix32(static_cast<std::uint32_t>(word) ^ mix32(static_cast<std::uint32_t>(word >> 32) ^ s.seed));
  }
  return s.complement != 0u ? ~value : value;
}

template <Kind K>
__device__ __forceinline__ uint4 pattern_vec(std::uint64_t address, const StepParams& s) {
  return make_uint4(pattern_word<K>(address, s), pattern_word<K>(address + 4, s), pattern_word<K>(address + 8, s),
                    pattern_word<K>(address + 12, s));
}

// Vector index (within the chunk) of thread `lane` in the i-th block visited: vram_block_at.
__device__ __forceinline__ std::uint64_t vec_index(std::uint64_t i, unsigned lane, const StepParams& s) {
  std::uint64_t block = i;  // ascending: no 64-bit modulo (slow on every GPU)
  if (s.order_multiplier != 1u || s.order_offset != 0u)
    block = (i * s.order_multiplier + s.order_offset) % s.block_count;
  return s.first_vec + block * kThreads + lane;
}

// Counts a mismatch and records it when a slot is free; true when recorded. The record's re-read
// is filled in by reread_kernel, a pass of its own; until then it holds `actual`.
__device__ bool report_error(void* errors, std::uint64_t word, std::uint32_t expected, std::uint32_t actual,
                             std::uint32_t record_capacity) {
  auto* header = static_cast<ErrorHeader*>(errors);
  auto* records = reinterpret_cast<ErrorRecord*>(header + 1);
  const std::uint32_t diff = expected ^ actual;
  const unsigned long long slot = atomicAdd(&header->count, 1ull);
  atomicMin(&header->min_word, static_cast<unsigned long long>(word));
  atomicMax(&header->max_word, static_cast<unsigned long long>(word));
  atomicAdd(&header->popcount_histogram[__popc(diff)], 1ull);
  for (std::uint32_t d = diff; d != 0u; d &= d - 1u) atomicAdd(&header->bit_histogram[__ffs(static_cast<int>(d)) - 1], 1ull);
  if (slot >= record_capacity) return false;
  records[slot] = ErrorRecord{word, expected, actual, actual, 0u};
  return true;
}

template <Kind K>
__global__ void __launch_bounds__(kThreads) write_kernel(uint4* data, StepParams s) {
  for (std::uint64_t i = blockIdx.x; i < s.block_count; i += gridDim.x) {
    const std::uint64_t v = vec_index(i, threadIdx.x, s);
    data[v] = pattern_vec<K>(s.chunk_base_bytes + v * 16u, s);
  }
}

template <Kind K, bool kWriteComplement>
__global__ void __launch_bounds__(kThreads) verify_kernel(uint4* data, StepParams s, void* errors) {
  for (std::uint64_t i = blockIdx.x; i < s.block_count; i += gridDim.x) {
    const std::uint64_t v = vec_index(i, threadIdx.x, s);
    const uint4 expected = pattern_vec<K>(s.chunk_base_bytes + v * 16u, s);
    const uint4 actual = data[v];
    if (actual.x == expected.x && actual.y == expected.y && actual.z == expected.z && actual.w == expected.w) {
      if constexpr (kWriteComplement) data[v] = make_uint4(~expected.x, ~expected.y, ~expected.z, ~expected.w);
      continue;
    }
    auto* words = reinterpret_cast<std::uint32_t*>(data);
    const std::uint32_t e[4] = {expected.x, expected.y, expected.z, expected.w};
    const std::uint32_t a[4] = {actual.x, actual.y, actual.z, actual.w};
#pragma unroll
    for (unsigned k = 0; k < 4; ++k) {
      const bool recorded = a[k] != e[k] && report_error(errors, v * 4u + k, e[k], a[k], s.record_capacity);
      // A recorded word keeps what was read until reread_kernel has read it again.
      if constexpr (kWriteComplement)
        if (!recorded) words[v * 4u + k] = ~e[k];
    }
  }
}

// The re-read of every recorded word, launched after the verify kernel over the whole region
// (far more than the L2) and loading with __ldcv (ld.global.cv: cached nowhere, fetched again),
// so the value comes from memory, not from the line the failing read just brought into L2. A
// stuck bit re-reads wrong, a transient one right. In write-complement mode the verify left the
// recorded words as found: their complement is stored here, after the re-read.
template <bool kWriteComplement>
__global__ void reread_kernel(std::uint32_t* words, void* errors, std::uint32_t record_capacity) {
  auto* header = static_cast<ErrorHeader*>(errors);
  auto* records = reinterpret_cast<ErrorRecord*>(header + 1);
  const unsigned long long kept = header->count < record_capacity ? header->count : record_capacity;
  for (unsigned long long slot = threadIdx.x; slot < kept; slot += blockDim.x) {
    const ErrorRecord r = records[slot];
    records[slot].reread = __ldcv(words + r.word);
    if constexpr (kWriteComplement) words[r.word] = ~r.expected;
  }
}

__global__ void inject_kernel(std::uint32_t* words, const FaultSite* sites, std::uint64_t count) {
  const std::uint64_t i = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < count) {
    const FaultSite site = sites[i];
    volatile std::uint32_t* word = words + site.word;
    *word = *word ^ site.mask;
  }
}

__global__ void __launch_bounds__(kThreads) copy_kernel(const uint4* src, uint4* dst, std::uint64_t vectors) {
  const std::uint64_t stride = static_cast<std::uint64_t>(gridDim.x) * blockDim.x;
  for (std::uint64_t i = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < vectors; i += stride)
    dst[i] = src[i];
}

template <Kind K>
void write_as(void* chunk, const StepParams& s, std::uint32_t grid, cudaStream_t stream) {
  write_kernel<K><<<grid, kThreads, 0, stream>>>(static_cast<uint4*>(chunk), s);
}

template <Kind K>
void verify_as(VerifyMode mode, void* chunk, const StepParams& s, void* errors, std::uint32_t grid,
               cudaStream_t stream) {
  auto* words = static_cast<std::uint32_t*>(chunk);
  if (mode == VerifyMode::verify_write_complement) {
    verify_kernel<K, true><<<grid, kThreads, 0, stream>>>(static_cast<uint4*>(chunk), s, errors);
    reread_kernel<true><<<1, kThreads, 0, stream>>>(words, errors, s.record_capacity);
  } else {
    verify_kernel<K, false><<<grid, kThreads, 0, stream>>>(static_cast<uint4*>(chunk), s, errors);
    reread_kernel<false><<<1, kThreads, 0, stream>>>(words, errors, s.record_capacity);
  }
}

// cudaGetLastError after a launch is the launch's error only if nothing failed before it in this
// thread: clear first (a sticky fault is still reported, by every later call).
void clear_earlier_error() { cudaGetLastError(); }
int launch_result() { return static_cast<int>(cudaGetLastError()); }

}  // namespace

namespace {

template <Kind... Ks>
struct Kinds {};
using AllKinds = Kinds<own_address, ones_zeros, walking_ones, walking_zeros, random_words>;

// Every kernel this file launches: each instantiation is its own function to load.
template <Kind... Ks>
std::vector<const void*> kernels_of(Kinds<Ks...>) {
  static_assert(sizeof...(Ks) == random_words + 1, "every Kind is launched, so every Kind is loaded");
  return {reinterpret_cast<const void*>(write_kernel<Ks>)...,
          reinterpret_cast<const void*>(verify_kernel<Ks, false>)...,
          reinterpret_cast<const void*>(verify_kernel<Ks, true>)...,
          reinterpret_cast<const void*>(reread_kernel<false>),
          reinterpret_cast<const void*>(reread_kernel<true>),
          reinterpret_cast<const void*>(inject_kernel),
          reinterpret_cast<const void*>(copy_kernel)};
}

}  // namespace

std::size_t kernel_count() { return kernels_of(AllKinds{}).size(); }

int load_every_kernel() {
  for (const void* kernel : kernels_of(AllKinds{})) {
    cudaFuncAttributes attributes{};
    const cudaError_t rc = cudaFuncGetAttributes(&attributes, kernel);
    if (rc != cudaSuccess) {
      cudaGetLastError();  // not sticky: keep it out of the next launch check
      return static_cast<int>(rc);
    }
  }
  return 0;
}

int launch_write(void* chunk, const StepParams& step, std::uint32_t grid_blocks, void* stream) {
  clear_earlier_error();
  auto* s = static_cast<cudaStream_t>(stream);
  switch (kind_of(step.pattern)) {
    case own_address: write_as<own_address>(chunk, step, grid_blocks, s); break;
    case ones_zeros: write_as<ones_zeros>(chunk, step, grid_blocks, s); break;
    case walking_ones: write_as<walking_ones>(chunk, step, grid_blocks, s); break;
    case walking_zeros: write_as<walking_zeros>(chunk, step, grid_blocks, s); break;
    case random_words: write_as<random_words>(chunk, step, grid_blocks, s); break;
  }
  return launch_result();
}

int launch_verify(VerifyMode mode, void* chunk, const StepParams& step, void* errors, std::uint32_t grid_blocks,
                  void* stream) {
  clear_earlier_error();
  auto* s = static_cast<cudaStream_t>(stream);
  switch (kind_of(step.pattern)) {
    case own_address: verify_as<own_address>(mode, chunk, step, errors, grid_blocks, s); break;
    case ones_zeros: verify_as<ones_zeros>(mode, chunk, step, errors, grid_blocks, s); break;
    case walking_ones: verify_as<walking_ones>(mode, chunk, step, errors, grid_blocks, s); break;
    case walking_zeros: verify_as<walking_zeros>(mode, chunk, step, errors, grid_blocks, s); break;
    case random_words: verify_as<random_words>(mode, chunk, step, errors, grid_blocks, s); break;
  }
  return launch_result();
}

int launch_inject(void* chunk, const FaultSite* sites, std::uint64_t count, void* stream) {
  if (count == 0) return 0;
  clear_earlier_error();
  constexpr unsigned kInjectThreads = 64;
  const auto grid = static_cast<unsigned>((count + kInjectThreads - 1) / kInjectThreads);
  inject_kernel<<<grid, kInjectThreads, 0, static_cast<cudaStream_t>(stream)>>>(static_cast<std::uint32_t*>(chunk),
                                                                               sites, count);
  return launch_result();
}

int launch_copy(const void* src, void* dst, std::uint64_t vectors, std::uint32_t grid_blocks, void* stream) {
  clear_earlier_error();
  copy_kernel<<<grid_blocks, kThreads, 0, static_cast<cudaStream_t>(stream)>>>(static_cast<const uint4*>(src),
                                                                               static_cast<uint4*>(dst), vectors);
  return launch_result();
}

}  // namespace rigcheck::cuda_vram_kernels
