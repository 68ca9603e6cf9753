// Our own CUDA kernels (C++17 for CUDA 11.8). No tensor cores: the fp32 fused kernel is the one
// that must be fast on sm_52 / sm_61, so it keeps one query row per thread and K/V tiles in
// shared memory, like the Vulkan kernel (kernels/compute/shaders/attention_fused.comp).
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include "kernels/cuda/cuda_kernels.hpp"

namespace rigcheck::cuda_kernels {
namespace {

constexpr unsigned kHeadDim = kFusedAttentionHeadDim;
constexpr unsigned kRows = 64;   // query rows per block (one per thread)
constexpr unsigned kKeys = 32;   // keys per shared-memory tile

__device__ inline float load(const float* p, std::uint64_t i) { return p[i]; }
__device__ inline float load(const __half* p, std::uint64_t i) { return __half2float(p[i]); }
__device__ inline float load(const __nv_bfloat16* p, std::uint64_t i) { return __bfloat162float(p[i]); }
__device__ inline void store(float* p, std::uint64_t i, float x) { p[i] = x; }
__device__ inline void store(__half* p, std::uint64_t i, float x) { p[i] = __float2half_rn(x); }
__device__ inline void store(__nv_bfloat16* p, std::uint64_t i, float x) { p[i] = __float2bfloat16_rn(x); }

template <class T>
__global__ void fused_attention(const T* q_in, const T* k_in, const T* v_in, float* o_out, unsigned heads,
                                unsigned seq_len, bool causal, float scale) {
  __shared__ float tile_k[kKeys][kHeadDim + 1];  // +1: no bank conflicts on the row-wise fill
  __shared__ float tile_v[kKeys][kHeadDim];
  // Heads beyond grid.y's 65535 go on in blockIdx.z; the last z slice may have spare blocks.
  const std::uint64_t head = static_cast<std::uint64_t>(blockIdx.z) * gridDim.y + blockIdx.y;
  if (head >= heads) return;  // uniform per block, before any barrier
  const unsigned row = blockIdx.x * kRows + threadIdx.x;
  const bool inside = row < seq_len;
  const std::uint64_t base = head * seq_len * kHeadDim;
  float q[kHeadDim], o[kHeadDim];
  for (unsigned d = 0; d < kHeadDim; ++d) {
    q[d] = inside ? load(q_in, base + static_cast<std::uint64_t>(row) * kHeadDim + d) * scale : 0.f;
    o[d] = 0.f;
  }
  float running_max = -1e30f, running_sum = 0.f;
  const unsigned key_end = causal ? min(seq_len, (blockIdx.x + 1) * kRows) : seq_len;
  for (unsigned j0 = 0; j0 < key_end; j0 += kKeys) {
    for (unsigned e = threadIdx.x; e < kKeys * kHeadDim; e += kRows) {
      const unsigned jj = e / kHeadDim, d = e % kHeadDim;
      const bool key_inside = j0 + jj < seq_len;
      const std::uint64_t at = base + static_cast<std::uint64_t>(j0 + jj) * kHeadDim + d;
      tile_k[jj][d] = key_inside ? load(k_in, at) : 0.f;
      tile_v[jj][d] = key_inside ? load(v_in, at) : 0.f;
    }
    __syncthreads();
    if (inside) {
      float score[kKeys];
      float tile_max = running_max;
      for (unsigned jj = 0; jj < kKeys; ++jj) {
        const unsigned key = j0 + jj;
        float dot = 0.f;
        for (unsigned d = 0; d < kHeadDim; ++d) dot = fmaf(q[d], tile_k[jj][d], dot);
        score[jj] = (key < seq_len && (!causal || key <= row)) ? dot : -1e30f;
        tile_max = fmaxf(tile_max, score[jj]);
      }
      const float rescale = __expf(running_max - tile_max);
      running_sum *= rescale;
      for (unsigned d = 0; d < kHeadDim; ++d) o[d] *= rescale;
      for (unsigned jj = 0; jj < kKeys; ++jj) {
        const float w = __expf(score[jj] - tile_max);
        running_sum += w;
        for (unsigned d = 0; d < kHeadDim; ++d) o[d] = fmaf(w, tile_v[jj][d], o[d]);
      }
      running_max = tile_max;
    }
    __syncthreads();
  }
  if (inside) {
    const float inv = 1.f / running_sum;
    for (unsigned d = 0; d < kHeadDim; ++d) o_out[base + static_cast<std::uint64_t>(row) * kHeadDim + d] = o[d] * inv;
  }
}

template <class T>
__global__ void causal_softmax(const float* scores, T* probs, std::uint64_t rows, unsigned seq_len, bool causal) {
  __shared__ float partial[128];
  const std::uint64_t row = static_cast<std::uint64_t>(blockIdx.y) * gridDim.x + blockIdx.x;
  if (row >= rows) return;  // uniform per block
  const unsigned limit = causal ? static_cast<unsigned>(row % seq_len) + 1 : seq_len;
  const float* s = scores + row * seq_len;
  float m = -3e38f;
  for (unsigned j = threadIdx.x; j < limit; j += blockDim.x) m = fmaxf(m, s[j]);
  partial[threadIdx.x] = m;
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) partial[threadIdx.x] = fmaxf(partial[threadIdx.x], partial[threadIdx.x + stride]);
    __syncthreads();
  }
  const float row_max = partial[0];
  __syncthreads();
  float sum = 0.f;
  for (unsigned j = threadIdx.x; j < limit; j += blockDim.x) sum += __expf(s[j] - row_max);
  partial[threadIdx.x] = sum;
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) partial[threadIdx.x] += partial[threadIdx.x + stride];
    __syncthreads();
  }
  const float inv = 1.f / partial[0];
  for (unsigned j = threadIdx.x; j < seq_len; j += blockDim.x)
    store(probs, row * seq_len + j, j < limit ? __expf(s[j] - row_max) * inv : 0.f);
}

