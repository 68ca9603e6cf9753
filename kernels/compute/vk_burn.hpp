#pragma once
// The sustained load on a Vulkan device: one square GEMM re-run from the same inputs for a set
// time, throughput per interval from GPU timestamps, every result read back now and then and
// compared bit for bit with the first (a card that turns unstable when hot computes differently).
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "kernels/burn_options.hpp"
#include "reports/burn_result.hpp"
#include "reports/result.hpp"

namespace rigcheck {

Result<BurnResult> run_vulkan_burn(std::uint32_t device_index, const BurnOptions& options);

}  // namespace rigcheck
