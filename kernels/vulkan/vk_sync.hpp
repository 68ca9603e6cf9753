#pragma once
// The fence, timestamp pool and timestamp read-out every Vulkan device of ours needs (the VRAM
// context, the compute device, the transfer device): one place for the Vulkan boilerplate.
#include <cstdint>

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

}  // namespace rigcheck