template <class T>
__global__ void convert(const float* in, T* out, std::uint64_t count) {
  for (std::uint64_t i = blockIdx.x * static_cast<std::uint64_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<std::uint64_t>(gridDim.x) * blockDim.x)
    store(out, i, in[i]);
}

// splitmix64's finalizer: a good enough hash of (seed, index) for test inputs.
__device__ inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

template <class T>
__global__ void fill_random(T* out, std::uint64_t count, std::uint64_t seed) {
  for (std::uint64_t i = blockIdx.x * static_cast<std::uint64_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<std::uint64_t>(gridDim.x) * blockDim.x) {
    const int step = static_cast<int>(mix(seed * 0x100000001b3ull + i) % 2049ull) - 1024;
    store(out, i, static_cast<float>(step) / 1024.0f);
  }
}

__global__ void compare_words(const std::uint32_t* expected, const std::uint32_t* actual, std::uint64_t count,
                              WordMismatches* out) {
  unsigned long long differing = 0;
  for (std::uint64_t i = blockIdx.x * static_cast<std::uint64_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<std::uint64_t>(gridDim.x) * blockDim.x) {
    const std::uint32_t e = expected[i], a = actual[i];
    if (e == a) continue;
    ++differing;
    // The volatile read spares the atomic once every slot is taken (a card gone bad differs everywhere).
    if (*reinterpret_cast<volatile std::uint32_t*>(&out->recorded) < kRecordedMismatches) {
      const unsigned slot = atomicAdd(reinterpret_cast<unsigned int*>(&out->recorded), 1u);
      if (slot < kRecordedMismatches) {
        out->index[slot] = i;
        out->expected[slot] = e;
        out->actual[slot] = a;
      }
    }
  }
  if (differing != 0) atomicAdd(reinterpret_cast<unsigned long long*>(&out->differing), differing);
}

unsigned grid_for(std::uint64_t count, unsigned block) {
  const std::uint64_t blocks = (count + block - 1) / block;
  return static_cast<unsigned>(blocks < 65535 ? (blocks > 0 ? blocks : 1) : 65535);
}

template <class T>
int fused_as(const void* q, const void* k, const void* v, float* o, std::uint32_t heads, std::uint32_t seq_len,
             bool causal, float scale, cudaStream_t stream) {
  constexpr unsigned kMaxGridY = 65535;
  const unsigned y = heads < kMaxGridY ? (heads > 0 ? heads : 1) : kMaxGridY;
  const auto z = static_cast<unsigned>((static_cast<std::uint64_t>(heads) + y - 1) / y);
  const dim3 grid((seq_len + kRows - 1) / kRows, y, z > 0 ? z : 1);
  fused_attention<T><<<grid, kRows, 0, stream>>>(static_cast<const T*>(q), static_cast<const T*>(k),
                                                 static_cast<const T*>(v), o, heads, seq_len, causal, scale);
  return static_cast<int>(cudaGetLastError());
}

