#pragma once
// The device side of the host<->device transfer test (vk_transfer.hpp): the shared device core
// (vk_device_core.hpp) opened with a primary copy queue and, where the device has one, a second
// queue for the opposite direction; two
// host-visible staging buffers and two device-local buffers; batches of vkCmdCopyBuffer recorded
// once, then submitted and waited for with a timeout (never a hang) while a callback may run
// about every 10 ms. After a timeout the device counts as lost: nothing more is submitted or
// destroyed (kernels/vulkan/README.md).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>

#include "kernels/vulkan/vk_device_core.hpp"
#include "kernels/vulkan/vk_handles.hpp"
#include "reports/result.hpp"

namespace rigcheck {

enum class TransferBuffer { staging_up, staging_down, device_a, device_b };

// One vkCmdCopyBuffer of the first `size_bytes` of `src` into `dst`.
struct TransferCopy {
  TransferBuffer src = TransferBuffer::staging_up;
  TransferBuffer dst = TransferBuffer::device_a;
  std::uint64_t size_bytes = 0;
};

// One submission: `copies` on the primary queue and `opposite` on the second queue, both in flight
// at once (in the primary queue's one command buffer when the device has no second queue),
// `rounds` times over with a barrier between rounds.
struct TransferBatch {
  std::vector<TransferCopy> copies;
  std::vector<TransferCopy> opposite;
  std::uint32_t rounds = 1;
};

struct SubmitTiming {
  double host_s = 0;            // vkQueueSubmit to every fence signalled, host steady clock
  std::optional<double> gpu_s;  // timestamps around the copies (one queue with timestamps only)
};

class TransferDevice {
 public:
  // The core's limit: a copy that has not finished by then means the device is gone.
  static constexpr std::chrono::seconds kFenceTimeout = VulkanDeviceCore::kFenceTimeout;

  static Result<std::unique_ptr<TransferDevice>> open(std::shared_ptr<VulkanInstance> instance,
                                                      VkPhysicalDevice physical);
  ~TransferDevice();
  TransferDevice(const TransferDevice&) = delete;
  TransferDevice& operator=(const TransferDevice&) = delete;

  const VkPhysicalDeviceProperties& properties() const { return core_->properties(); }
  bool lost() const { return core_->lost(); }
  bool has_second_queue() const { return core_->second_queue() != nullptr; }
  // Timestamps only time one queue: a batch that uses two queues is timed on the host clock.
  bool gpu_timed(const TransferBatch& batch) const;
  double timestamp_period_ns() const { return core_->timestamp_period_ns(); }
  // Which queues and memory types were chosen and why, for the result's notes.
  const std::vector<std::string>& notes() const { return notes_; }

  // The largest transfer the four buffers can hold within the heaps' budget (VK_EXT_memory_budget,
  // else 3/4 of each heap, less 64 MiB) and maxMemoryAllocationSize, a multiple of 4 KiB; `why` says which bound.
  std::uint64_t max_transfer_bytes(std::string* why) const;
  // Creates the four buffers, each `capacity_bytes`, the staging ones mapped for good.
  Result<bool> allocate(std::uint64_t capacity_bytes);
  // Host view of a staging buffer (nullptr for the device buffers).
  std::byte* mapped(TransferBuffer buffer) const;
  // Makes host writes visible to the device / device writes visible to the host, for the first
  // `bytes` of a staging buffer; nothing to do when the memory is host-coherent.
  Result<bool> flush(TransferBuffer buffer, std::uint64_t bytes);
  Result<bool> invalidate(TransferBuffer buffer, std::uint64_t bytes);

  // Records `batch` into the command buffers; every later submit() runs it again.
  Result<bool> record(const TransferBatch& batch);
  // Submits what was recorded and waits up to kFenceTimeout; `while_waiting` (when set) runs once
  // after the submit and then about every 10 ms until the copies are done.
  Result<SubmitTiming> submit(const std::function<void()>& while_waiting = {});

 private:
  TransferDevice() = default;
  const VulkanBuffer& buffer(TransferBuffer which) const;
  Result<bool> sync_range(TransferBuffer which, std::uint64_t bytes, bool flush);
  void record_copies(VkCommandBuffer cmd, const std::vector<TransferCopy>& copies) const;
  Result<bool> wait(std::uint32_t fence_count, const std::function<void()>& while_waiting);

  std::unique_ptr<VulkanDeviceCore> core_;  // first: outlives the buffers
  std::uint32_t staging_type_ = 0;
  std::uint32_t device_type_ = 0;
  bool staging_coherent_ = true;
  VulkanBuffer buffers_[4];
  bool recorded_second_ = false;   // the recorded batch uses the second queue
  bool recorded_timestamps_ = false;
  std::vector<std::string> notes_;
};

}  // namespace rigcheck
