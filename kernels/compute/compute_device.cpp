#include "kernels/compute/compute_device.hpp"

#include <cstring>

#include <fmt/format.h>

#include "kernels/vulkan/vk_memory_types.hpp"

namespace rigcheck {

void ComputePipeline::bind(std::uint32_t slot, std::span<const ComputeBuffer* const> buffers) {
  std::vector<VkBuffer> handles;
  for (const auto* b : buffers) handles.push_back(b->handle());
  sets_.write(slot, handles);
}

void ComputePipeline::dispatch(VkCommandBuffer cmd, std::uint32_t slot, const void* push, std::uint32_t push_bytes,
                               std::uint32_t groups_x, std::uint32_t groups_y, std::uint32_t groups_z) const {
  record_dispatch(cmd, pipeline_.get(), layout_, sets_[slot], push, push_bytes, groups_x, groups_y, groups_z);
}

void compute_barrier(VkCommandBuffer cmd) {
  VkMemoryBarrier barrier{};
  barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
  barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
  barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1, &barrier,
                       0, nullptr, 0, nullptr);
}

Result<std::unique_ptr<ComputeDevice>> ComputeDevice::open_index(std::uint32_t index) {
  auto instance = VulkanInstance::create();
  if (!instance) return Error{instance.error()};
  auto physical = (*instance)->physical_device(index);
  if (!physical) return Error{physical.error()};
  return open(*instance, *physical);
}

Result<std::unique_ptr<ComputeDevice>> ComputeDevice::open(std::shared_ptr<VulkanInstance> instance,
                                                           VkPhysicalDevice physical) {
  std::unique_ptr<ComputeDevice> dev(new ComputeDevice());
  VkPhysicalDeviceProperties properties{};
  vkGetPhysicalDeviceProperties(physical, &properties);
  if (properties.apiVersion < VK_API_VERSION_1_1)
    return Error{"the device supports Vulkan 1.0 only: the compute shaders need 1.1"};

  // 16-bit storage is core in 1.1; 8-bit storage is core in 1.2 or VK_KHR_8bit_storage.
  const bool has_8bit =
      properties.apiVersion >= VK_API_VERSION_1_2 || has_device_extension(physical, VK_KHR_8BIT_STORAGE_EXTENSION_NAME);
  VkPhysicalDevice16BitStorageFeatures storage16{};
  storage16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
  VkPhysicalDevice8BitStorageFeaturesKHR storage8{};
  storage8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES_KHR;
  if (has_8bit) storage16.pNext = &storage8;
  VkPhysicalDeviceFeatures2 features{};
  features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
  features.pNext = &storage16;
  vkGetPhysicalDeviceFeatures2(physical, &features);
  // The shaders compute in fp32 / int32: only storage of the narrow types is needed.
  if (storage16.storageBuffer16BitAccess != VK_TRUE) dev->fp16_missing_ = "the device lacks storageBuffer16BitAccess";
  if (!has_8bit) dev->int8_missing_ = "the device has neither Vulkan 1.2 nor VK_KHR_8bit_storage";
  else if (storage8.storageBuffer8BitAccess != VK_TRUE) dev->int8_missing_ = "the device lacks storageBuffer8BitAccess";

  VkPhysicalDevice16BitStorageFeatures enable16{};
  enable16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
  enable16.storageBuffer16BitAccess = dev->fp16_missing_.empty() ? VK_TRUE : VK_FALSE;
  VkPhysicalDevice8BitStorageFeaturesKHR enable8{};
  enable8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES_KHR;
  enable8.storageBuffer8BitAccess = VK_TRUE;
  if (dev->int8_missing_.empty()) enable16.pNext = &enable8;
  VulkanDeviceRequest request;
  request.queue = VulkanQueueNeed::compute;
  request.feature_chain = &enable16;
  if (dev->int8_missing_.empty() && properties.apiVersion < VK_API_VERSION_1_2)
    request.extensions.push_back(VK_KHR_8BIT_STORAGE_EXTENSION_NAME);
  auto core = VulkanDeviceCore::open(std::move(instance), physical, request);
  if (!core) return Error{core.error()};
  dev->core_ = std::move(*core);
  auto allowed = allowed_memory_types(*dev->core_, VulkanBufferSpec{}.usage);
  if (!allowed) return Error{allowed.error()};
  dev->allowed_types_ = *allowed;
  return dev;
}

ComputeDevice::~ComputeDevice() {
  if (core_) core_->wait_idle();
}

