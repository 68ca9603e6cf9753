#pragma once
// The fence, timestamp pool, timestamp read-out and timed submission the device core
// (vk_device_core.hpp) is built from.
#include <chrono>
#include <cstdint>
#include <functional>

#include <vulkan/vulkan.h>

#include "reports/result.hpp"

namespace rigcheck {

// The mask of the bits a queue's timestamps carry (timestampValidBits).
std::uint64_t timestamp_mask(std::uint32_t valid_bits);

Result<VkFence> create_fence(VkDevice device);

// A pool of two timestamps (start, end) — VK_NULL_HANDLE when the queue has none (valid_bits 0).
Result<VkQueryPool> create_timestamp_pair_pool(VkDevice device, std::uint32_t valid_bits);

// Seconds between the two timestamps of `pool`, waiting for them.
Result<double> read_timestamp_pair_seconds(VkDevice device, VkQueryPool pool, std::uint64_t mask, double period_ns);

// What one timed submission uses: a device's single command buffer, queue, fence and timestamp pair.
struct TimedSubmitTarget {
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  VkQueryPool query_pool = VK_NULL_HANDLE;  // none: host time is returned
  std::uint64_t timestamp_mask = 0;
  double timestamp_period_ns = 1;
};

// Records `record` between full barriers (host writes visible before, results visible to the
// host after) and timestamps, submits, waits up to `timeout`: GPU seconds (host seconds without
// timestamps). A lost device or a timeout sets `lost`: work may still run, so nothing more is
// submitted or destroyed.
Result<double> submit_timed_and_wait(const TimedSubmitTarget& target,
                                     const std::function<void(VkCommandBuffer)>& record, std::chrono::seconds timeout,
                                     bool& lost);

}  // namespace rigcheck
