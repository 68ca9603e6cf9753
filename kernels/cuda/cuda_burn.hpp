#pragma once
// The sustained load on a CUDA device, same contract as run_vulkan_burn (vk_burn.hpp): one square
// GEMM re-run from the same inputs for options.duration_s, throughput per interval from CUDA
// events on the telemetry clock (options.clock_origin), and every check_every_s the output
// compared bit for bit with the first result on the device (mismatches with time and index).
//
// The GEMM is the one that draws the most power on the card, so options.precision is not used:
// fp16 inputs with fp32 accumulate on tensor cores (cublasGemmEx) from sm_70; cublasSgemm below
// (sm_52 has no fp16 arithmetic, sm_61 runs it at 1/64 rate). The choice and why is a note.
// matrix_size 0: 8192 (4096, 2048 when the card's free memory is short).
#include "kernels/burn_options.hpp"
#include "reports/burn_result.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// An error only when the load could not start (no device, bad index, allocation, first run).
Result<BurnResult> run_cuda_burn(int device_index, const BurnOptions& options);

}  // namespace rigcheck
