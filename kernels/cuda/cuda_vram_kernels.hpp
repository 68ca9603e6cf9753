#pragma once
// Launchers of the CUDA VRAM kernels (cuda_vram_kernels.cu, C++17): the CUDA port of the Vulkan
// shaders in kernels/vulkan/shaders/vram_*.comp and copy.comp. The pattern values and the block
// order are those of kernels/vram_patterns.cpp, bit for bit. Plain types only, so C++20 host code
// includes this without CUDA headers. Each launcher returns the launch's cudaError_t as int
// (0: success); offsets and counts are 64-bit throughout.
#include <cstddef>
#include <cstdint>

namespace rigcheck::cuda_vram_kernels {

// What a verify step leaves in device memory: counters, histograms and the failing-word range,
// then `record_capacity` records. 64-bit counters (atomicAdd on unsigned long long), so no count
// wraps however many words fail.
struct ErrorHeader {
  unsigned long long count;     // every mismatch, also those beyond the records
  unsigned long long min_word;  // lowest failing word index in the chunk (~0 when none)
  unsigned long long max_word;  // highest failing word index in the chunk
  unsigned long long bit_histogram[32];
  unsigned long long popcount_histogram[33];
};

struct ErrorRecord {
  unsigned long long word;  // word index in the chunk (byte offset / 4)
  std::uint32_t expected;
  std::uint32_t actual;
  std::uint32_t reread;  // read again in a pass of its own (reread_kernel), bypassing the caches
  std::uint32_t reserved;
};

struct FaultSite {
  unsigned long long word;  // word index in the chunk
  std::uint32_t mask;       // the bit to flip
  std::uint32_t reserved;
};

// One step over a region of one chunk (the push constants of vram_common.glsl, widened).
struct StepParams {
  std::uint64_t chunk_base_bytes = 0;  // tested-range address of the chunk's first byte
  std::uint64_t first_vec = 0;         // region start within the chunk, in 16-byte vectors
  std::uint64_t block_count = 0;       // region size in 4 KiB blocks (256 vectors)
  std::uint32_t pattern = 0;           // VramPattern's number
  std::uint32_t pass = 0;
  std::uint32_t seed = 0;
  std::uint32_t complement = 0;
  std::uint32_t order_multiplier = 1;  // block(i) = (i * multiplier + offset) mod block_count
  std::uint32_t order_offset = 0;
  std::uint32_t record_capacity = 0;
};

enum class VerifyMode { verify, verify_write_complement };

// Loads every VRAM kernel (each template instantiation) on the current device with
// cudaFuncGetAttributes; 0, or the first error (cudaErrorNoKernelImageForDevice when, e.g., a
// CUDA 13 build meets a Maxwell card). Called before the test allocates: with lazy loading
// (CUDA >= 12.2 by default) a kernel first launched after cudaMalloc has taken all but a few MiB
// could fail to load for want of memory.
int load_every_kernel();
// How many kernels load_every_kernel loads (host only: no device needed).
std::size_t kernel_count();

// Stores the pattern over the region of `chunk` (16-byte aligned device memory).
int launch_write(void* chunk, const StepParams& step, std::uint32_t grid_blocks, void* stream);

// Checks the pattern over the region, counting and recording mismatches into `errors` (an
// ErrorHeader followed by step.record_capacity ErrorRecords), then re-reads the recorded words in
// a second kernel; stores the complement in verify_write_complement mode.
int launch_verify(VerifyMode mode, void* chunk, const StepParams& step, void* errors, std::uint32_t grid_blocks,
                  void* stream);

// Flips one bit in each of `count` words (self-test).
int launch_inject(void* chunk, const FaultSite* sites, std::uint64_t count, void* stream);

// Copies `vectors` 16-byte vectors from `src` to `dst` (device copy bandwidth).
int launch_copy(const void* src, void* dst, std::uint64_t vectors, std::uint32_t grid_blocks, void* stream);

}  // namespace rigcheck::cuda_vram_kernels
