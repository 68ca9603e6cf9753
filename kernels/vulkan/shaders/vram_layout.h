// The memory the VRAM shaders share with the host (kernels/vulkan/vk_vram_device.cpp), defined
// once: plain #defines that both the GLSL and the C++ preprocessor read.
#ifndef RIGCHECK_VRAM_LAYOUT_H
#define RIGCHECK_VRAM_LAYOUT_H

// The step's push constants: 32-bit words in this order (F(name) per field). base_lo/hi: byte
// address of the chunk's first word in the tested range; first_vec: region start in 16-byte
// vectors; block_count: region size in 4 KiB blocks; order_mul/add: block(i) = (i * order_mul +
// order_add) mod block_count.
#define VRAM_STEP_FIELDS(F) F(base_lo) F(base_hi) F(first_vec) F(block_count) F(pattern) F(pass_index) F(seed) F(complement) F(order_mul) F(order_add) F(record_capacity) F(fault_count)

// The error buffer: a header of 32-bit words, then records of VRAM_RECORD_WORDS words (word
// index in the chunk, expected, actual, re-read).
#define VRAM_ERR_COUNT 0          // every mismatch, also those beyond the records
#define VRAM_ERR_MIN_WORD 1       // lowest failing word index (0xffffffff when none)
#define VRAM_ERR_MAX_WORD 2       // highest failing word index
#define VRAM_ERR_BIT_HIST 4       // 32 bins: errors per failing bit position
#define VRAM_ERR_POP_HIST 36      // 33 bins: errors per number of wrong bits
#define VRAM_ERR_HEADER_WORDS 72  // 69 used, padded so the records start 16-byte aligned
#define VRAM_RECORD_WORDS 4

#endif
