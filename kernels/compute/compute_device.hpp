#pragma once
// A Vulkan device for GEMM and attention: the shared device core (kernels/vulkan/vk_device_core.hpp)
// opened with one compute queue and the fp16 / int8 storage features the shaders need where the
// device has them; device-local buffers (uploaded through a staging buffer unless the memory is
// host-visible), pipelines with a few descriptor sets each, and the core's timed submits.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>

#include "kernels/vulkan/spirv_blobs.hpp"
#include "kernels/vulkan/vk_device_core.hpp"
#include "kernels/vulkan/vk_handles.hpp"
#include "kernels/vulkan/vk_pipeline.hpp"
#include "reports/result.hpp"

namespace rigcheck {

class ComputeDevice;

class ComputeBuffer {
 public:
  ComputeBuffer(const ComputeBuffer&) = delete;
  ComputeBuffer& operator=(const ComputeBuffer&) = delete;
  VkBuffer handle() const { return buffer_.handle(); }
  std::uint64_t size_bytes() const { return buffer_.size_bytes; }

 private:
  friend class ComputeDevice;
  explicit ComputeBuffer(VulkanBuffer buffer) : buffer_(std::move(buffer)) {}
  VulkanBuffer buffer_;  // mapped when the memory is host-visible (CPU devices, large BAR)
};

class ComputePipeline {
 public:
  ComputePipeline(const ComputePipeline&) = delete;
  ComputePipeline& operator=(const ComputePipeline&) = delete;
  // Points descriptor set `slot` at `buffers` (bindings 0..n-1). Only between submits.
  void bind(std::uint32_t slot, std::span<const ComputeBuffer* const> buffers);
  // Records bind + push constants + dispatch with descriptor set `slot`.
  void dispatch(VkCommandBuffer cmd, std::uint32_t slot, const void* push, std::uint32_t push_bytes,
                std::uint32_t groups_x, std::uint32_t groups_y, std::uint32_t groups_z) const;

 private:
  friend class ComputeDevice;
  ComputePipeline() = default;
  VulkanPipelineLayout layout_;  // members go in reverse order: sets, pipeline, then the layout
  VulkanPipelineHandle pipeline_;
  VulkanDescriptorSets sets_;
};

// A barrier between two dispatches of one submit: the second reads what the first wrote.
void compute_barrier(VkCommandBuffer cmd);

class ComputeDevice {
 public:
  static constexpr std::uint32_t kDescriptorSlots = 4;

  static Result<std::unique_ptr<ComputeDevice>> open(std::shared_ptr<VulkanInstance> instance, VkPhysicalDevice physical);
  // Opens device `index` of the instance's list (creates the instance).
  static Result<std::unique_ptr<ComputeDevice>> open_index(std::uint32_t index);
  ~ComputeDevice();
  ComputeDevice(const ComputeDevice&) = delete;
  ComputeDevice& operator=(const ComputeDevice&) = delete;

  VkDevice device() const { return core_->device(); }
  const VulkanDeviceCore& core() const { return *core_; }
  const VkPhysicalDeviceProperties& properties() const { return core_->properties(); }
  std::string name() const { return properties().deviceName; }
  bool is_cpu() const { return properties().deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU; }
  // Empty when the precision's shaders can run; otherwise why not ("device lacks shaderFloat16").
  const std::string& fp16_missing() const { return fp16_missing_; }
  const std::string& int8_missing() const { return int8_missing_; }
  bool lost() const { return core_->lost(); }

  Result<std::unique_ptr<ComputeBuffer>> make_buffer(std::uint64_t size_bytes);
  Result<bool> upload(ComputeBuffer& buffer, const void* data, std::uint64_t size_bytes);
  Result<bool> download(const ComputeBuffer& buffer, void* data, std::uint64_t size_bytes);
  // Several byte ranges of `buffer` in one copy, packed one after another into `data`.
  struct ByteRange {
    std::uint64_t offset_bytes = 0;
    std::uint64_t size_bytes = 0;
  };
  Result<bool> download_ranges(const ComputeBuffer& buffer, const std::vector<ByteRange>& ranges, void* data);
  Result<std::unique_ptr<ComputePipeline>> make_pipeline(SpirvBlob spirv, std::uint32_t binding_count,
                                                         std::uint32_t push_bytes);

  // Records `record` between two timestamps, submits, waits up to `timeout`; GPU seconds
  // (host seconds when the queue has no timestamps).
  Result<double> submit_timed(const std::function<void(VkCommandBuffer)>& record,
                              std::chrono::seconds timeout = VulkanDeviceCore::kFenceTimeout);

 private:
  ComputeDevice() = default;
  enum class BufferRole { device, upload, download };
  Result<std::unique_ptr<ComputeBuffer>> make_raw_buffer(std::uint64_t size_bytes, BufferRole role);

  std::unique_ptr<VulkanDeviceCore> core_;  // first: outlives every buffer and pipeline below
  std::uint32_t allowed_types_ = 0;         // memory types a storage buffer may use
  std::string fp16_missing_;
  std::string int8_missing_;
  std::unique_ptr<ComputeBuffer> download_staging_;  // reused by download(); freed before the device
};

}  // namespace rigcheck
