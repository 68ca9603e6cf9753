#include "kernels/vulkan/vk_sync.hpp"

#include <fmt/format.h>

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

Result<double> submit_timed_and_wait(const TimedSubmitTarget& target,
                                     const std::function<void(VkCommandBuffer)>& record, std::chrono::seconds timeout,
                                     bool& lost) {
  VkCommandBuffer cmd = target.cmd;
  if (auto rc = vkResetCommandBuffer(cmd, 0); rc != VK_SUCCESS) return vk_error("vkResetCommandBuffer", rc);
  VkCommandBufferBeginInfo begin{};
  begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  if (auto rc = vkBeginCommandBuffer(cmd, &begin); rc != VK_SUCCESS) return vk_error("vkBeginCommandBuffer", rc);

  VkMemoryBarrier before{};
  before.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
  before.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_WRITE_BIT;
  before.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT |
                         VK_ACCESS_TRANSFER_WRITE_BIT;
  if (target.query_pool != VK_NULL_HANDLE) vkCmdResetQueryPool(cmd, target.query_pool, 0, 2);
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT | VK_PIPELINE_STAGE_HOST_BIT,
                       VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 1, &before, 0, nullptr, 0, nullptr);
  const bool timed = target.query_pool != VK_NULL_HANDLE;
  if (timed) vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, target.query_pool, 0);
  record(cmd);
  if (timed) vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, target.query_pool, 1);
  VkMemoryBarrier after{};
  after.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
  after.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  after.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &after, 0, nullptr,
                       0, nullptr);
  if (auto rc = vkEndCommandBuffer(cmd); rc != VK_SUCCESS) return vk_error("vkEndCommandBuffer", rc);

  VkSubmitInfo submit{};
  submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &cmd;
  const auto host_start = std::chrono::steady_clock::now();
  if (auto rc = vkQueueSubmit(target.queue, 1, &submit, target.fence); rc != VK_SUCCESS) {
    if (rc == VK_ERROR_DEVICE_LOST) lost = true;
    return vk_error("vkQueueSubmit", rc);
  }
  const auto timeout_ns = static_cast<std::uint64_t>(std::chrono::nanoseconds(timeout).count());
  const VkResult waited = vkWaitForFences(target.device, 1, &target.fence, VK_TRUE, timeout_ns);
  if (waited != VK_SUCCESS) {
    lost = true;  // work may still run: nothing more is submitted or destroyed
    if (waited == VK_TIMEOUT)
      return Error{fmt::format("vkWaitForFences: VK_TIMEOUT: the device did not finish within {} s", timeout.count())};
    return vk_error("vkWaitForFences", waited);
  }
  const double host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();
  if (auto rc = vkResetFences(target.device, 1, &target.fence); rc != VK_SUCCESS)
    return vk_error("vkResetFences", rc);
  if (!timed) return host_seconds;  // no timestamps on this queue: host time
  return read_timestamp_pair_seconds(target.device, target.query_pool, target.timestamp_mask,
                                     target.timestamp_period_ns);
}

}  // namespace rigcheck
