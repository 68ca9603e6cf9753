// TransferDevice at work: recording a batch of copies, submitting it to one or two queues, waiting
// with a timeout while the caller samples, reading the timestamps.
#include <algorithm>

#include <fmt/format.h>

#include "kernels/vulkan/vk_check.hpp"
#include "kernels/vulkan/vk_transfer_device.hpp"

namespace rigcheck {
namespace {

constexpr std::chrono::milliseconds kWaitSlice{10};  // how often `while_waiting` runs (link sampling)

}  // namespace

void TransferDevice::record_copies(VkCommandBuffer cmd, const std::vector<TransferCopy>& copies) const {
  for (const auto& c : copies) {
    const VkBufferCopy region{0, 0, c.size_bytes};
    vkCmdCopyBuffer(cmd, buffer(c.src).handle(), buffer(c.dst).handle(), 1, &region);
  }
}

Result<bool> TransferDevice::record(const TransferBatch& batch) {
  if (lost()) return Error{VulkanDeviceCore::kLostMessage};
  for (const auto* list : {&batch.copies, &batch.opposite})
    for (const auto& c : *list)
      if (c.size_bytes == 0 || c.size_bytes > buffer(c.src).size_bytes || c.size_bytes > buffer(c.dst).size_bytes)
        return Error{fmt::format("a copy of {} bytes does not fit the allocated buffers", c.size_bytes)};
  const bool two_queues = has_second_queue() && !batch.opposite.empty();
  const bool timestamps = gpu_timed(batch);
  std::vector<TransferCopy> primary = batch.copies;
  if (!two_queues) primary.insert(primary.end(), batch.opposite.begin(), batch.opposite.end());
  // Host writes (staging data) and earlier copies come before these copies; between rounds each
  // round's writes come before the next round's; the host reads the staging buffer after the fence.
  VkMemoryBarrier before{};
  before.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
  before.srcAccessMask = VK_ACCESS_HOST_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  before.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  VkMemoryBarrier after{};
  after.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
  after.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  after.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
  for (std::uint32_t q = 0; q < (two_queues ? 2u : 1u); ++q) {
    VkCommandBuffer cmd = q == 0 ? core_->queue().cmd : core_->second_queue()->cmd;
    if (auto rc = vkResetCommandBuffer(cmd, 0); rc != VK_SUCCESS) return vk_error("vkResetCommandBuffer", rc);
    VkCommandBufferBeginInfo begin{};
    begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;  // no ONE_TIME_SUBMIT: submitted many times
    if (auto rc = vkBeginCommandBuffer(cmd, &begin); rc != VK_SUCCESS) return vk_error("vkBeginCommandBuffer", rc);
    const bool stamp = q == 0 && timestamps;
    if (stamp) vkCmdResetQueryPool(cmd, core_->timestamp_pool(), 0, 2);
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_HOST_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
                         0, 1, &before, 0, nullptr, 0, nullptr);
    if (stamp) vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, core_->timestamp_pool(), 0);
    for (std::uint32_t r = 0; r < std::max<std::uint32_t>(1, batch.rounds); ++r) {
      if (r > 0)
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &before, 0,
                             nullptr, 0, nullptr);
      record_copies(cmd, q == 0 ? primary : batch.opposite);
    }
    if (stamp) vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, core_->timestamp_pool(), 1);
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &after, 0, nullptr, 0,
                         nullptr);
    if (auto rc = vkEndCommandBuffer(cmd); rc != VK_SUCCESS) return vk_error("vkEndCommandBuffer", rc);
  }
  recorded_second_ = two_queues;
  recorded_timestamps_ = timestamps;
  return true;
}

Result<bool> TransferDevice::wait(std::uint32_t fence_count, const std::function<void()>& while_waiting) {
  const VkFence fences[2] = {core_->queue().fence, has_second_queue() ? core_->second_queue()->fence : VK_NULL_HANDLE};
  const auto deadline = std::chrono::steady_clock::now() + kFenceTimeout;
  const auto slice = while_waiting ? std::chrono::nanoseconds(kWaitSlice) : std::chrono::nanoseconds(kFenceTimeout);
  if (while_waiting) while_waiting();
  for (;;) {
    const VkResult rc =
        vkWaitForFences(core_->device(), fence_count, fences, VK_TRUE, static_cast<std::uint64_t>(slice.count()));
    if (rc == VK_SUCCESS) return true;
    if (rc != VK_TIMEOUT) {
      core_->mark_lost();
      return vk_error("vkWaitForFences", rc);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      core_->mark_lost();  // the copies may still run: nothing more is submitted or destroyed
      return Error{fmt::format("vkWaitForFences: VK_TIMEOUT: the copies did not finish within {} s",
                               kFenceTimeout.count())};
    }
    if (while_waiting) while_waiting();
  }
}

Result<SubmitTiming> TransferDevice::submit(const std::function<void()>& while_waiting) {
  if (lost()) return Error{VulkanDeviceCore::kLostMessage};
  const std::uint32_t count = recorded_second_ ? 2 : 1;
  VkCommandBuffer cmds[2] = {core_->queue().cmd, has_second_queue() ? core_->second_queue()->cmd : VK_NULL_HANDLE};
  VkQueue queues[2] = {core_->queue().queue, has_second_queue() ? core_->second_queue()->queue : VK_NULL_HANDLE};
  VkFence fences[2] = {core_->queue().fence, has_second_queue() ? core_->second_queue()->fence : VK_NULL_HANDLE};
  VkSubmitInfo submits[2]{};
  for (std::uint32_t q = 0; q < count; ++q) {
    submits[q].sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submits[q].commandBufferCount = 1;
    submits[q].pCommandBuffers = &cmds[q];
  }
  const auto start = std::chrono::steady_clock::now();
  for (std::uint32_t q = 0; q < count; ++q) {
    if (auto rc = vkQueueSubmit(queues[q], 1, &submits[q], fences[q]); rc != VK_SUCCESS) {
      if (rc == VK_ERROR_DEVICE_LOST || q > 0) core_->mark_lost();  // a half-submitted pair may still run
      return vk_error("vkQueueSubmit", rc);
    }
  }
  if (auto waited = wait(count, while_waiting); !waited) return Error{waited.error()};
  SubmitTiming timing;
  timing.host_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (auto rc = vkResetFences(core_->device(), count, fences); rc != VK_SUCCESS) return vk_error("vkResetFences", rc);
  if (!recorded_timestamps_) return timing;
  auto gpu_s = core_->read_timestamp_seconds();
  if (!gpu_s) return Error{gpu_s.error()};
  timing.gpu_s = *gpu_s;
  return timing;
}

}  // namespace rigcheck
