#include "kernels/compute/compute_device.hpp"

#include <cstring>

#include <fmt/format.h>

#include "kernels/vulkan/vk_check.hpp"
#include "kernels/vulkan/vk_memory_types.hpp"
#include "kernels/vulkan/vk_sync.hpp"

namespace rigcheck {
namespace {

constexpr const char* kLostMessage = "the device stopped answering earlier in this run";

}  // namespace

ComputeBuffer::~ComputeBuffer() {
  if (!owner_ || owner_->lost()) return;  // the GPU may still use it: leak rather than corrupt
  if (mapped_) vkUnmapMemory(owner_->device(), memory_);
  if (buffer_ != VK_NULL_HANDLE) vkDestroyBuffer(owner_->device(), buffer_, nullptr);
  if (memory_ != VK_NULL_HANDLE) vkFreeMemory(owner_->device(), memory_, nullptr);
}

ComputePipeline::~ComputePipeline() {
  if (!owner_ || owner_->lost()) return;
  VkDevice d = owner_->device();
  if (pool_ != VK_NULL_HANDLE) vkDestroyDescriptorPool(d, pool_, nullptr);
  if (pipeline_ != VK_NULL_HANDLE) vkDestroyPipeline(d, pipeline_, nullptr);
  if (layout_ != VK_NULL_HANDLE) vkDestroyPipelineLayout(d, layout_, nullptr);
  if (set_layout_ != VK_NULL_HANDLE) vkDestroyDescriptorSetLayout(d, set_layout_, nullptr);
}

void ComputePipeline::bind(std::uint32_t slot, std::span<const ComputeBuffer* const> buffers) {
  std::vector<VkDescriptorBufferInfo> infos(buffers.size());
  std::vector<VkWriteDescriptorSet> writes(buffers.size());
  for (std::size_t i = 0; i < buffers.size(); ++i) {
    infos[i] = {buffers[i]->handle(), 0, VK_WHOLE_SIZE};
    writes[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
    writes[i].dstSet = sets_.at(slot);
    writes[i].dstBinding = static_cast<std::uint32_t>(i);
    writes[i].descriptorCount = 1;
    writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[i].pBufferInfo = &infos[i];
  }
  vkUpdateDescriptorSets(owner_->device(), static_cast<std::uint32_t>(writes.size()), writes.data(), 0, nullptr);
}

void ComputePipeline::dispatch(VkCommandBuffer cmd, std::uint32_t slot, const void* push, std::uint32_t push_bytes,
                               std::uint32_t groups_x, std::uint32_t groups_y, std::uint32_t groups_z) const {
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_);
  vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout_, 0, 1, &sets_.at(slot), 0, nullptr);
  vkCmdPushConstants(cmd, layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, push_bytes, push);
  vkCmdDispatch(cmd, groups_x, groups_y, groups_z);
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
  auto devices = (*instance)->physical_devices();
  if (!devices) return Error{devices.error()};
  if (index >= devices->size()) return Error{fmt::format("no Vulkan device {} ({} found)", index, devices->size())};
  return open(*instance, (*devices)[index]);
}

