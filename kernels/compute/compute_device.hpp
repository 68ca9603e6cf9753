#pragma once
// A Vulkan device for GEMM and attention: one compute queue, the fp16 / int8 features the shaders
// need where the device has them, device-local buffers (uploaded through a staging buffer unless
// the memory is host-visible), pipelines with a few descriptor sets each, and timed submits
// (GPU timestamps, fence timeout). Reuses VulkanInstance from kernels/vulkan/.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>

#include "kernels/vulkan/spirv_blobs.hpp"
#include "kernels/vulkan/vk_instance.hpp"
#include "reports/result.hpp"

namespace rigcheck {

class ComputeDevice;

class ComputeBuffer {
 public:
  ~ComputeBuffer();
  ComputeBuffer(const ComputeBuffer&) = delete;
  ComputeBuffer& operator=(const ComputeBuffer&) = delete;
  VkBuffer handle() const { return buffer_; }
  std::uint64_t size_bytes() const { return size_bytes_; }

 private:
  friend class ComputeDevice;
  ComputeBuffer() = default;
  const ComputeDevice* owner_ = nullptr;
  VkBuffer buffer_ = VK_NULL_HANDLE;
  VkDeviceMemory memory_ = VK_NULL_HANDLE;
  std::uint64_t size_bytes_ = 0;
  void* mapped_ = nullptr;  // set when the memory is host-visible (CPU devices, large BAR)
};

class ComputePipeline {
 public:
  ~ComputePipeline();
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
  const ComputeDevice* owner_ = nullptr;
  std::uint32_t binding_count_ = 0;
  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkPipelineLayout layout_ = VK_NULL_HANDLE;
  VkPipeline pipeline_ = VK_NULL_HANDLE;
  VkDescriptorPool pool_ = VK_NULL_HANDLE;
  std::vector<VkDescriptorSet> sets_;
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

  VkDevice device() const { return device_; }
  const VkPhysicalDeviceProperties& properties() const { return properties_; }
  std::string name() const { return properties_.deviceName; }
  bool is_cpu() const { return properties_.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU; }
  // Empty when the precision's shaders can run; otherwise why not ("device lacks shaderFloat16").
  const std::string& fp16_missing() const { return fp16_missing_; }
  const std::string& int8_missing() const { return int8_missing_; }
  bool lost() const { return lost_; }

  Result<std::unique_ptr<ComputeBuffer>> make_buffer(std::uint64_t size_bytes);
  Result<bool> upload(ComputeBuffer& buffer, const void* data, std::uint64_t size_bytes);
  Result<bool> download(const ComputeBuffer& buffer, void* data, std::uint64_t size_bytes);
  Result<std::unique_ptr<ComputePipeline>> make_pipeline(SpirvBlob spirv, std::uint32_t binding_count,
                                                         std::uint32_t push_bytes);

  // Records `record` between two timestamps, submits, waits up to `timeout`; GPU seconds
  // (host seconds when the queue has no timestamps).
  Result<double> submit_timed(const std::function<void(VkCommandBuffer)>& record,
                              std::chrono::seconds timeout = std::chrono::seconds(120));

 private:
  ComputeDevice() = default;
  enum class BufferRole { device, upload, download };
  Result<std::unique_ptr<ComputeBuffer>> make_raw_buffer(std::uint64_t size_bytes, BufferRole role);

  std::shared_ptr<VulkanInstance> instance_;
  VkPhysicalDevice physical_ = VK_NULL_HANDLE;
  VkPhysicalDeviceProperties properties_{};
  VkPhysicalDeviceMemoryProperties memory_{};
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  VkCommandPool command_pool_ = VK_NULL_HANDLE;
  VkCommandBuffer cmd_ = VK_NULL_HANDLE;
  VkFence fence_ = VK_NULL_HANDLE;
  VkQueryPool query_pool_ = VK_NULL_HANDLE;
  std::uint64_t timestamp_mask_ = 0;
  std::string fp16_missing_;
  std::string int8_missing_;
  std::unique_ptr<ComputeBuffer> download_staging_;  // reused by download(); freed before the device
  bool lost_ = false;
};

}  // namespace rigcheck