Result<std::unique_ptr<ComputeBuffer>> ComputeDevice::make_raw_buffer(std::uint64_t size_bytes, BufferRole role) {
  if (lost()) return Error{VulkanDeviceCore::kLostMessage};
  const auto& limits = properties().limits;
  if (size_bytes > limits.maxStorageBufferRange)
    return Error{fmt::format("a {} byte buffer exceeds the device's maxStorageBufferRange ({} bytes)", size_bytes,
                             limits.maxStorageBufferRange)};
  // Staging: host-visible + coherent, cached for read-backs (vk_memory_types.hpp). Device buffers:
  // device-local, mapped too when host-visible.
  const auto& memory = core_->memory();
  const bool staging = role != BufferRole::device;
  int chosen = -1;
  if (staging) {
    chosen = pick_staging_memory_type(memory, allowed_types_,
                                      role == BufferRole::download ? StagingUse::download : StagingUse::upload, true);
  } else {
    chosen = pick_device_memory_type(memory, allowed_types_);
    if (chosen >= 0 && !(memory.memoryTypes[chosen].propertyFlags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)) chosen = -1;
  }
  if (chosen < 0) return Error{staging ? "no host-visible coherent memory type" : "no device-local memory type"};
  const auto flags = memory.memoryTypes[chosen].propertyFlags;
  const bool map = (flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && (flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
  VulkanBufferSpec spec;
  spec.size_bytes = size_bytes;
  spec.memory_type = static_cast<std::uint32_t>(chosen);
  spec.map = map;
  auto made = make_vulkan_buffer(*core_, spec);
  if (!made) return Error{made.error()};
  return std::unique_ptr<ComputeBuffer>(new ComputeBuffer(std::move(*made)));
}

Result<std::unique_ptr<ComputeBuffer>> ComputeDevice::make_buffer(std::uint64_t size_bytes) {
  return make_raw_buffer(size_bytes, BufferRole::device);
}

Result<bool> ComputeDevice::upload(ComputeBuffer& buffer, const void* data, std::uint64_t size_bytes) {
  if (buffer.buffer_.mapped) {
    std::memcpy(buffer.buffer_.mapped, data, size_bytes);
    return true;
  }
  auto staging = make_raw_buffer(size_bytes, BufferRole::upload);
  if (!staging) return Error{"staging buffer: " + staging.error()};
  std::memcpy((*staging)->buffer_.mapped, data, size_bytes);
  auto done = submit_timed([&](VkCommandBuffer cmd) {
    VkBufferCopy region{0, 0, size_bytes};
    vkCmdCopyBuffer(cmd, (*staging)->handle(), buffer.handle(), 1, &region);
  });
  if (!done) return Error{done.error()};
  return true;
}

Result<bool> ComputeDevice::download(const ComputeBuffer& buffer, void* data, std::uint64_t size_bytes) {
  return download_ranges(buffer, {{0, size_bytes}}, data);
}

Result<bool> ComputeDevice::download_ranges(const ComputeBuffer& buffer, const std::vector<ByteRange>& ranges,
                                            void* data) {
  std::uint64_t total_bytes = 0;
  for (const auto& range : ranges) total_bytes += range.size_bytes;
  auto* out = static_cast<unsigned char*>(data);
  if (buffer.buffer_.mapped) {
    const auto* mapped = reinterpret_cast<const unsigned char*>(buffer.buffer_.mapped);
    for (const auto& range : ranges) {
      std::memcpy(out, mapped + range.offset_bytes, range.size_bytes);
      out += range.size_bytes;
    }
    return true;
  }
  // One read-back buffer, kept and grown as needed: a sustained load reads back every few seconds,
  // and allocating each time would idle the GPU for longer than the copy.
  if (!download_staging_ || download_staging_->size_bytes() < total_bytes) {
    download_staging_.reset();
    auto staging = make_raw_buffer(total_bytes, BufferRole::download);
    if (!staging) return Error{"staging buffer: " + staging.error()};
    download_staging_ = std::move(*staging);
  }
  std::vector<VkBufferCopy> regions;
  std::uint64_t packed_bytes = 0;
  for (const auto& range : ranges) {
    regions.push_back({range.offset_bytes, packed_bytes, range.size_bytes});
    packed_bytes += range.size_bytes;
  }
  auto done = submit_timed([&](VkCommandBuffer cmd) {
    vkCmdCopyBuffer(cmd, buffer.handle(), download_staging_->handle(), static_cast<std::uint32_t>(regions.size()),
                    regions.data());
  });
  if (!done) return Error{done.error()};
  std::memcpy(data, download_staging_->buffer_.mapped, total_bytes);
  return true;
}

Result<std::unique_ptr<ComputePipeline>> ComputeDevice::make_pipeline(SpirvBlob spirv, std::uint32_t binding_count,
                                                                      std::uint32_t push_bytes) {
  if (lost()) return Error{VulkanDeviceCore::kLostMessage};
  std::unique_ptr<ComputePipeline> p(new ComputePipeline());
  auto layout = make_pipeline_layout(*core_, binding_count, push_bytes);
  if (!layout) return Error{layout.error()};
  p->layout_ = std::move(*layout);
  auto pipeline = make_compute_pipeline(*core_, p->layout_, spirv);
  if (!pipeline) return Error{pipeline.error()};
  p->pipeline_ = std::move(*pipeline);
  auto sets = VulkanDescriptorSets::create(*core_, p->layout_, kDescriptorSlots);
  if (!sets) return Error{sets.error()};
  p->sets_ = std::move(*sets);
  return p;
}

Result<double> ComputeDevice::submit_timed(const std::function<void(VkCommandBuffer)>& record,
                                           std::chrono::seconds timeout) {
  return core_->submit_timed(record, timeout);
}

}  // namespace rigcheck