Result<std::unique_ptr<ComputeDevice>> ComputeDevice::open(std::shared_ptr<VulkanInstance> instance,
                                                           VkPhysicalDevice physical) {
  std::unique_ptr<ComputeDevice> dev(new ComputeDevice());
  dev->instance_ = std::move(instance);
  dev->physical_ = physical;
  vkGetPhysicalDeviceProperties(physical, &dev->properties_);
  vkGetPhysicalDeviceMemoryProperties(physical, &dev->memory_);
  if (dev->properties_.apiVersion < VK_API_VERSION_1_1)
    return Error{"the device supports Vulkan 1.0 only: the compute shaders need 1.1"};

  // 16-bit storage is core in 1.1; 8-bit storage is core in 1.2 or VK_KHR_8bit_storage.
  const bool has_8bit = dev->properties_.apiVersion >= VK_API_VERSION_1_2 ||
                        has_device_extension(physical, VK_KHR_8BIT_STORAGE_EXTENSION_NAME);
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

  std::uint32_t family_count = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &family_count, nullptr);
  std::vector<VkQueueFamilyProperties> families(family_count);
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &family_count, families.data());
  std::uint32_t family = UINT32_MAX;
  for (std::uint32_t i = 0; i < family_count; ++i) {
    if ((families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) == 0) continue;
    if (family == UINT32_MAX || (families[family].timestampValidBits == 0 && families[i].timestampValidBits > 0))
      family = i;
  }
  if (family == UINT32_MAX) return Error{"the device has no compute queue"};
  const std::uint32_t valid_bits = families[family].timestampValidBits;
  dev->timestamp_mask_ = timestamp_mask(valid_bits);

  const float priority = 1.0f;
  VkDeviceQueueCreateInfo queue_info{};
  queue_info.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
  queue_info.queueFamilyIndex = family;
  queue_info.queueCount = 1;
  queue_info.pQueuePriorities = &priority;

  VkPhysicalDevice16BitStorageFeatures enable16{};
  enable16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
  enable16.storageBuffer16BitAccess = dev->fp16_missing_.empty() ? VK_TRUE : VK_FALSE;
  VkPhysicalDevice8BitStorageFeaturesKHR enable8{};
  enable8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES_KHR;
  enable8.storageBuffer8BitAccess = VK_TRUE;
  if (dev->int8_missing_.empty()) enable16.pNext = &enable8;
  std::vector<const char*> extensions;
  if (dev->int8_missing_.empty() && dev->properties_.apiVersion < VK_API_VERSION_1_2)
    extensions.push_back(VK_KHR_8BIT_STORAGE_EXTENSION_NAME);

  VkDeviceCreateInfo device_info{};
  device_info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
  device_info.pNext = &enable16;
  device_info.queueCreateInfoCount = 1;
  device_info.pQueueCreateInfos = &queue_info;
  device_info.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
  device_info.ppEnabledExtensionNames = extensions.data();
  if (auto rc = vkCreateDevice(physical, &device_info, nullptr, &dev->device_); rc != VK_SUCCESS)
    return vk_error("vkCreateDevice", rc);
  vkGetDeviceQueue(dev->device_, family, 0, &dev->queue_);

  VkCommandPoolCreateInfo pool_info{};
  pool_info.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
  pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pool_info.queueFamilyIndex = family;
  if (auto rc = vkCreateCommandPool(dev->device_, &pool_info, nullptr, &dev->command_pool_); rc != VK_SUCCESS)
    return vk_error("vkCreateCommandPool", rc);
  VkCommandBufferAllocateInfo cmd_info{};
  cmd_info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
  cmd_info.commandPool = dev->command_pool_;
  cmd_info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  cmd_info.commandBufferCount = 1;
  if (auto rc = vkAllocateCommandBuffers(dev->device_, &cmd_info, &dev->cmd_); rc != VK_SUCCESS)
    return vk_error("vkAllocateCommandBuffers", rc);
  auto fence = create_fence(dev->device_);
  if (!fence) return Error{fence.error()};
  dev->fence_ = *fence;
  auto pool = create_timestamp_pair_pool(dev->device_, valid_bits);
  if (!pool) return Error{pool.error()};
  dev->query_pool_ = *pool;
  return dev;
}

ComputeDevice::~ComputeDevice() {
  if (device_ == VK_NULL_HANDLE || lost_) return;
  vkDeviceWaitIdle(device_);
  download_staging_.reset();
  if (query_pool_ != VK_NULL_HANDLE) vkDestroyQueryPool(device_, query_pool_, nullptr);
  if (fence_ != VK_NULL_HANDLE) vkDestroyFence(device_, fence_, nullptr);
  if (command_pool_ != VK_NULL_HANDLE) vkDestroyCommandPool(device_, command_pool_, nullptr);
  vkDestroyDevice(device_, nullptr);
}

