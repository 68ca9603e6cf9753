#pragma once
// `rigcheck compute` on CUDA: cuBLAS GEMM at every precision the card and library support
// (probed by capability and a trial call), and attention through cuBLAS batched GEMMs + our
// softmax (unfused) and our fused kernel; CUDA events for timing; every result checked against
// the CPU reference. Same shapes (plan_compute) and FLOP counting as the Vulkan backend.
#include <functional>
#include <vector>

#include "kernels/compute_options.hpp"
#include "reports/compute/compute_result.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// An error when no CUDA device can be used (no driver, no device, bad index, no code for the card
// in this build) or when the device failed during the run (a sticky fault, a timed-out wait).
Result<ComputeResult> run_cuda_compute(int device_index, const ComputeOptions& options,
                                       const std::function<bool()>& cancelled);

}  // namespace rigcheck
