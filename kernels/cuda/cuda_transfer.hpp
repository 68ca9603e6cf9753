#pragma once
// Host<->device and peer transfers on a CUDA device (docs/bandwidth.md): cudaMemcpyAsync between
// cudaMallocHost (pinned) or malloc'd (pageable) host memory and cudaMalloc'd device memory, per
// size, in both directions and both at once on two streams; pinned copies timed by CUDA events,
// pageable ones by the host clock; latency of small pinned copies; the PCIe link sampled while
// the largest copies run; cudaMemcpyPeerAsync to every other CUDA device that allows peer access.
// Every size's data is verified. Clocks, ECC and persistence are never touched.
#include "kernels/transfer_options.hpp"
#include "reports/result.hpp"
#include "reports/transfer_result.hpp"

namespace rigcheck {

// `device_index`: the CUDA runtime's ordinal (position in make_cuda_backend()->list_devices()).
// An error names what failed (a size and host memory whose data came back wrong, a CUDA call, a
// timeout); a cancelled run is a result with `interrupted` set and what was measured until then.
Result<TransferResult> run_cuda_transfers(int device_index, const TransferOptions& options);

}  // namespace rigcheck