template <class T>
int softmax_as(const float* scores, void* probs, std::uint64_t rows, std::uint32_t seq_len, bool causal,
               cudaStream_t stream) {
  const unsigned x = static_cast<unsigned>(rows < 65535 ? rows : 65535);
  const dim3 grid(x, static_cast<unsigned>((rows + x - 1) / x));
  causal_softmax<T><<<grid, 128, 0, stream>>>(scores, static_cast<T*>(probs), rows, seq_len, causal);
  return static_cast<int>(cudaGetLastError());
}

template <class T>
int convert_as(const float* in, void* out, std::uint64_t count, cudaStream_t stream) {
  const std::uint64_t blocks = (count + 255) / 256;
  convert<T><<<static_cast<unsigned>(blocks < 65535 ? blocks : 65535), 256, 0, stream>>>(in, static_cast<T*>(out), count);
  return static_cast<int>(cudaGetLastError());
}

template <class T>
int fill_as(void* out, std::uint64_t count, std::uint64_t seed, cudaStream_t stream) {
  fill_random<T><<<grid_for(count, 256), 256, 0, stream>>>(static_cast<T*>(out), count, seed);
  return static_cast<int>(cudaGetLastError());
}

}  // namespace

int probe_compute_kernel_image() {
  cudaFuncAttributes attributes{};
  const cudaError_t rc = cudaFuncGetAttributes(&attributes, compare_words);
  if (rc != cudaSuccess) cudaGetLastError();  // not sticky: keep it out of the next launch check
  return static_cast<int>(rc);
}

int launch_fused_attention(Storage storage, const void* q, const void* k, const void* v, float* o,
                           std::uint32_t heads, std::uint32_t seq_len, bool causal, float scale, void* stream) {
  auto s = static_cast<cudaStream_t>(stream);
  switch (storage) {
    case Storage::fp16: return fused_as<__half>(q, k, v, o, heads, seq_len, causal, scale, s);
    case Storage::bf16: return fused_as<__nv_bfloat16>(q, k, v, o, heads, seq_len, causal, scale, s);
    default: return fused_as<float>(q, k, v, o, heads, seq_len, causal, scale, s);
  }
}

int launch_causal_softmax(Storage storage, const float* scores, void* probs, std::uint64_t rows,
                          std::uint32_t seq_len, bool causal, void* stream) {
  auto s = static_cast<cudaStream_t>(stream);
  switch (storage) {
    case Storage::fp16: return softmax_as<__half>(scores, probs, rows, seq_len, causal, s);
    case Storage::bf16: return softmax_as<__nv_bfloat16>(scores, probs, rows, seq_len, causal, s);
    default: return softmax_as<float>(scores, probs, rows, seq_len, causal, s);
  }
}

int launch_convert(Storage storage, const float* in, void* out, std::uint64_t count, void* stream) {
  auto s = static_cast<cudaStream_t>(stream);
  switch (storage) {
    case Storage::fp16: return convert_as<__half>(in, out, count, s);
    case Storage::bf16: return convert_as<__nv_bfloat16>(in, out, count, s);
    default: return convert_as<float>(in, out, count, s);
  }
}

int launch_fill_random(Storage storage, void* out, std::uint64_t count, std::uint64_t seed, void* stream) {
  auto s = static_cast<cudaStream_t>(stream);
  switch (storage) {
    case Storage::fp16: return fill_as<__half>(out, count, seed, s);
    case Storage::bf16: return fill_as<__nv_bfloat16>(out, count, seed, s);
    default: return fill_as<float>(out, count, seed, s);
  }
}

int launch_compare_words(const std::uint32_t* expected, const std::uint32_t* actual, std::uint64_t count,
                         WordMismatches* result, void* stream) {
  auto s = static_cast<cudaStream_t>(stream);
  if (auto rc = cudaMemsetAsync(result, 0, sizeof(WordMismatches), s); rc != cudaSuccess) return static_cast<int>(rc);
  compare_words<<<grid_for(count, 256), 256, 0, s>>>(expected, actual, count, result);
  return static_cast<int>(cudaGetLastError());
}

}  // namespace rigcheck::cuda_kernels
