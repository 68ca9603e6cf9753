#pragma once
// Host<->device transfer bandwidth and latency on a Vulkan device (docs/bandwidth.md):
// vkCmdCopyBuffer between host-visible staging buffers and device-local buffers, per size, in
// both directions and both at once, from pinned (the staging buffer itself) and pageable (a
// std::vector memcpy'd through it) host memory; latency of small copies; the PCIe link sampled
// while the largest copies run. Every size's data is verified before its speeds are reported.
#include <cstdint>

#include "kernels/transfer_options.hpp"
#include "reports/result.hpp"
#include "reports/transfer_result.hpp"

namespace rigcheck {

// `device_index`: position in make_vulkan_backend()->list_devices(). An error names what failed
// (a size and direction whose data came back wrong, a Vulkan call, a timeout); a cancelled run is
// a result with `interrupted` set and what was measured until then.
Result<TransferResult> run_vulkan_transfers(std::uint32_t device_index, const TransferOptions& options);

}  // namespace rigcheck
