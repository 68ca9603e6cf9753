#pragma once
// The CUDA implementation of VramDevice: chunks of cudaMalloc'd memory within what
// cudaMemGetInfo says is free, the kernels of cuda_vram_kernels.cu on one non-blocking stream,
// each step timed by CUDA events and waited for with a timeout.
#include <memory>

#include "kernels/backend.hpp"

namespace rigcheck {

// `device_index` is the CUDA runtime's ordinal; `info` is what list_devices() said about it.
Result<std::unique_ptr<VramDevice>> open_cuda_vram_device(int device_index, BackendDeviceInfo info);

}  // namespace rigcheck