Result<std::unique_ptr<ComputeBuffer>> ComputeDevice::make_raw_buffer(std::uint64_t size_bytes, BufferRole role) {
  if (lost_) return Error{kLostMessage};
  if (size_bytes > properties_.limits.maxStorageBufferRange)
    return Error{fmt::format("a {} byte buffer exceeds the device's maxStorageBufferRange ({} bytes)", size_bytes,
                             properties_.limits.maxStorageBufferRange)};
  std::unique_ptr<ComputeBuffer> buf(new ComputeBuffer());
  buf->owner_ = this;
  buf->size_bytes_ = size_bytes;
  VkBufferCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
  info.size = size_bytes;
  info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  if (auto rc = vkCreateBuffer(device_, &info, nullptr, &buf->buffer_); rc != VK_SUCCESS)
    return vk_error("vkCreateBuffer", rc);
  VkMemoryRequirements req{};
  vkGetBufferMemoryRequirements(device_, buf->buffer_, &req);
  // Staging: host-visible + coherent, cached for read-backs (vk_memory_types.hpp). Device buffers:
  // device-local, mapped too when host-visible.
  const bool staging = role != BufferRole::device;
  int chosen = -1;
  if (staging) {
    chosen = pick_staging_memory_type(memory_, req.memoryTypeBits,
                                      role == BufferRole::download ? StagingUse::download : StagingUse::upload, true);
  } else {
    for (std::uint32_t t = 0; t < memory_.memoryTypeCount && chosen < 0; ++t)
      if ((req.memoryTypeBits & (1u << t)) != 0 && (memory_.memoryTypes[t].propertyFlags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT))
        chosen = static_cast<int>(t);
  }
  if (chosen < 0) return Error{staging ? "no host-visible coherent memory type" : "no device-local memory type"};
  VkMemoryAllocateInfo alloc{};
  alloc.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex = static_cast<std::uint32_t>(chosen);
  if (auto rc = vkAllocateMemory(device_, &alloc, nullptr, &buf->memory_); rc != VK_SUCCESS)
    return vk_error("vkAllocateMemory", rc);
  if (auto rc = vkBindBufferMemory(device_, buf->buffer_, buf->memory_, 0); rc != VK_SUCCESS)
    return vk_error("vkBindBufferMemory", rc);
  const auto flags = memory_.memoryTypes[chosen].propertyFlags;
  if ((flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && (flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT)) {
    if (auto rc = vkMapMemory(device_, buf->memory_, 0, VK_WHOLE_SIZE, 0, &buf->mapped_); rc != VK_SUCCESS)
      return vk_error("vkMapMemory", rc);
  }
  return buf;
}

Result<std::unique_ptr<ComputeBuffer>> ComputeDevice::make_buffer(std::uint64_t size_bytes) {
  return make_raw_buffer(size_bytes, BufferRole::device);
}

Result<bool> ComputeDevice::upload(ComputeBuffer& buffer, const void* data, std::uint64_t size_bytes) {
  if (buffer.mapped_) {
    std::memcpy(buffer.mapped_, data, size_bytes);
    return true;
  }
  auto staging = make_raw_buffer(size_bytes, BufferRole::upload);
  if (!staging) return Error{"staging buffer: " + staging.error()};
  std::memcpy((*staging)->mapped_, data, size_bytes);
  auto done = submit_timed([&](VkCommandBuffer cmd) {
    VkBufferCopy region{0, 0, size_bytes};
    vkCmdCopyBuffer(cmd, (*staging)->buffer_, buffer.buffer_, 1, &region);
  });
  if (!done) return Error{done.error()};
  return true;
}

Result<bool> ComputeDevice::download(const ComputeBuffer& buffer, void* data, std::uint64_t size_bytes) {
  if (buffer.mapped_) {
    std::memcpy(data, buffer.mapped_, size_bytes);
    return true;
  }
  // One read-back buffer, kept and grown as needed: a sustained load reads back every few seconds,
  // and allocating each time would idle the GPU for longer than the copy.
  if (!download_staging_ || download_staging_->size_bytes_ < size_bytes) {
    download_staging_.reset();
    auto staging = make_raw_buffer(size_bytes, BufferRole::download);
    if (!staging) return Error{"staging buffer: " + staging.error()};
    download_staging_ = std::move(*staging);
  }
  auto done = submit_timed([&](VkCommandBuffer cmd) {
    VkBufferCopy region{0, 0, size_bytes};
    vkCmdCopyBuffer(cmd, buffer.buffer_, download_staging_->buffer_, 1, &region);
  });
  if (!done) return Error{done.error()};
  std::memcpy(data, download_staging_->mapped_, size_bytes);
  return true;
}

Result<std::unique_ptr<ComputePipeline>> ComputeDevice::make_pipeline(SpirvBlob spirv, std::uint32_t binding_count,
                                                                      std::uint32_t push_bytes) {
  if (lost_) return Error{kLostMessage};
  std::unique_ptr<ComputePipeline> p(new ComputePipeline());
  p->owner_ = this;
  p->binding_count_ = binding_count;
  std::vector<VkDescriptorSetLayoutBinding> bindings(binding_count);
  for (std::uint32_t b = 0; b < binding_count; ++b) {
    bindings[b].binding = b;
    bindings[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    bindings[b].descriptorCount = 1;
    bindings[b].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
  }
  VkDescriptorSetLayoutCreateInfo set_info{};
  set_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
  set_info.bindingCount = binding_count;
  set_info.pBindings = bindings.data();
  if (auto rc = vkCreateDescriptorSetLayout(device_, &set_info, nullptr, &p->set_layout_); rc != VK_SUCCESS)
    return vk_error("vkCreateDescriptorSetLayout", rc);
  VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, push_bytes};
  VkPipelineLayoutCreateInfo layout_info{};
  layout_info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
  layout_info.setLayoutCount = 1;
  layout_info.pSetLayouts = &p->set_layout_;
  layout_info.pushConstantRangeCount = 1;
  layout_info.pPushConstantRanges = &range;
  if (auto rc = vkCreatePipelineLayout(device_, &layout_info, nullptr, &p->layout_); rc != VK_SUCCESS)
    return vk_error("vkCreatePipelineLayout", rc);

  VkShaderModuleCreateInfo module_info{};
  module_info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
  module_info.codeSize = spirv.word_count * sizeof(std::uint32_t);
  module_info.pCode = spirv.words;
  VkShaderModule module = VK_NULL_HANDLE;
  if (auto rc = vkCreateShaderModule(device_, &module_info, nullptr, &module); rc != VK_SUCCESS)
    return vk_error("vkCreateShaderModule", rc);
  VkComputePipelineCreateInfo pipeline_info{};
  pipeline_info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
  pipeline_info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  pipeline_info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  pipeline_info.stage.module = module;
  pipeline_info.stage.pName = "main";
  pipeline_info.layout = p->layout_;
  const VkResult created = vkCreateComputePipelines(device_, VK_NULL_HANDLE, 1, &pipeline_info, nullptr, &p->pipeline_);
  vkDestroyShaderModule(device_, module, nullptr);
  if (created != VK_SUCCESS) return vk_error("vkCreateComputePipelines", created);

  VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, binding_count * kDescriptorSlots};
  VkDescriptorPoolCreateInfo pool_info{};
  pool_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
  pool_info.maxSets = kDescriptorSlots;
  pool_info.poolSizeCount = 1;
  pool_info.pPoolSizes = &size;
  if (auto rc = vkCreateDescriptorPool(device_, &pool_info, nullptr, &p->pool_); rc != VK_SUCCESS)
    return vk_error("vkCreateDescriptorPool", rc);
  std::vector<VkDescriptorSetLayout> layouts(kDescriptorSlots, p->set_layout_);
  p->sets_.resize(kDescriptorSlots);
  VkDescriptorSetAllocateInfo alloc{};
  alloc.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
  alloc.descriptorPool = p->pool_;
  alloc.descriptorSetCount = kDescriptorSlots;
  alloc.pSetLayouts = layouts.data();
  if (auto rc = vkAllocateDescriptorSets(device_, &alloc, p->sets_.data()); rc != VK_SUCCESS)
    return vk_error("vkAllocateDescriptorSets", rc);
  return p;
}

Result<double> ComputeDevice::submit_timed(const std::function<void(VkCommandBuffer)>& record,
                                           std::chrono::seconds timeout) {
  if (lost_) return Error{kLostMessage};
  return submit_timed_and_wait({device_, queue_, cmd_, fence_, query_pool_, timestamp_mask_,
                                static_cast<double>(properties_.limits.timestampPeriod)},
                               record, timeout, lost_);
}

}  // namespace rigcheck
