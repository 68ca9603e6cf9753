#include "kernels/vulkan/vk_sync.hpp"

#include "kernels/vulkan/vk_check.hpp"

namespace rigcheck {

std::uint64_t timestamp_mask(std::uint32_t valid_bits) {
  return valid_bits >= 64 ? ~0ull : ((1ull << valid_bits) - 1);
}

Result<VkFence> create_fence(VkDevice device) {
  VkFenceCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
  VkFence fence = VK_NULL_HANDLE;
  if (auto rc = vkCreateFence(device, &info, nullptr, &fence); rc != VK_SUCCESS) return vk_error("vkCreateFence", rc);
  return fence;
}

Result<VkQueryPool> create_timestamp_pair_pool(VkDevice device, std::uint32_t valid_bits) {
  if (valid_bits == 0) return VkQueryPool{VK_NULL_HANDLE};
  VkQueryPoolCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
  info.queryType = VK_QUERY_TYPE_TIMESTAMP;
  info.queryCount = 2;
  VkQueryPool pool = VK_NULL_HANDLE;
  if (auto rc = vkCreateQueryPool(device, &info, nullptr, &pool); rc != VK_SUCCESS)
    return vk_error("vkCreateQueryPool", rc);
  return pool;
}

Result<double> read_timestamp_pair_seconds(VkDevice device, VkQueryPool pool, std::uint64_t mask, double period_ns) {
  std::uint64_t ticks[2] = {0, 0};
  if (auto rc = vkGetQueryPoolResults(device, pool, 0, 2, sizeof(ticks), ticks, sizeof(std::uint64_t),
                                      VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
      rc != VK_SUCCESS)
    return vk_error("vkGetQueryPoolResults", rc);
  // Masked: the counter wraps at valid_bits.
  const std::uint64_t delta = ((ticks[1] & mask) - (ticks[0] & mask)) & mask;
  return static_cast<double>(delta) * period_ns * 1e-9;
}

}  // namespace rigcheck
